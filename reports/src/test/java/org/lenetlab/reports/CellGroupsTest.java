package org.lenetlab.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lenetlab.plan.Precision;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.TestSettings;
import org.lenetlab.spec.LearningRateStep;
import org.lenetlab.spec.Normalization;
import org.lenetlab.spec.OptimizerKind;
import org.lenetlab.train.TrainingSettings;

/** Typed settings are grouped and compared as results record them. */
class CellGroupsTest {
    private static final TrainingSettings SGD = TestSettings.sgd(1);
    private static final TrainingSettings FLOAT64 = new TrainingSettings(1, 64, OptimizerKind.SGD, 0.01, 0.0, null,
            null, null, 0, Normalization.NONE, 1000, null, List.of(new LearningRateStep(1, 0.01),
            new LearningRateStep(3, 0.001)), null, null, Precision.FLOAT64);

    private static CellGroups groups(CellResult... cells) {
        List<RunCell> all = RunCell.of(List.of(TestCells.run("run", Map.of(), List.of(), cells)));
        return CellGroups.of(all, List.of("m"));
    }

    @Test
    void seedsAreGroupedAndBackendsOrderedWithCpuFirst() {
        CellGroups groups = groups(
                TestCells.ok("m/cuda/0", "m", "cuda", 0, SGD, 0.9, List.of(), List.of()),
                TestCells.ok("m/cpu/0", "m", "cpu", 0, SGD, 0.9, List.of(), List.of()),
                TestCells.ok("m/cpu/1", "m", "cpu", 1, SGD, 0.8, List.of(), List.of()));
        assertEquals(List.of("cpu", "cuda"), groups.backendOrder());
        assertEquals(List.of("cpu", "cuda"), groups.groups().stream().map(CellGroups.Group::backend).toList());
        CellGroups.Group cpu = groups.groups().get(0);
        assertEquals(2, cpu.cells().size());
        assertEquals(0.85, cpu.accuracy().orElseThrow().mean(), 1e-12);
        assertEquals(List.of(), groups.differingNames());
        assertEquals("—", cpu.label());
        assertEquals(cpu, groups.groupOf(RunCell.of(List.of(TestCells.run("run", Map.of(), List.of(),
                cpu.cells().get(1).cell()))).get(0)).orElseThrow());
    }

    @Test
    void settingsThatDifferLabelTheirGroupsUnderTheirResultsNames() {
        CellGroups groups = groups(
                TestCells.ok("m/cpu/0", "m", "cpu", 0, SGD, 0.9, List.of(), List.of()),
                TestCells.ok("m/cpu/0/f64", "m", "cpu", 0, FLOAT64, 0.9, List.of(), List.of()));
        assertEquals(List.of("learningRateSchedule", "precision"), groups.differingNames());
        assertTrue(groups.settingNames().containsAll(List.of("epochs", "batchSize", "optimizer", "normalization")));
        assertEquals("learningRateSchedule — · precision float32", groups.groups().get(0).label());
        assertEquals("learningRateSchedule fromEpoch 1, learningRate 0.01, fromEpoch 3, learningRate 0.001"
                + " · precision float64", groups.groups().get(1).label());
        assertEquals("mean 0, std 1", CellGroups.text(groups.groups().get(0).settings(), "normalization"));
        assertEquals("sgd", CellGroups.text(groups.groups().get(0).settings(), "optimizer"));
    }

    @Test
    void aCellWithoutSettingsIsAGroupOfItsOwn() {
        CellResult bare = CellResult.ended("m/cpu/9", "m", "cpu", 9, null, CellStatus.SKIPPED, "no device", null,
                null);
        CellGroups groups = groups(TestCells.ok("m/cpu/0", "m", "cpu", 0, SGD, 0.9, List.of(), List.of()), bare);
        assertEquals(2, groups.groups().size());
        assertEquals(0, groups.groups().get(1).settings().size());
        assertTrue(groups.differs("epochs"));
        assertEquals("—", CellGroups.text(groups.groups().get(1).settings(), "epochs"));
    }
}
