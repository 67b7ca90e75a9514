package org.lenetlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lenetlab.data.MnistTestData;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.results.ResultsWriter;

/**
 * The two CPU backends through {@code lenet run} on the real MNIST files: a matrix with
 * {@code "backends": ["cpu", "nd4j"]} finds both plugins, runs every cell on each, and after one epoch (on the first
 * 10,000 training images, evaluated on the whole test set) their test accuracies agree within the seeds' spread:
 * the two backends' mean accuracies, and each seed's pair, differ by less than the largest range of accuracies over
 * the seeds on either backend.
 */
class BackendComparisonTest {
    @TempDir
    static Path dir;

    @Test
    void oneEpochTestAccuraciesAgreeWithinTheSeedsSpread() throws IOException {
        Path model = Path.of("specs/models/lenet5-relu-maxpool.json").toAbsolutePath();
        Path spec = dir.resolve("two-cpu-backends.json");
        Files.writeString(spec, """
                {"experiment": "two-cpu-backends", "models": ["%s"],
                 "training": {"epochs": 1, "batchSize": 64, "optimizer": "adam", "learningRate": 0.001},
                 "seeds": [0, 1, 2], "backends": ["cpu", "nd4j"]}
                """.formatted(model.toString().replace("\\", "/")));
        Path out = dir.resolve("out");
        Cli cli = Cli.run("run", spec.toString(), "--out", out.toString(), "--data-dir",
                MnistTestData.directory().toString(), "--limit-train", "10000");
        assertEquals(0, cli.exitCode(), cli.out() + cli.err());
        ResultsFile results = ResultsWriter.read(out.resolve(ResultsWriter.FILE_NAME));
        assertEquals(6, results.cells().size());
        List<Double> cpu = new ArrayList<>();
        List<Double> nd4j = new ArrayList<>();
        for (CellResult cell : results.cells()) {
            assertEquals(CellStatus.OK, cell.status(), cell.reason());
            assertEquals(44_426, cell.parameters().trainable());
            if (cell.backend().equals("nd4j")) {
                assertTrue(cell.device().contains("ND4J ops for every layer"), cell.device());
                nd4j.add(cell.testAccuracy());
            } else {
                assertEquals("cpu", cell.backend());
                cpu.add(cell.testAccuracy());
            }
        }
        DoubleSummaryStatistics a = cpu.stream().mapToDouble(Double::doubleValue).summaryStatistics();
        DoubleSummaryStatistics b = nd4j.stream().mapToDouble(Double::doubleValue).summaryStatistics();
        double spread = Math.max(a.getMax() - a.getMin(), b.getMax() - b.getMin());
        String seen = String.format(Locale.ROOT, "cpu %s, nd4j %s, spread %.4f", cpu, nd4j, spread);
        System.out.println("one epoch, relu-maxpool, 10,000 images: " + seen);
        assertTrue(spread > 0, "the seeds give different accuracies: " + seen);
        assertTrue(Math.abs(a.getAverage() - b.getAverage()) < spread, "means within the spread: " + seen);
        for (int s = 0; s < cpu.size(); s++) {
            assertTrue(Math.abs(cpu.get(s) - nd4j.get(s)) < spread, "seed " + s + " within the spread: " + seen);
        }
    }
}
