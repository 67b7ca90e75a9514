package org.lenetlab.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.TestSettings;
import org.lenetlab.spec.AugmentationSpec;
import org.lenetlab.train.TrainingSettings;

/** The paper's table: each finished cell of a model the paper has, its test error beside the paper's figure. */
class PaperTableBuilderTest {
    private static TrainingSettings distorted() {
        TrainingSettings s = TestSettings.sgd(1);
        return new TrainingSettings(s.epochs(), s.batchSize(), s.optimizer(), s.learningRate(), s.momentum(),
                s.beta1(), s.beta2(), s.epsilon(), s.weightDecay(), s.normalization(), s.evaluationBatchSize(),
                s.trainLimit(), null, null, null, s.precision(),
                new AugmentationSpec("paper", 0.9, 2.0, 0.15, 0.15, 0.3, null, null));
    }

    @Test
    void eachPaperModelSitsBesideItsFigureWithAndWithoutDistortions() {
        CellResult lenet1 = TestCells.ok("lenet1/cpu/seed=0", "lenet1", "cpu", 0, 0.9841, List.of(), List.of());
        CellResult lenet5 = TestCells.ok("lenet5-original/cpu/augmentation=none/seed=0", "lenet5-original", "cpu", 0,
                0.9919, List.of(), List.of());
        CellResult lenet5d = TestCells.ok("lenet5-original/cpu/augmentation=paper/seed=0", "lenet5-original", "cpu", 0,
                distorted(), 0.9915, List.of(), List.of());
        CellResult other = TestCells.ok("relu/cpu/seed=0", "lenet5-relu-maxpool", "cpu", 0, 0.99, List.of(), List.of());
        List<ReportModel.PaperCell> rows = PaperTableBuilder.build(RunCell.of(List.of(
                TestCells.run("paper", Map.of(), List.of(), lenet1, lenet5, lenet5d, other))));
        assertEquals(3, rows.size());
        assertEquals(new ReportModel.PaperCell("LeNet-1", "lenet1/cpu/seed=0", "1.59%", "1.70%", "-0.11", true),
                rows.get(0));
        assertEquals(new ReportModel.PaperCell("LeNet-5", lenet5.id(), "0.81%", "0.95%", "-0.14", true), rows.get(1));
        ReportModel.PaperCell d = rows.get(2);
        assertEquals("LeNet-5, distortions", d.row());
        assertEquals("0.85%", d.error());
        assertEquals("0.80%", d.published());
        assertEquals("+0.05", d.difference());
        assertFalse(d.met());
        String html = HtmlReport.render(List.of(TestCells.run("paper", Map.of(), List.of(), lenet1, lenet5, lenet5d)),
                java.util.Optional.empty());
        String section = html.substring(html.indexOf("id=\"paper-table\""), html.indexOf("</table>",
                html.indexOf("id=\"paper-table\"")));
        for (String text : List.of("LeNet-1", "1.59%", "1.70%", "0.81%", "0.95%", "LeNet-5, distortions", "0.85%",
                "0.80%", "+0.05")) {
            assertTrue(section.contains(text), "every row is rendered: " + text + " in " + section);
        }
        assertFalse(HtmlReport.render(List.of(TestCells.run("other", Map.of(), List.of(), other)),
                java.util.Optional.empty()).contains("Against the 1998 paper"), "no section without a paper model");
    }
}
