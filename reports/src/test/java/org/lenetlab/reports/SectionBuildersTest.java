package org.lenetlab.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lenetlab.data.ImageSet;
import org.lenetlab.results.ModelSummary;

/** The smaller section builders, each on its own, on hand-made cells. */
class SectionBuildersTest {
    private static final ModelSummary TINY = new ModelSummary("tiny", List.of(1, 2, 2),
            List.of(new ModelSummary.Layer("fc", "dense", List.of(2), 10, 0, 10)), 10, 0, 10);

    @Test
    void digitsWithoutPredictionsOrImagesAreListedByIndex() {
        LoadedResults run = TestCells.run("run", Map.of(), List.of(TINY),
                TestCells.ok("tiny/cpu/0", "tiny", "cpu", 0, 0.5, List.of(3, 7), null));
        List<ReportModel.CellDigits> digits = DigitsBuilder.build(RunCell.of(List.of(run)), Optional.empty(), false);
        assertEquals(1, digits.size());
        assertEquals("all 2 misclassified test images (this results file does not record the predicted labels)",
                digits.get(0).caption());
        assertEquals(new ReportModel.Digit(3, "?", "?", "", "test image #3: true ?, predicted ?"),
                digits.get(0).digits().get(0));
        assertEquals(List.of(), List.copyOf(DigitsBuilder.drawn(digits)));
    }

    @Test
    void digitsAreDrawnFromTheImagesThatHaveThem() {
        ImageSet images = new ImageSet(4, 2, 2, new float[16], new int[] {0, 1, 2, 3});
        LoadedResults run = TestCells.run("run", Map.of(), List.of(TINY),
                TestCells.ok("tiny/cpu/0", "tiny", "cpu", 0, 0.5, List.of(3, 7), List.of(1, 2)));
        List<ReportModel.CellDigits> digits = DigitsBuilder.build(RunCell.of(List.of(run)),
                Optional.of(new TestImages(images, Map.of())), true);
        assertEquals("tiny/cpu/0 (run)", digits.get(0).id());
        assertEquals(new ReportModel.Digit(3, "3", "1", "mnist-3", "test image #3: true 3, predicted 1"),
                digits.get(0).digits().get(0));
        assertEquals("", digits.get(0).digits().get(1).cssClass(), "index 7 is not among the 4 images");
        assertEquals(List.of(3), List.copyOf(DigitsBuilder.drawn(digits)));
    }

    @Test
    void confusionMatricesOfCellsAreSummed() {
        LoadedResults run = TestCells.run("run", Map.of(), List.of(TINY),
                TestCells.ok("tiny/cpu/0", "tiny", "cpu", 0, 0.95, List.of(), List.of()),
                TestCells.ok("tiny/cpu/1", "tiny", "cpu", 1, 0.95, List.of(), List.of()));
        ReportModel.Confusion c = ConfusionBuilder.build(RunCell.of(List.of(run))).get(0);
        assertEquals("Summed over 2 finished cells (backends cpu; seeds 0, 1)", c.caption());
        assertEquals(List.of("18", "2"), c.rows().get(0).cells().stream().map(ReportModel.ConfusionCell::count).toList());
        assertEquals(List.of("0", "20"), c.rows().get(1).cells().stream().map(ReportModel.ConfusionCell::count).toList());
        assertEquals("color:#b8bfcc", c.rows().get(1).cells().get(0).style(), "zero counts are greyed");
        assertEquals(PerClassBuilder.build(new long[][] {{18, 2}, {0, 20}}), c.perClass());
    }

    @Test
    void modelsAreListedInSpecOrderAndDifferentDefinitionsNoted() {
        ModelSummary other = new ModelSummary("tiny", List.of(1, 2, 2),
                List.of(new ModelSummary.Layer("fc", "dense", List.of(2), 12, 0, 12)), 12, 0, 12);
        LoadedResults first = TestCells.run("first", Map.of(), List.of(TINY),
                TestCells.ok("stray/cpu/0", "stray", "cpu", 0, 0.5, List.of(), List.of()));
        LoadedResults second = TestCells.run("second", Map.of(), List.of(other));
        ModelCatalog catalog = ModelCatalog.of(List.of(first, second), RunCell.of(List.of(first, second)));
        assertEquals(List.of("tiny", "stray"), catalog.names());
        assertEquals(TINY, catalog.models().get(0).summary());
        assertEquals("first", catalog.models().get(0).run());
        assertEquals(ModelCatalog.NO_SPEC, catalog.models().get(1).problem());
        assertEquals(List.of("Model tiny is defined differently in first and second; the architecture shown is the one"
                + " of first."), catalog.notes());
    }

    @Test
    void inputNotesSayWhichRunsUsedOtherData() {
        LoadedResults a = TestCells.run("a", Map.of("t10k-images-idx3-ubyte", "aaaaaaaaaaaaaaaaaaaa"), List.of());
        LoadedResults b = TestCells.run("b", Map.of("t10k-images-idx3-ubyte", "bbbb"), List.of());
        ImageSet images = new ImageSet(1, 1, 1, new float[1], new int[] {0});
        List<String> notes = InputNotesBuilder.build(List.of(a, b),
                Optional.of(new TestImages(images, Map.of("t10k-images-idx3-ubyte", "bbbb"))));
        assertEquals(List.of("The runs used different copies of t10k-images-idx3-ubyte: a aaaaaaaaaaaa…, b bbbb.",
                "The test images the digits are drawn from (t10k-images-idx3-ubyte bbbb) differ from those of a."),
                notes);
        assertEquals(List.of(), InputNotesBuilder.build(List.of(b),
                Optional.of(new TestImages(images, Map.of("t10k-images-idx3-ubyte", "bbbb")))));
        assertTrue(InputNotesBuilder.build(List.of(b), Optional.empty()).get(0).contains("listed by index only"));
    }

    @Test
    void cellsThatDidNotFinishAreProblems() {
        LoadedResults run = TestCells.run("run", Map.of(), List.of(TINY),
                TestCells.ok("tiny/cpu/0", "tiny", "cpu", 0, 0.5, List.of(), List.of()),
                org.lenetlab.results.CellResult.ended("tiny/cuda/0", "tiny", "cuda", 0, null,
                        org.lenetlab.results.CellStatus.SKIPPED, "no device", null, null));
        assertEquals(List.of(new ReportModel.Problem("tiny/cuda/0", "skipped", "no device", "run")),
                ProblemsBuilder.build(RunCell.of(List.of(run))));
    }
}
