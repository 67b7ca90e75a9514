package org.lenetlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lenetlab.data.MnistTestData;
import org.lenetlab.plan.Precision;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.results.ResultsWriter;

/** {@code lenet run --resume} in-process: what is kept, and what is refused without {@code --force}. */
class ResumeCommandTest {
    @TempDir
    static Path dir;

    static Path dataDir;

    @BeforeAll
    static void data() {
        dataDir = MnistTestData.directory();
    }

    private static void writeSpec(Path file, String learningRate, String seeds) throws IOException {
        Files.writeString(file, """
                {"experiment": "resume",
                 "models": [{"name": "tiny", "layers": [
                   {"type": "convolution", "name": "conv1", "filters": 2, "kernel": 5},
                   {"type": "max-pooling", "name": "pool1", "size": 4},
                   {"type": "flatten", "name": "flat"},
                   {"type": "dense", "name": "fc1", "units": 10}]}],
                 "training": {"epochs": 1, "batchSize": 50, "optimizer": "sgd", "learningRate": %s},
                 "seeds": %s}
                """.formatted(learningRate, seeds));
    }

    private static Cli run(Path spec, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", spec.toString(), "--out", out.toString(),
                "--data-dir", dataDir.toString(), "--limit-train", "500"));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void aChangedSpecOrCommandLineIsRefusedWithoutForce() throws IOException {
        Path spec = dir.resolve("changed.json");
        writeSpec(spec, "0.05", "[0]");
        Path out = dir.resolve("changed");
        Cli first = run(spec, out);
        assertEquals(0, first.exitCode(), first.out() + first.err());
        Path results = out.resolve(ResultsWriter.FILE_NAME);
        byte[] before = Files.readAllBytes(results);

        Cli again = run(spec, out);
        assertEquals(2, again.exitCode());
        assertEquals("lenet: " + results + " already exists; choose another --out, or add --resume to continue that run",
                again.err().strip());

        writeSpec(spec, "0.1", "[0]");
        Cli refused = run(spec, out, "--resume");
        assertEquals(2, refused.exitCode(), refused.out() + refused.err());
        assertEquals(1, refused.err().strip().lines().count(), refused.err());
        assertTrue(refused.err().startsWith("lenet: cannot resume " + out + ": the experiment spec changed since these "
                + "results were written (specSha256 "), refused.err());
        assertTrue(refused.err().strip().endsWith("use --force to keep the finished cells whose definition did not "
                + "change, or another --out"), refused.err());
        assertArrayEquals(before, Files.readAllBytes(results), "a refused resume writes nothing");

        Cli otherFlags = run(spec, out, "--resume", "--epochs", "2");
        assertEquals(2, otherFlags.exitCode());

        Cli forced = run(spec, out, "--resume", "--force");
        assertEquals(0, forced.exitCode(), forced.out() + forced.err());
        assertTrue(forced.out().contains("note: running cell tiny/cpu/seed=0 again: its definition changed "
                + "(settings.learningRate 0.05, now 0.1)"), forced.out());
        ResultsFile after = ResultsWriter.read(results);
        assertEquals(1, after.cells().size());
        assertEquals(0.1, after.cells().get(0).settings().learningRate());
        assertFalse(after.specSha256().equals(ResultsWriter.mapper().readTree(before).get("specSha256").asText()));
    }

    @Test
    void aDeclaredPrecisionChangesTheCellsDefinition() throws IOException {
        Path spec = dir.resolve("precision.json");
        writeSpec(spec, "0.05", "[0]");
        Path out = dir.resolve("precision");
        Cli first = run(spec, out);
        assertEquals(0, first.exitCode(), first.out() + first.err());
        assertEquals(Precision.FLOAT32, ResultsWriter.read(out.resolve(ResultsWriter.FILE_NAME)).cells().get(0)
                .settings().precision());

        Files.writeString(spec, Files.readString(spec).replace("\"learningRate\": 0.05}",
                "\"learningRate\": 0.05, \"precision\": \"float64\"}"));
        Cli refused = run(spec, out, "--resume");
        assertEquals(2, refused.exitCode(), refused.out() + refused.err());
        assertTrue(refused.err().contains("the experiment spec changed"), refused.err());

        Cli forced = run(spec, out, "--resume", "--force");
        assertEquals(0, forced.exitCode(), forced.out() + forced.err());
        assertTrue(forced.out().contains("note: running cell tiny/cpu/seed=0 again: its definition changed "
                + "(settings.precision unset, now \"float64\")"), forced.out());
        CellResult cell = ResultsWriter.read(out.resolve(ResultsWriter.FILE_NAME)).cells().get(0);
        assertEquals(Precision.FLOAT64, cell.settings().precision());
        assertTrue(cell.device().contains("; float64"), cell.device());
    }

    @Test
    void addedSeedsRunAloneAndEarlierCellsAreKeptAsTheyWere() throws IOException {
        Path spec = dir.resolve("seeds.json");
        writeSpec(spec, "0.05", "[0]");
        Path out = dir.resolve("seeds");
        assertEquals(0, run(spec, out).exitCode());
        CellResult seed0 = ResultsWriter.read(out.resolve(ResultsWriter.FILE_NAME)).cells().get(0);

        Cli flagsChanged = Cli.run("run", spec.toString(), "--out", out.toString(), "--data-dir", dataDir.toString(),
                "--limit-train", "600", "--resume");
        assertEquals(2, flagsChanged.exitCode(), flagsChanged.out() + flagsChanged.err());
        assertTrue(flagsChanged.err().contains("finished cell tiny/cpu/seed=0 was defined differently "
                + "(settings.trainLimit 500, now 600)"), flagsChanged.err());

        writeSpec(spec, "0.05", "[0, 1]");
        Cli forced = run(spec, out, "--resume", "--force");
        assertEquals(0, forced.exitCode(), forced.out() + forced.err());
        assertTrue(forced.out().contains("resuming: 1 finished cells kept, 1 to run"), forced.out());
        assertTrue(forced.out().contains("[1/2] tiny/cpu/seed=0: kept from the run being resumed (ok, test accuracy"),
                forced.out());
        ResultsFile after = ResultsWriter.read(out.resolve(ResultsWriter.FILE_NAME));
        assertEquals(List.of("tiny/cpu/seed=0", "tiny/cpu/seed=1"), after.cells().stream().map(CellResult::id).toList());
        assertEquals(seed0.timings(), after.cells().get(0).timings(), "the kept cell is not run again");
        assertEquals(CellStatus.OK, after.cells().get(1).status());
    }

    @Test
    void resumeFlagsAreChecked() throws IOException {
        Path spec = dir.resolve("flags.json");
        writeSpec(spec, "0.05", "[0]");
        Cli noOut = Cli.run("run", spec.toString(), "--resume");
        assertEquals(2, noOut.exitCode());
        assertEquals("lenet: --resume needs --out DIR, the directory of the run to continue", noOut.err().strip());
        Cli forceAlone = run(spec, dir.resolve("flags"), "--force");
        assertEquals(2, forceAlone.exitCode());
        assertEquals("lenet: --force only applies with --resume", forceAlone.err().strip());
        assertFalse(Files.exists(dir.resolve("flags")));

        // --resume on a directory without results starts the run
        Cli fresh = run(spec, dir.resolve("fresh"), "--resume");
        assertEquals(0, fresh.exitCode(), fresh.out() + fresh.err());

        // a directory another run holds is refused
        RunLock held = RunLock.acquire(dir.resolve("fresh"));
        try {
            Cli busy = run(spec, dir.resolve("fresh"), "--resume");
            assertEquals(2, busy.exitCode(), busy.out() + busy.err());
            assertEquals("lenet: " + dir.resolve("fresh") + " is in use by another lenet run; wait for it to end or stop it",
                    busy.err().strip());
        } finally {
            held.close();
        }

        // a results file that is not one is refused with one line
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve(ResultsWriter.FILE_NAME), "{\"cells\": 3");
        Cli bad = run(spec, broken, "--resume");
        assertEquals(2, bad.exitCode());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.err().startsWith("lenet: cannot resume: " + broken.resolve(ResultsWriter.FILE_NAME)
                + " is not a readable results file: "), bad.err());
    }
}
