package org.lenetlab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lenetlab.results.CellPlacement;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.ParameterCounts;
import org.lenetlab.run.Cell;
import org.lenetlab.run.CellSpec;
import org.lenetlab.run.ExperimentService;

/** A cell's file round-trips, and is taken only for the very same cell definition and a finished status. */
class CellFilesTest {
    @TempDir
    Path dir;

    private List<Cell> cells() {
        ExperimentService service = new ExperimentService(org.lenetlab.backend.BackendRegistry.discover());
        return service.prepare(Runs.SPECS.resolve("quickstart.json"), ExperimentService.Overrides.NONE,
                Runtime.getRuntime().maxMemory()).cells();
    }

    private static CellResult result(CellSpec spec, CellStatus status) {
        return CellResult.ended(spec.id(), spec.model().name(), spec.backend(), spec.seed(), spec.settings(), status,
                "why", "device", new ParameterCounts(1, 2))
                .placedAt(new CellPlacement("3", "host", 42, List.of("0")));
    }

    @Test
    void aFinishedCellIsReadBackForItsOwnDefinitionOnly() {
        List<Cell> cells = cells();
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
        CellSpec a = cells().get(0).spec();
        CellFiles.write(dir, a, result(a, CellStatus.INTERRUPTED));
        assertTrue(CellFiles.finished(dir, a).isEmpty());
        Files.writeString(CellFiles.of(dir, a.id()), "{\"cell\": ");
        assertTrue(CellFiles.finished(dir, a).isEmpty());
    }
}
