package org.lenetlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/**
 * Models with training settings of their own, through {@code lenet run} on the cpu backend and real MNIST: each
 * cell of the combined experiment trains exactly as the same model in an experiment of its own (the same settings,
 * the same cell id, the same weights, bit for bit), as paper-table.json relies on; the combined run resumes; a bad
 * entry is one line with its JSON path, exit 2, nothing written.
 */
class ModelTrainingCellsTest {
    private static final String TINY = """
            {"name": "%s", "layers": [
              {"type": "convolution", "name": "conv1", "filters": 2, "kernel": 5},
              {"type": "activation", "name": "relu1", "function": "relu"},
              {"type": "max-pooling", "name": "pool1", "size": 2},
              {"type": "flatten", "name": "flat"},
              {"type": "dense", "name": "fc1", "units": 10}]}""";
    private static final String AUGMENTATION = "{\"name\": \"shifted\", \"translate\": 2, \"shear\": 0.2}";

    @TempDir
    static Path dir;

    static Path dataDir;

    @BeforeAll
    static void data() throws IOException {
        dataDir = MnistTestData.directory();
        Files.writeString(dir.resolve("a.json"), TINY.formatted("a"));
        Files.writeString(dir.resolve("b.json"), TINY.formatted("b"));
    }

    private static Path experiment(String name, String models, String training) throws IOException {
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, """
                {"experiment": "%s", "models": [%s],
                 "training": %s,
                 "seeds": [3]}
                """.formatted(name, models, training));
        return file;
    }

    private static Cli run(Path spec, Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("run", spec.toString(), "--out", out.toString(),
                "--data-dir", dataDir.toString(), "--limit-train", "600"));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    private static List<CellResult> cells(Path out) throws IOException {
        ResultsFile results = ResultsWriter.read(out.resolve(ResultsWriter.FILE_NAME));
        for (CellResult c : results.cells()) {
            assertEquals(CellStatus.OK, c.status(), c.id() + ": " + c.reason());
        }
        return results.cells();
    }

    @Test
    void eachModelTrainsAsInAnExperimentOfItsOwn() throws IOException {
        String common = "{\"epochs\": 2, \"batchSize\": 16, \"optimizer\": \"sgd\", \"learningRate\": 0.1, \"momentum\": 0.9}";
        Path a = experiment("a-alone", "\"a.json\"", common.replace("\"learningRate\": 0.1", "\"learningRate\": 0.03"));
        Path b = experiment("b-alone", "\"b.json\"", common.replace("}", ", \"augmentation\": " + AUGMENTATION + "}"));
        Path both = experiment("both", "{\"model\": \"a.json\", \"training\": {\"learningRate\": 0.03}},"
                + " {\"model\": \"b.json\", \"training\": {\"augmentation\": " + AUGMENTATION + "}}", common);

        Cli validate = Cli.run("validate", both.toString());
        assertEquals(0, validate.exitCode(), validate.out() + validate.err());
        assertTrue(validate.out().contains("2 models, 2 cells"), validate.out());

        for (Path spec : List.of(a, b, both)) {
            Cli cli = run(spec, dir.resolve("out-" + spec.getFileName()));
            assertEquals(0, cli.exitCode(), cli.out() + cli.err());
        }
        CellResult aAlone = cells(dir.resolve("out-a-alone.json")).get(0);
        CellResult bAlone = cells(dir.resolve("out-b-alone.json")).get(0);
        List<CellResult> combined = cells(dir.resolve("out-both.json"));
        assertEquals(List.of("a/cpu/seed=3", "b/cpu/seed=3"), combined.stream().map(CellResult::id).toList());
        assertEquals(aAlone.id(), combined.get(0).id());
        assertEquals(aAlone.settings(), combined.get(0).settings());
        assertEquals(aAlone.weightsSha256(), combined.get(0).weightsSha256(), "a: the same weights, bit for bit");
        assertEquals(aAlone.testAccuracy(), combined.get(0).testAccuracy());
        assertEquals(bAlone.settings(), combined.get(1).settings());
        assertEquals(bAlone.weightsSha256(), combined.get(1).weightsSha256(), "b: the same weights, bit for bit");
        // and the settings matter: a trained with the experiment's learning rate, b without its distortions differ
        assertEquals(0.03, combined.get(0).settings().learningRate());
        assertEquals(0.1, combined.get(1).settings().learningRate());
        assertNotEquals(combined.get(0).weightsSha256(), combined.get(1).weightsSha256());

        // the combined run resumes: both cells are kept, nothing is trained again
        Cli resumed = run(both, dir.resolve("out-both.json"), "--resume");
        assertEquals(0, resumed.exitCode(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("a/cpu/seed=3: kept from the run being resumed"), resumed.out());
        assertTrue(resumed.out().contains("b/cpu/seed=3: kept from the run being resumed"), resumed.out());
        assertEquals(combined.stream().map(CellResult::weightsSha256).toList(),
                cells(dir.resolve("out-both.json")).stream().map(CellResult::weightsSha256).toList());
    }

    @Test
    void aBadEntryIsOneLineWithItsPathAndExitTwo() throws IOException {
        Path bad = experiment("bad", "{\"model\": \"a.json\", \"training\": {\"mu\": -0.5}}",
                "{\"epochs\": 1, \"batchSize\": 16, \"optimizer\": \"sdlm\", \"learningRate\": 0.001}");
        Path out = dir.resolve("out-bad");
        for (Cli cli : List.of(run(bad, out), Cli.run("validate", bad.toString()))) {
            assertEquals(2, cli.exitCode(), cli.out() + cli.err());
            String error = cli.err().strip();
            assertFalse(error.contains("\n"), "one line: " + error);
            assertTrue(error.startsWith(bad + ":"), error);
            assertTrue(error.contains("$.models[0].training.mu: must be a non-negative number, got -0.5"), error);
        }
        assertFalse(Files.exists(out), "nothing written");
    }
}
