package org.lenetlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lenetlab.data.MnistTestData;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.results.ResultsWriter;
import org.lenetlab.train.EpochResult;

/** End to end through {@code lenet run} on the real MNIST files and the CPU backend. */
class TrainingOnMnistTest {
    @TempDir
    static Path dir;

    static Path dataDir;

    @BeforeAll
    static void data() {
        dataDir = MnistTestData.directory();
    }

    private static Path spec(String name, String training, String seeds) throws IOException {
        Path model = Path.of("specs/models/lenet5-relu-maxpool-padded.json").toAbsolutePath();
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, """
                {"experiment": "%s", "models": ["%s"], "training": %s, "seeds": %s}
                """.formatted(name, model.toString().replace("\\", "/"), training, seeds));
        return file;
    }

    private static ResultsFile run(Path spec, String... extra) throws IOException {
        Path out = dir.resolve(spec.getFileName().toString().replace(".json", "") + "-" + System.nanoTime());
        List<String> args = new java.util.ArrayList<>(List.of("run", spec.toString(), "--out", out.toString(),
                "--data-dir", dataDir.toString()));
        args.addAll(List.of(extra));
        Cli cli = Cli.run(args.toArray(String[]::new));
        assertEquals(0, cli.exitCode(), cli.out() + cli.err());
        Path report = out.resolve("report.html");
        assertTrue(Files.isRegularFile(report), "report.html written");
        assertTrue(cli.out().contains("report: " + report), cli.out());
        ResultsFile results = ResultsWriter.read(out.resolve(ResultsWriter.FILE_NAME));
        assertTrue(Files.readString(report).contains(results.experiment()));
        return results;
    }

    /**
     * One epoch of relu-maxpool-padded (Adam 0.001, batch 64, all 60,000 images) reaches PyTorch's level (97.17%
     * after one epoch with its seed 0). One seed alone is a noisy measure: seeds 0 to 3 span about 0.6 points, so the
     * claim is tested on their mean, which must be at least 97.0%.
     */
    @Test
    void oneEpochOfReluMaxpoolPaddedReaches97PercentOnAverageOverFourSeeds() throws IOException {
        ResultsFile results = run(spec("one-epoch", """
                {"epochs": 1, "batchSize": 64, "optimizer": "adam", "learningRate": 0.001}
                """, "[0, 1, 2, 3]"));
        assertEquals(4, results.cells().size());
        double sum = 0;
        StringBuilder each = new StringBuilder();
        for (CellResult cell : results.cells()) {
            assertEquals(CellStatus.OK, cell.status(), cell.reason());
            assertEquals(61_706, cell.parameters().trainable());
            sum += cell.testAccuracy();
            each.append(String.format(java.util.Locale.ROOT, " seed %d: %.2f%%", cell.seed(), cell.testAccuracy() * 100));
            int total = 0;
            int correct = 0;
            for (int t = 0; t < 10; t++) {
                for (int p = 0; p < 10; p++) {
                    total += cell.confusionMatrix().get(t).get(p);
                    correct += t == p ? cell.confusionMatrix().get(t).get(p) : 0;
                }
            }
            assertEquals(10_000, total);
            assertEquals(cell.testAccuracy(), correct / 10_000.0, 1e-12);
            assertEquals(10_000 - correct, cell.misclassified().size());
            assertEquals(cell.misclassified().size(), cell.misclassifiedAs().size());
        }
        double mean = sum / results.cells().size();
        System.out.printf(java.util.Locale.ROOT, "one epoch, relu-maxpool-padded:%s; mean %.3f%%%n", each, mean * 100);
        assertTrue(mean >= 0.970, "mean test accuracy " + mean + " over" + each);
        assertEquals(64, results.specSha256().length());
        assertEquals(4, results.data().size());
    }

    @Test
    void aDivergingCellFailsWithItsReasonAndTheMatrixGoesOnUnlessFailFast() throws IOException {
        Path spec = spec("diverge", "{\"epochs\": 1, \"batchSize\": 64, \"optimizer\": \"sgd\", \"learningRate\": [1000000, 0.01]}",
                "[0]");
        for (boolean failFast : new boolean[] {false, true}) {
            Path out = dir.resolve("diverge-" + failFast);
            List<String> args = new java.util.ArrayList<>(List.of("run", spec.toString(), "--out", out.toString(),
                    "--data-dir", dataDir.toString(), "--limit-train", "1000"));
            if (failFast) {
                args.add("--fail-fast");
            }
            Cli cli = Cli.run(args.toArray(String[]::new));
            assertEquals(1, cli.exitCode(), cli.out() + cli.err());
            ResultsFile results = ResultsWriter.read(out.resolve(ResultsWriter.FILE_NAME));
            CellResult diverged = results.cells().get(0);
            assertEquals(CellStatus.FAILED, diverged.status());
            assertTrue(diverged.reason().matches("training diverged: loss (NaN|-?Infinity) at epoch 1, batch \\d+"),
                    diverged.reason());
            assertEquals(failFast ? 1 : 2, results.cells().size());
            if (!failFast) {
                assertEquals(CellStatus.OK, results.cells().get(1).status());
            }
        }
    }

    @Test
    void sameSeedGivesIdenticalLossesAndOtherSeedDoesNot() throws IOException {
        Path spec = spec("determinism", """
                {"epochs": 2, "batchSize": 32, "optimizer": "sgd", "learningRate": 0.05, "momentum": 0.9}
                """, "[3, 4]");
        ResultsFile a = run(spec, "--limit-train", "3000");
        ResultsFile b = run(spec, "--limit-train", "3000");
        for (int c = 0; c < 2; c++) {
            List<EpochResult> ea = a.cells().get(c).epochs();
            List<EpochResult> eb = b.cells().get(c).epochs();
            for (int e = 0; e < ea.size(); e++) {
                assertEquals(ea.get(e).trainLoss(), eb.get(e).trainLoss(), 0.0);
                assertEquals(ea.get(e).testLoss(), eb.get(e).testLoss(), 0.0);
                assertEquals(ea.get(e).testAccuracy(), eb.get(e).testAccuracy(), 0.0);
            }
        }
        assertNotEquals(a.cells().get(0).epochs().get(0).trainLoss(), a.cells().get(1).epochs().get(0).trainLoss());
    }
}
