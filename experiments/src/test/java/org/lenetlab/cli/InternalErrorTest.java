package org.lenetlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lenetlab.backend.BackendRegistry;
import org.lenetlab.data.MnistTestData;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.results.ResultsWriter;

/**
 * A programming error inside a cell fails the run loudly: exit code 1, one line naming the error, the stack trace
 * only with {@code --verbose}, and no {@code failed} cell that would pass the bug off as data. Running out of memory
 * stays a {@code failed} cell and the matrix goes on. The errors come from the test-only {@link FaultyBackends},
 * bound only while a call asks for them: in this JVM for the duration of one call, and in a child JVM for the
 * verbose run, which also shows the exit code {@code main} gives the shell.
 */
class InternalErrorTest {
    private static final String MODEL = """
            {"name": "tiny", "layers": [
              {"type": "convolution", "name": "conv1", "filters": 2, "kernel": 5},
              {"type": "max-pooling", "name": "pool1", "size": 4},
              {"type": "flatten", "name": "flat"},
              {"type": "dense", "name": "fc1", "units": 10}]}""";

    @TempDir
    static Path dir;

    static Path dataDir;

    @BeforeAll
    static void data() {
        dataDir = MnistTestData.directory();
    }

    /** What a child {@code lenet} printed, stdout and stderr apart. */
    record Child(int exitCode, String out, String err) {
        String all() {
            return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    /** Runs {@code lenet args...} in a child JVM where the faulty backends are bound. */
    private static Child lenet(String name, String... args) throws IOException, InterruptedException {
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        ProcessBuilder builder = ChildLenet.builder(List.of("-D" + FaultyBackends.PROPERTY + "=true"), args)
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File(
                        System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null")));
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("lenet " + String.join(" ", args) + " did not end");
        }
        return new Child(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static Path spec(String name, String backends) throws IOException {
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, """
                {"experiment": "%s", "models": [%s], "dataset": {"name": "mnist", "trainLimit": 500},
                 "training": {"epochs": 1, "batchSize": 50, "optimizer": "sgd", "learningRate": 0.05},
                 "seeds": [0], "backends": %s}
                """.formatted(name, MODEL, backends));
        return file;
    }

    /**
     * Runs {@code lenet args...} in this JVM with the faulty backends bound for the call (test classes run one at a
     * time, so nothing else sees them).
     */
    private static Child here(String... args) {
        System.setProperty(FaultyBackends.PROPERTY, "true");
        try {
            Cli cli = Cli.run(args);
            return new Child(cli.exitCode(), cli.out(), cli.err());
        } finally {
            System.clearProperty(FaultyBackends.PROPERTY);
        }
    }

    private static Child runHere(String name, String backends) throws IOException {
        Path spec = spec(name, backends);
        return here("run", spec.toString(), "--out", dir.resolve(name).toString(), "--data-dir", dataDir.toString());
    }

    private static Child run(String name, String backends, String... extra) throws IOException, InterruptedException {
        Path spec = spec(name, backends);
        List<String> args = new java.util.ArrayList<>(List.of("run", spec.toString(), "--out",
                dir.resolve(name).toString(), "--data-dir", dataDir.toString()));
        args.addAll(List.of(extra));
        return lenet(name, args.toArray(String[]::new));
    }

    @Test
    void aBugInsideACellFailsTheRunWithExitCode1AndTheStackTraceOnlyWithVerbose() throws Exception {
        String message = "lenet: internal error: IllegalStateException: " + FaultyBackends.BUG_MESSAGE;

        Child quiet = runHere("bug", "[\"cpu\", \"faulty\"]");
        assertEquals(1, quiet.exitCode(), quiet.all());
        List<String> lines = quiet.err().lines().filter(l -> l.startsWith("lenet:")).toList();
        assertEquals(List.of(message + " (run with --verbose for the stack trace)"), lines, quiet.all());
        assertFalse(quiet.err().contains("\tat "), "no stack trace without --verbose: " + quiet.all());
        assertFalse(quiet.err().contains("Exception in thread"), quiet.all());
        assertTrue(quiet.out().contains("[2/2] tiny/faulty/seed=0"), "the faulty cell ran: " + quiet.all());
        // the cells before it are kept; the faulty cell is not written down as a failed cell
        ResultsFile results = ResultsWriter.read(dir.resolve("bug").resolve(ResultsWriter.FILE_NAME));
        assertEquals(List.of("tiny/cpu/seed=0"), results.cells().stream().map(CellResult::id).toList(), quiet.all());
        assertEquals(CellStatus.OK, results.cells().get(0).status());
        assertTrue(results.finishedAt() != null, "the run is recorded as ended");
        String report = java.nio.file.Files.readString(dir.resolve("bug").resolve("report.html"));
        assertFalse(report.contains("http-equiv=\"refresh\""), "the report no longer reloads itself");
        assertFalse(quiet.out().contains("failed"), quiet.all());

        Child verbose = run("bug-verbose", "[\"cpu\", \"faulty\"]", "--verbose");
        assertEquals(1, verbose.exitCode(), verbose.all());
        List<String> err = verbose.err().lines().toList();
        assertTrue(err.contains(message), "the same line, without the hint: " + verbose.all());
        int at = err.indexOf(message);
        assertEquals("java.lang.IllegalStateException: " + FaultyBackends.BUG_MESSAGE, err.get(at + 1), verbose.all());
        assertTrue(err.get(at + 2).startsWith("\tat org.lenetlab.cli.FaultyBackends$FailingNetwork.trainStep("),
                verbose.all());
        assertTrue(err.stream().anyMatch(l -> l.startsWith("\tat org.lenetlab.train.Trainer.")),
                "thrown through core's training loop: " + verbose.all());
        assertTrue(err.stream().anyMatch(l -> l.startsWith("\tat org.lenetlab.cli.LenetCommand.main(")), verbose.all());
    }

    @Test
    void runningOutOfMemoryStaysAFailedCellAndTheMatrixGoesOn() throws Exception {
        Child child = runHere("oom", "[\"faulty-oom\", \"cpu\"]");
        assertEquals(1, child.exitCode(), child.all());
        assertFalse(child.err().contains("internal error"), child.all());
        assertFalse(child.err().contains("\tat "), child.all());
        ResultsFile results = ResultsWriter.read(dir.resolve("oom").resolve(ResultsWriter.FILE_NAME));
        assertEquals(2, results.cells().size(), child.all());
        CellResult oom = results.cells().get(0);
        assertEquals("tiny/faulty-oom/seed=0", oom.id());
        assertEquals(CellStatus.FAILED, oom.status());
        assertEquals("out of memory: the faulty-oom test backend ran out of memory at step "
                + FaultyBackends.FAILING_STEP, oom.reason());
        assertEquals(CellStatus.OK, results.cells().get(1).status(), results.cells().get(1).reason());
        assertTrue(child.out().contains("1 ok, 1 failed, 0 skipped"), child.all());
    }

    @Test
    void theFaultyBackendsAreBoundOnlyInTheJvmsThatAskForThem() throws Exception {
        assertFalse(Boolean.getBoolean(FaultyBackends.PROPERTY));
        assertEquals(List.of("cpu", "cuda", "nd4j"), BackendRegistry.discover().names());
        Cli here = Cli.run("backends", "--json");
        assertEquals(0, here.exitCode(), here.err());
        assertFalse(here.out().contains("faulty"), here.out());

        Child there = here("backends", "--json");
        assertEquals(0, there.exitCode(), there.all());
        assertTrue(there.out().contains("\"name\" : \"faulty\""), there.all());
        assertTrue(there.out().contains("\"name\" : \"faulty-oom\""), there.all());
    }
}
