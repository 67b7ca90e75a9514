package org.lenetlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lenetlab.checkpoint.Checkpoint;
import org.lenetlab.checkpoint.CheckpointFiles;
import org.lenetlab.data.MnistTestData;
import org.lenetlab.plan.Precision;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.results.ResultsWriter;

/**
 * A cell whose spec declares {@code "precision": "float64"} through {@code lenet run}: it trains in float64 (its
 * results record the setting and a float64 device, its weights differ from the float32 twin's), its checkpoints hold
 * float64 tensors, and a run stopped with SIGTERM and resumed from such a checkpoint ends bit for bit where the
 * uninterrupted run does. The model has the original LeNet-5's input and preprocessing (32×32, MNIST padded by 2,
 * background -0.1, ink 1.175), as the float64 run the project ships (paper-lenet5) has.
 */
class Float64CellTest {
    private static final String MODEL = """
            {"name": "tiny", "input": {"channels": 1, "height": 32, "width": 32},
             "preprocessing": {"padding": 2, "background": -0.1, "foreground": 1.175},
             "layers": [
              {"type": "convolution", "name": "conv1", "filters": 4, "kernel": 5},
              {"type": "activation", "name": "relu1", "function": "relu"},
              {"type": "max-pooling", "name": "pool1", "size": 2},
              {"type": "flatten", "name": "flat"},
              {"type": "dense", "name": "fc1", "units": 10}]}""";
    private static final String CELL = "tiny/cpu/seed=5";
    private static final String[] FLAGS = {"--limit-train", "2000", "--checkpoint-every", "1"};

    @TempDir
    static Path dir;

    static Path dataDir;

    @BeforeAll
    static void data() {
        dataDir = MnistTestData.directory();
    }

    private static Path spec(String name, String precision) throws IOException {
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, """
                {"experiment": "%s", "models": [%s],
                 "training": {"epochs": 4, "batchSize": 32, "optimizer": "sgd", "learningRate": 0.05, "momentum": 0.9%s},
                 "seeds": [5]}
                """.formatted(name, MODEL, precision == null ? "" : ", \"precision\": \"" + precision + "\""));
        return file;
    }

    private static List<String> args(Path spec, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", spec.toString(), "--out", out.toString(),
                "--data-dir", dataDir.toString()));
        args.addAll(List.of(FLAGS));
        args.addAll(List.of(extra));
        return args;
    }

    private static JsonNode tree(Path out) throws IOException {
        return ResultsWriter.mapper().readTree(out.resolve(ResultsWriter.FILE_NAME).toFile());
    }

    @Test
    void aFloat64CellRecordsItsPrecisionAndResumesBitIdentical() throws Exception {
        Path spec = spec("float64", "float64");
        Path reference = dir.resolve("reference");
        Cli cli = Cli.run(args(spec, reference).toArray(String[]::new));
        assertEquals(0, cli.exitCode(), cli.out() + cli.err());
        CellResult cell = ResultsWriter.read(reference.resolve(ResultsWriter.FILE_NAME)).cells().get(0);
        assertEquals(CellStatus.OK, cell.status(), cell.reason());
        assertEquals(Precision.FLOAT64, cell.settings().precision());
        assertEquals("float64", tree(reference).at("/cells/0/settings/precision").asText());
        assertEquals("float64", tree(reference).at("/resolvedSpec/training/precision/0").asText());
        assertTrue(cell.device().contains("; float64"), cell.device());
        assertFalse(cell.device().contains("float32"), cell.device());

        // the float32 twin (the spec without the setting) computes otherwise, and leaves the default out of results
        Path twin = dir.resolve("float32");
        Cli float32 = Cli.run(args(spec("float32", null), twin).toArray(String[]::new));
        assertEquals(0, float32.exitCode(), float32.out() + float32.err());
        CellResult twinCell = ResultsWriter.read(twin.resolve(ResultsWriter.FILE_NAME)).cells().get(0);
        assertEquals(Precision.FLOAT32, twinCell.settings().precision());
        assertTrue(tree(twin).at("/cells/0/settings").has("learningRate"));
        assertFalse(tree(twin).at("/cells/0/settings").has("precision"), tree(twin).toString());
        assertTrue(twinCell.device().contains("; float32"), twinCell.device());
        assertNotEquals(cell.weightsSha256(), twinCell.weightsSha256());

        // the checkpoint holds float64 tensors, with values float32 cannot hold
        Checkpoint saved = Checkpoint.read(CheckpointFiles.of(reference, CELL));
        assertEquals(Precision.FLOAT64, saved.cell().settings().precision());
        assertFalse(saved.metadata().tensors().isEmpty());
        boolean wide = false;
        for (Checkpoint.TensorInfo t : saved.metadata().tensors()) {
            assertEquals(Checkpoint.FLOAT64, t.type(), t.name());
            assertTrue(t.entry().endsWith(".f64"), t.entry());
            for (double v : saved.tensor(t.name())) {
                wide |= (double) (float) v != v;
            }
        }
        assertTrue(wide, "every value of the float64 checkpoint is a float32 value");

        // stopped with SIGTERM after a checkpoint, then resumed: the same results and the same weights, bit for bit
        Path out = dir.resolve("stopped");
        Path log = dir.resolve("stopped.log");
        Process child = ChildLenet.start(log, args(spec, out).toArray(String[]::new));
        Path checkpoint = CheckpointFiles.of(out, CELL);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(checkpoint) && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(Files.exists(checkpoint), "no checkpoint after the first epoch: " + Files.readString(log));
        child.destroy(); // SIGTERM
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        String output = Files.readString(log);
        assertEquals(130, child.exitValue(), output);
        ResultsFile stopped = ResultsWriter.read(out.resolve(ResultsWriter.FILE_NAME));
        assertEquals(CellStatus.INTERRUPTED, stopped.cells().get(0).status(), output);
        int epochs = Checkpoint.read(checkpoint).state().epochsDone();
        assertTrue(epochs >= 1 && epochs <= 3, "epochs in the checkpoint: " + epochs);

        Cli resumed = Cli.run(args(spec, out, "--resume").toArray(String[]::new));
        assertEquals(0, resumed.exitCode(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("note: cell " + CELL + ": continuing from its checkpoint after epoch " + epochs
                + " of 4"), resumed.out());
        assertEquals(ChildLenet.withoutTimings(reference), ChildLenet.withoutTimings(out));
        Checkpoint expected = Checkpoint.read(CheckpointFiles.of(reference, CELL));
        Checkpoint actual = Checkpoint.read(checkpoint);
        assertEquals(4, actual.state().epochsDone());
        assertEquals(expected.state().step(), actual.state().step());
        assertEquals(expected.metadata().tensors(), actual.metadata().tensors());
        for (Checkpoint.TensorInfo t : expected.metadata().tensors()) {
            assertArrayEquals(expected.tensor(t.name()), actual.tensor(t.name()), t.name()); // bit for bit
        }
    }
}
