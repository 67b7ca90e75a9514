package org.lenetlab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lenetlab.backend.BackendRegistry;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.ParameterCounts;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.results.ResultsWriter;
import org.lenetlab.spec.DatasetSpec;
import org.lenetlab.spec.Normalization;
import org.lenetlab.spec.SpecReader;
import org.lenetlab.testing.FakeBackend;
import org.lenetlab.train.TrainingListener;

/** Resuming a run: which cells are kept, which run again, and when resuming is refused. */
class ResumePlanTest {
    private static final String TRAINING = "{\"epochs\": 1, \"batchSize\": 64, \"optimizer\": \"sgd\", \"learningRate\": 0.1}";

    @TempDir
    Path dir;

    private final ExperimentService service = new ExperimentService(new BackendRegistry(Map.of(
            "cpu", () -> new FakeBackend("cpu"), "other", () -> new FakeBackend("other"))));

    private Path write(String training, String seeds) throws IOException {
        Path file = dir.resolve("e.json");
        Files.writeString(file, """
                {"experiment": "e",
                 "models": [{"name": "a", "layers": [{"type": "flatten"}, {"type": "dense", "units": 10}]},
                            {"name": "b", "layers": [{"type": "flatten"}, {"type": "dense", "units": 10}]}],
                 "training": %s, "seeds": %s}
                """.formatted(training, seeds));
        return file;
    }

    private ExperimentService.Prepared experiment(String training, String seeds) throws IOException {
        return service.prepare(write(training, seeds), ExperimentService.Overrides.NONE, Long.MAX_VALUE);
    }

    private ExperimentService.Prepared overridden(String training, String seeds, ExperimentService.Overrides overrides)
            throws IOException {
        return service.prepare(write(training, seeds), overrides, Long.MAX_VALUE);
    }

    /** An executor that records what it runs and ends each cell with the status {@code outcome} gives. */
    private static final class FakeExecutor implements CellExecutor {
        final List<String> executed = new ArrayList<>();
        final Function<Cell, CellStatus> outcome;

        FakeExecutor(Function<Cell, CellStatus> outcome) {
            this.outcome = outcome;
        }

        @Override
        public CellResult execute(Cell cell, TrainingListener listener, java.util.function.BooleanSupplier stop) {
            executed.add(cell.id());
            CellSpec spec = cell.spec();
            return CellResult.ended(spec.id(), spec.model().name(), spec.backend(), spec.seed(), spec.settings(),
                    outcome.apply(cell), null, "fake", new ParameterCounts(1, 0));
        }
    }

    private static final ExamplesSource NO_DATA = new ExamplesSource() {
        @Override
        public Split prepare(DatasetSpec dataset, Normalization normalization, Integer trainLimit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, String> fileDigests() {
            return Map.of("f", "00");
        }
    };

    private ResultsFile run(ExperimentService.Prepared e, Path out, FakeExecutor executor, ResumePlan plan,
                            List<String> kept) {
        RunListener listener = new RunListener() {
            @Override
            public void cellKept(int index, int total, CellResult result) {
                kept.add(result.id());
            }
        };
        return service.run(e, out, plan, executor, NO_DATA, listener, () -> false);
    }

    @Test
    void keepsOkAndFailedCellsAndRunsTheRestInMatrixOrder() throws IOException {
        ExperimentService.Prepared e = experiment(TRAINING, "[0, 1, 2]");
        List<Cell> cells = e.cells();
        assertEquals(6, cells.size());
        Path out = dir.resolve("out");
        // first run: ok, failed, skipped, ok, interrupted (the run ends there)
        List<CellStatus> statuses = List.of(CellStatus.OK, CellStatus.FAILED, CellStatus.SKIPPED, CellStatus.OK,
                CellStatus.INTERRUPTED);
        FakeExecutor first = new FakeExecutor(c -> statuses.get(cells.indexOf(c)));
        ResultsFile before = run(e, out, first, ResumePlan.NONE, new ArrayList<>());
        assertEquals(5, before.cells().size());
        assertEquals(5, first.executed.size());

        ResultsFile previous = ResultsWriter.read(out.resolve(ResultsWriter.FILE_NAME));
        ResumePlan plan = ResumePlan.of(previous, e.specSha256(), cells, false);
        assertEquals(List.of(), plan.notes());
        assertEquals(3, plan.kept().size());
        assertEquals(previous.startedAt(), plan.startedAt());

        FakeExecutor second = new FakeExecutor(c -> CellStatus.OK);
        List<String> kept = new ArrayList<>();
        ResultsFile after = run(e, out, second, plan, kept);
        assertEquals(List.of(cells.get(2).id(), cells.get(4).id(), cells.get(5).id()), second.executed);
        assertEquals(List.of(cells.get(0).id(), cells.get(1).id(), cells.get(3).id()), kept);
        assertEquals(cells.stream().map(Cell::id).toList(), after.cells().stream().map(CellResult::id).toList());
        assertEquals(List.of(CellStatus.OK, CellStatus.FAILED, CellStatus.OK, CellStatus.OK, CellStatus.OK, CellStatus.OK),
                after.cells().stream().map(CellResult::status).toList());
        assertEquals(before.startedAt(), after.startedAt());
        assertTrue(after.finishedAt() != null);
        ResultsFile onDisk = ResultsWriter.read(out.resolve(ResultsWriter.FILE_NAME));
        assertEquals(6, onDisk.cells().size());

        // resuming a finished run runs nothing
        FakeExecutor third = new FakeExecutor(c -> CellStatus.OK);
        run(e, out, third, ResumePlan.of(onDisk, e.specSha256(), cells, false), new ArrayList<>());
        assertEquals(List.of(), third.executed);
    }

    @Test
    void aChangedSpecIsRefusedUnlessForcedAndThenOnlyUnchangedCellsAreKept() throws IOException {
        ExperimentService.Prepared e = experiment(TRAINING, "[0, 1]");
        List<Cell> cells = e.cells();
        Path out = dir.resolve("out");
        run(e, out, new FakeExecutor(c -> CellStatus.OK), ResumePlan.NONE, new ArrayList<>());
        ResultsFile previous = ResultsWriter.read(out.resolve(ResultsWriter.FILE_NAME));

        ExperimentService.Prepared more = experiment(TRAINING, "[0, 1, 2]");
        List<Cell> moreCells = more.cells();
        ResumePlan.RefusedException refused = assertThrows(ResumePlan.RefusedException.class,
                () -> ResumePlan.of(previous, more.specSha256(), moreCells, false));
        assertTrue(refused.getMessage().startsWith("the experiment spec changed since these results were written"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("--force"), refused.getMessage());

        ResumePlan forced = ResumePlan.of(previous, more.specSha256(), moreCells, true);
        assertEquals(4, forced.kept().size());
        FakeExecutor executor = new FakeExecutor(c -> CellStatus.OK);
        ResultsFile after = run(more, out, executor, forced, new ArrayList<>());
        assertEquals(List.of("a/cpu/seed=2", "b/cpu/seed=2"), executor.executed);
        assertEquals(more.specSha256(), after.specSha256());
        assertEquals(6, after.cells().size());

        // a changed learning rate changes every cell: forced, none is kept
        ExperimentService.Prepared other = experiment(TRAINING.replace("0.1", "0.2"), "[0, 1]");
        List<Cell> otherCells = other.cells();
        ResumePlan none = ResumePlan.of(previous, other.specSha256(), otherCells, true);
        assertEquals(0, none.kept().size());
        assertTrue(none.notes().stream().anyMatch(n -> n.contains("settings.learningRate 0.1, now 0.2")), none.notes().toString());
    }

    @Test
    void otherOverridesAreRefusedWithTheDifference() throws IOException {
        ExperimentService.Prepared e = experiment(TRAINING, "[0]");
        List<Cell> cells = e.cells();
        Path out = dir.resolve("out");
        run(e, out, new FakeExecutor(c -> CellStatus.OK), ResumePlan.NONE, new ArrayList<>());
        ResultsFile previous = ResultsWriter.read(out.resolve(ResultsWriter.FILE_NAME));

        List<Cell> moreEpochs = overridden(TRAINING, "[0]", new ExperimentService.Overrides(List.of(), 2, null)).cells();
        ResumePlan.RefusedException refused = assertThrows(ResumePlan.RefusedException.class,
                () -> ResumePlan.of(previous, e.specSha256(), moreEpochs, false));
        assertTrue(refused.getMessage().contains("finished cell a/cpu/seed=0 was defined differently (settings.epochs 1, now 2)"),
                refused.getMessage());
        List<Cell> limited = overridden(TRAINING, "[0]", new ExperimentService.Overrides(List.of(), null, 500)).cells();
        refused = assertThrows(ResumePlan.RefusedException.class, () -> ResumePlan.of(previous, e.specSha256(), limited, false));
        assertTrue(refused.getMessage().contains("(settings.trainLimit unset, now 500)"), refused.getMessage());
        List<Cell> otherBackend = overridden(TRAINING, "[0]", new ExperimentService.Overrides(List.of("other"), null,
                null)).cells();
        refused = assertThrows(ResumePlan.RefusedException.class, () -> ResumePlan.of(previous, e.specSha256(), otherBackend, false));
        assertTrue(refused.getMessage().contains("finished cell a/cpu/seed=0 is not in this run's matrix"), refused.getMessage());
        assertEquals(0, ResumePlan.of(previous, e.specSha256(), otherBackend, true).kept().size());
        assertEquals(2, ResumePlan.of(previous, e.specSha256(), cells, false).kept().size());
    }
}
