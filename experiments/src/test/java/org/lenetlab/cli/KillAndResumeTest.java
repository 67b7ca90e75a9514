package org.lenetlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lenetlab.checkpoint.Checkpoint;
import org.lenetlab.checkpoint.CheckpointFiles;
import org.lenetlab.data.MnistTestData;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.results.ResultsWriter;

/**
 * {@code lenet run} in a child JVM, killed with SIGKILL at random points or stopped with SIGTERM, then resumed:
 * the directory is always resumable, and the resumed run ends with the results (timings aside) and the weights of
 * an uninterrupted run.
 */
class KillAndResumeTest {
    private static final String MODEL = """
            {"name": "tiny", "layers": [
              {"type": "convolution", "name": "conv1", "filters": 4, "kernel": 5},
              {"type": "activation", "name": "relu1", "function": "relu"},
              {"type": "max-pooling", "name": "pool1", "size": 2},
              {"type": "flatten", "name": "flat"},
              {"type": "dense", "name": "fc1", "units": 10}]}""";

    @TempDir
    static Path dir;

    static Path dataDir;

    @BeforeAll
    static void data() {
        dataDir = MnistTestData.directory();
    }

    private static Path spec(String name, String training, String seeds) throws IOException {
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, """
                {"experiment": "%s", "models": [%s], "training": %s, "seeds": %s}
                """.formatted(name, MODEL, training, seeds));
        return file;
    }

    private static List<String> args(Path spec, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", spec.toString(), "--out", out.toString(),
                "--data-dir", dataDir.toString()));
        args.addAll(List.of(extra));
        return args;
    }

    /**
     * How many lines of {@code log} start with {@code prefix}: {@code "experiment "} counts the runs that started
     * training, {@code "["} with {@code " epoch "} the epochs they logged.
     */
    private static int count(Path log, String prefix) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        return (int) Files.readString(log).lines()
                .filter(l -> l.startsWith(prefix) && (!prefix.equals("[") || l.contains(": train loss"))).count();
    }

    @Test
    void aMatrixKilledAtRandomPointsAndResumedEndsWithTheResultsOfAnUninterruptedRun() throws Exception {
        Path spec = spec("killed", """
                {"epochs": 2, "batchSize": 50, "optimizer": "adam", "learningRate": [0.001, 0.003, 0.01]}
                """, "[0, 1]");
        String[] flags = {"--limit-train", "1000", "--checkpoint-every", "1"};
        Path reference = dir.resolve("killed-reference");
        Cli cli = Cli.run(args(spec, reference, flags).toArray(String[]::new));
        assertEquals(0, cli.exitCode(), cli.out() + cli.err());
        JsonNode expected = ChildLenet.withoutTimings(reference);
        assertEquals(6, expected.get("cells").size());

        Path out = dir.resolve("killed");
        Path log = dir.resolve("killed.log");
        Random random = new Random(20261122);
        List<String> kills = new ArrayList<>();
        for (int attempt = 0; attempt < 6; attempt++) {
            List<String> a = args(spec, out, flags);
            a.add("--resume");
            int startsBefore = count(log, "experiment ");
            int epochsBefore = count(log, "[");
            Process child = ChildLenet.start(log, a.toArray(String[]::new));
            // Kill at a random point measured in progress, not in time (start-up and epoch times vary with the load
            // of the machine): after 0 to 3 more epochs have been logged, then 0 to 700 ms on. So the kills land in
            // start-up, inside epochs, between epochs and between cells, and spread over the whole matrix.
            int epochs = random.nextInt(4);
            long delay = random.nextInt(700);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while ((count(log, "experiment ") == startsBefore || count(log, "[") < epochsBefore + epochs)
                    && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            boolean ended = child.waitFor(delay, TimeUnit.MILLISECONDS);
            if (!ended) {
                child.destroyForcibly(); // SIGKILL
                assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            }
            int done = 0;
            if (Files.exists(out.resolve(ResultsWriter.FILE_NAME))) {
                // whatever the moment of the kill, the results file is complete and parses
                ResultsFile partial = ResultsWriter.read(out.resolve(ResultsWriter.FILE_NAME));
                done = (int) partial.cells().stream().filter(c -> c.status() == CellStatus.OK).count();
            }
            kills.add((ended ? "ended by itself (" + child.exitValue() + ")" : "killed") + " " + delay + " ms after " + epochs + " epochs, "
                    + done + " cells ok");
        }
        long continued = Files.readString(log).lines().filter(l -> l.contains("continuing from its checkpoint")).count();
        System.out.println("KillAndResumeTest: " + String.join("; ", kills) + "; cells continued from a checkpoint: "
                + continued);
        assertTrue(kills.stream().filter(k -> k.startsWith("killed")).count() >= 3, String.join("; ", kills));

        List<String> a = args(spec, out, flags);
        a.add("--resume");
        Process last = ChildLenet.start(log, a.toArray(String[]::new));
        assertTrue(last.waitFor(300, TimeUnit.SECONDS), "the last resume did not end");
        assertEquals(0, last.exitValue(), Files.readString(log));
        assertEquals(expected, ChildLenet.withoutTimings(out), String.join("; ", kills) + "\n" + Files.readString(log));
        try (var files = Files.list(out.resolve(CheckpointFiles.DIRECTORY))) {
            assertEquals(6, files.filter(f -> f.toString().endsWith(CheckpointFiles.EXTENSION)).count());
        }
    }

    @Test
    void sigtermMarksTheCellInterruptedExits130AndTheResumedCellEndsBitIdentical() throws Exception {
        Path spec = spec("stopped", """
                {"epochs": 4, "batchSize": 32, "optimizer": "sgd", "learningRate": 0.05, "momentum": 0.9}
                """, "[5]");
        String[] flags = {"--limit-train", "3000", "--checkpoint-every", "1"};
        String cellId = "tiny/cpu/seed=5";
        Path reference = dir.resolve("stopped-reference");
        Cli cli = Cli.run(args(spec, reference, flags).toArray(String[]::new));
        assertEquals(0, cli.exitCode(), cli.out() + cli.err());

        Path out = dir.resolve("stopped");
        Path log = dir.resolve("stopped.log");
        Process child = ChildLenet.start(log, args(spec, out, flags).toArray(String[]::new));
        Path checkpoint = CheckpointFiles.of(out, cellId);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(checkpoint) && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(Files.exists(checkpoint), "no checkpoint after the first epoch: " + Files.readString(log));
        child.destroy(); // SIGTERM
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        String output = Files.readString(log);
        assertEquals(130, child.exitValue(), output);
        assertTrue(output.contains("to continue, run the same command with --resume"), output);

        ResultsFile stopped = ResultsWriter.read(out.resolve(ResultsWriter.FILE_NAME));
        assertEquals(1, stopped.cells().size());
        CellResult cell = stopped.cells().get(0);
        assertEquals(CellStatus.INTERRUPTED, cell.status(), output);
        assertTrue(cell.reason().matches("stopped on request before epoch [2-4], batch \\d+"), cell.reason());
        int saved = Checkpoint.read(checkpoint).state().epochsDone();
        assertTrue(saved >= 1 && saved <= 3, "epochs in the checkpoint: " + saved);

        List<String> resume = args(spec, out, flags);
        resume.add("--resume");
        Cli resumed = Cli.run(resume.toArray(String[]::new));
        assertEquals(0, resumed.exitCode(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("note: cell " + cellId + ": continuing from its checkpoint after epoch " + saved
                + " of 4"), resumed.out());

        assertEquals(ChildLenet.withoutTimings(reference), ChildLenet.withoutTimings(out));
        Checkpoint expected = Checkpoint.read(CheckpointFiles.of(reference, cellId));
        Checkpoint actual = Checkpoint.read(checkpoint);
        assertEquals(4, actual.state().epochsDone());
        assertEquals(expected.state().step(), actual.state().step());
        assertEquals(expected.metadata().tensors(), actual.metadata().tensors());
        for (Checkpoint.TensorInfo t : expected.metadata().tensors()) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected.tensor(t.name()), actual.tensor(t.name()),
                    t.name()); // bit for bit
        }
    }
}
