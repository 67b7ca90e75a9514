package org.lenetlab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lenetlab.results.CellResult;
import org.lenetlab.run.CellFiles;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.results.ResultsWriter;

/**
 * Resuming a run that Spark left, in Spark's local mode: after a driver crash ({@code results.json} without the
 * cells whose tasks had finished) {@code --resume} takes those cells from the files their tasks wrote, without
 * training them again, and so does {@code --resume} with the local executor, which runs a cell without a file to the
 * same numbers and writes its file too.
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
        assertTrue(resumed.out().contains("resuming: 3 finished cells kept, 0 to run"), resumed.output());
        assertTrue(resumed.output().contains("2 finished cells taken from " + out.resolve(CellFiles.DIR)),
                resumed.output());
        ResultsFile again = Runs.results(out);
        assertEquals(whole.cells(), again.cells()); // the very results, timings and placement included: not retrained

        // the same crash, continued by the local executor: every cell a Spark task finished is kept as it is
        crashedAfterFirstCell(out, whole);
        Runs.Cli local = Runs.lenet("run", spec.toString(), "--limit-train", "500", "--out", out.toString(),
                "--resume");
        assertEquals(0, local.exitCode(), local.output());
        assertTrue(local.out().contains("resuming: 3 finished cells kept, 0 to run"), local.output());
        assertEquals(whole.cells(), Runs.results(out).cells());

        // a cell whose task had not finished (no file): the local executor runs it, to the same numbers
        crashedAfterFirstCell(out, whole);
        Files.delete(CellFiles.of(out, whole.cells().get(2).id()));
        Runs.Cli rest = Runs.lenet("run", spec.toString(), "--limit-train", "500", "--out", out.toString(),
                "--resume");
        assertEquals(0, rest.exitCode(), rest.output());
        assertTrue(rest.out().contains("resuming: 2 finished cells kept, 1 to run"), rest.output());
        ResultsFile mixed = Runs.results(out);
        Runs.assertSameNumbers(whole, mixed);
        assertEquals(whole.cells().subList(0, 2), mixed.cells().subList(0, 2));
        assertNull(mixed.cells().get(2).placement(), "ran in this process");
        assertEquals(mixed.cells().get(2), CellFiles.finished(out, Runs.cellSpec(spec, 500, 2)).orElseThrow(),
                "the local run wrote the cell's file too");
    }

    private static void crashedAfterFirstCell(Path out, ResultsFile whole) {
        List<CellResult> first = whole.cells().subList(0, 1);
        ResultsWriter.write(out, new ResultsFile(whole.experiment(), whole.spec(), whole.specSha256(),
                whole.resolvedSpec(), whole.startedAt(), null, whole.environment(), whole.data(), first,
                whole.provenance(), whole.models()));
    }
}
