package org.lenetlab.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lenetlab.results.ModelSummary;

/** The architecture section is made from the summary the results recorded, and from nothing else. */
class ArchitectureBuilderTest {
    private static final ModelSummary SUMMARY = new ModelSummary("tiny", List.of(1, 28, 28), List.of(
            new ModelSummary.Layer("conv1", "convolution", List.of(6, 24, 24), 156, 0, 89_856),
            new ModelSummary.Layer("rbf", "rbf", List.of(10), 0, 840, 8_400)), 156, 840, 98_256);

    @Test
    void layersAndTotalsAsLenetSummaryPrintsThem() {
        ReportModel.Architecture a = ArchitectureBuilder.build(SUMMARY);
        assertEquals("1×28×28", a.input());
        assertEquals(List.of(new ReportModel.Layer("conv1", "convolution", "6×24×24", "156", "0", "89,856"),
                new ReportModel.Layer("rbf", "rbf", "10", "0", "840", "8,400")), a.layers());
        assertEquals(List.of(new ReportModel.Layer("total", "", "10", "156", "840", "98,256")), a.total());
        assertEquals("", a.error());
    }

    @Test
    void withoutASummaryTheProblemIsShown() {
        ReportModel.Architecture a = ArchitectureBuilder.build(
                new ModelCatalog.Entry("tiny", "run", null, null, "cannot plan the model: $.layers[0]: too big"));
        assertEquals(new ReportModel.Architecture("", List.of(), List.of(), "cannot plan the model: $.layers[0]: too big"),
                a);
    }

    @Test
    void cellsWithOtherParameterCountsAreNoted() {
        ModelCatalog.Entry entry = new ModelCatalog.Entry("tiny", "run", null, SUMMARY, "");
        LoadedResults run = TestCells.run("run", Map.of(), List.of(SUMMARY),
                TestCells.ok("tiny/cpu/seed=0", "tiny", "cpu", 0, 0.9, List.of(), List.of()));
        assertEquals(Optional.of("Cells of model tiny report 100 trainable parameters, but its spec plans 156."),
                ArchitectureBuilder.parameterNote(entry, RunCell.of(List.of(run))));
        assertEquals(Optional.empty(), ArchitectureBuilder.parameterNote(entry, List.of()));
    }
}
