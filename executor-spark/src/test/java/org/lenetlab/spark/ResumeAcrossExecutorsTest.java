package org.lenetlab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.results.ResultsWriter;

/**
 * Resuming a run that Spark left, in Spark's local mode: after a driver crash ({@code results.json} without the
 * cells whose tasks had finished) {@code --resume} takes those cells from the files their tasks wrote, without
 * training them again; and {@code --resume} with the local executor keeps the cells of a Spark run and runs the rest
 * to the same numbers.
 */
class ResumeAcrossExecutorsTest {
    @TempDir
    Path dir;

    @Test
    void aResumedRunKeepsEveryCellASparkTaskFinishedAndTheLocalExecutorContinuesIt() throws IOException {
        Path spec = Runs.spec(dir, "resume", List.of("lenet5-relu-maxpool.json"),
                "{\"epochs\": 1, \"batchSize\": 64, \"optimizer\": \"adam\", \"learningRate\": 0.001}", "[0, 1, 2]");
        Path out = dir.resolve("spark");
        Runs.Cli first = Runs.lenet("run", spec.toString(), "--limit-train", "500", "--out", out.toString(),
                "--executor", "spark", "--master", "local[2]", "--conf", "spark.ui.enabled=false");
        assertEquals(0, first.exitCode(), first.output());
        ResultsFile whole = Runs.results(out);
        assertEquals(3, whole.cells().size());

        // the driver died after the first cell was recorded; the tasks of the others had written their files
        crashedAfterFirstCell(out, whole);
        Runs.Cli resumed = Runs.lenet("run", spec.toString(), "--limit-train", "500", "--out", out.toString(),
                "--resume", "--executor", "spark", "--master", "local[1]", "--conf", "spark.ui.enabled=false");
        assertEquals(0, resumed.exitCode(), resumed.output());
        assertTrue(resumed.out().contains("2 finished cells taken from"), resumed.output());
        ResultsFile again = Runs.results(out);
        assertEquals(whole.cells(), again.cells()); // the very results, timings and placement included: not retrained

        // the same crash, continued by the local executor: the Spark run's cell is kept, the others run here
        crashedAfterFirstCell(out, whole);
        Runs.Cli local = Runs.lenet("run", spec.toString(), "--limit-train", "500", "--out", out.toString(),
                "--resume");
        assertEquals(0, local.exitCode(), local.output());
        assertTrue(local.out().contains("resuming: 1 finished cells kept, 2 to run"), local.output());
        ResultsFile mixed = Runs.results(out);
        Runs.assertSameNumbers(whole, mixed);
        assertEquals(whole.cells().get(0), mixed.cells().get(0));
        assertNull(mixed.cells().get(1).placement(), "ran in this process");
        assertNull(mixed.cells().get(2).placement(), "ran in this process");
    }

    private static void crashedAfterFirstCell(Path out, ResultsFile whole) {
        List<CellResult> first = whole.cells().subList(0, 1);
        ResultsWriter.write(out, new ResultsFile(whole.experiment(), whole.spec(), whole.specSha256(),
                whole.resolvedSpec(), whole.startedAt(), null, whole.environment(), whole.data(), first,
                whole.provenance(), whole.models()));
    }
}
