package org.lenetlab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lenetlab.backend.BackendRegistry;
import org.lenetlab.results.CellPlacement;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.ParameterCounts;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.results.ResultsWriter;
import org.lenetlab.testing.FakeBackend;
import org.lenetlab.testing.SyntheticDigits;

/**
 * A cell's file round-trips and is taken only for the very same cell definition and a finished status; a run writes
 * one per finished cell, and a resumed run takes from them the cells that ended after {@code results.json} was last
 * written, without running them again.
 */
class CellFilesTest {
    @TempDir
    Path dir;

    private final BackendRegistry backends = new BackendRegistry(Map.of("cpu", () -> new FakeBackend("cpu")));
    private final ExperimentService service = new ExperimentService(backends);

    private ExperimentService.Prepared prepared() throws IOException {
        Files.writeString(dir.resolve("model.json"), "{\"name\": \"linear\", \"layers\": [{\"type\": \"flatten\"},"
                + " {\"type\": \"dense\", \"units\": 10}]}");
        Path file = dir.resolve("e.json");
        Files.writeString(file, """
                {"experiment": "e", "models": ["model.json"], "dataset": {"name": "mnist", "trainLimit": 200},
                 "training": {"epochs": 1, "batchSize": 20, "optimizer": "sgd", "learningRate": 0.1},
                 "seeds": [0, 1, 2]}
                """);
        return service.prepare(file, ExperimentService.Overrides.NONE, Long.MAX_VALUE);
    }

    private static CellResult result(CellSpec spec, CellStatus status) {
        return CellResult.ended(spec.id(), spec.model().name(), spec.backend(), spec.seed(), spec.settings(), status,
                "why", "device", new ParameterCounts(1, 2))
                .placedAt(new CellPlacement("3", "host", 42, List.of("0")));
    }

    @Test
    void aFinishedCellIsReadBackForItsOwnDefinitionOnly() throws IOException {
        List<Cell> cells = prepared().cells();
        CellSpec a = cells.get(0).spec();
        CellSpec b = cells.get(1).spec();
        assertNotEquals(CellFiles.of(dir, a.id()), CellFiles.of(dir, b.id()));
        CellResult written = result(a, CellStatus.SKIPPED);
        CellFiles.write(dir, a, written);
        assertEquals(written, CellFiles.finished(dir, a).orElseThrow());
        assertTrue(CellFiles.finished(dir, b).isEmpty());
        CellSpec changed = new CellSpec(a.id(), a.model(), a.backend(), a.seed() + 1, a.settings(), a.dataset());
        assertTrue(CellFiles.finished(dir, changed).isEmpty(), "another definition under the same id");
    }

    @Test
    void anInterruptedOrUnreadableCellIsNotTaken() throws Exception {
        CellSpec a = prepared().cells().get(0).spec();
        CellFiles.write(dir, a, result(a, CellStatus.INTERRUPTED));
        assertTrue(CellFiles.finished(dir, a).isEmpty());
        Files.writeString(CellFiles.of(dir, a.id()), "{\"cell\": ");
        assertTrue(CellFiles.finished(dir, a).isEmpty());
    }

    @Test
    void aResumedRunTakesTheCellsThatEndedAfterResultsJsonWasLastWritten() throws IOException {
        ExperimentService.Prepared prepared = prepared();
        Path out = dir.resolve("out");
        SyntheticDigits data = new SyntheticDigits(200, 100);
        ResultsFile whole = service.run(prepared, out, ResumePlan.NONE, new LocalCellExecutor(backends, data), data,
                new RunListener() { }, () -> false);
        assertEquals(3, whole.cells().size());
        for (int i = 0; i < 3; i++) {
            Cell cell = prepared.cells().get(i);
            assertEquals(whole.cells().get(i), CellFiles.finished(out, cell.spec()).orElseThrow(), cell.id());
        }

        // a crash after the first cell reached results.json; the others had ended and written their files
        ResultsWriter.write(out, new ResultsFile(whole.experiment(), whole.spec(), whole.specSha256(),
                whole.resolvedSpec(), whole.startedAt(), null, whole.environment(), whole.data(),
                whole.cells().subList(0, 1), whole.provenance(), whole.models()));
        // ... and a fourth state: the third cell's file was written for another definition (an older run)
        Cell third = prepared.cells().get(2);
        CellSpec other = new CellSpec(third.id(), third.spec().model(), "cpu", 99, third.spec().settings(),
                third.spec().dataset());
        CellFiles.write(out, other, result(other, CellStatus.OK));

        ResumePlan plan = service.resumePlan(out, prepared, false);
        assertEquals(List.of(prepared.cells().get(0).id(), prepared.cells().get(1).id()),
                prepared.cells().stream().map(Cell::id).filter(plan.kept()::containsKey).toList());
        assertEquals(whole.cells().get(1), plan.kept().get(prepared.cells().get(1).id()));
        assertTrue(plan.notes().contains("1 finished cells taken from " + out.resolve(CellFiles.DIR)
                + " (they ended after results.json was last written)"), plan.notes().toString());

        List<String> ran = new java.util.ArrayList<>();
        LocalCellExecutor local = new LocalCellExecutor(backends, data);
        CellExecutor counting = (cell, listener, stop) -> {
            ran.add(cell.id());
            return local.execute(cell, listener, stop);
        };
        ResultsFile resumed = service.run(prepared, out, plan, counting, data, new RunListener() { }, () -> false);
        assertEquals(List.of(third.id()), ran, "only the cell without a finished file of its definition ran");
        assertEquals(whole.cells(), resumed.cells().stream().map(c -> c.id().equals(third.id())
                ? whole.cells().get(2) : c).toList());
        assertEquals(whole.cells().get(2).weightsSha256(), resumed.cells().get(2).weightsSha256());
        assertEquals(resumed.cells().get(2), CellFiles.finished(out, third.spec()).orElseThrow(),
                "the file of the other definition was replaced");
    }
}
