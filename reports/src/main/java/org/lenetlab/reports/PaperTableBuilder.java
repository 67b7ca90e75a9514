package org.lenetlab.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;

/**
 * Builds the table against LeCun et al. (1998): every finished MNIST cell of a model the paper's table has (the
 * shipped {@code lenet1}, {@code lenet4}, {@code lenet5-original}), its test error next to the paper's figure for
 * the same model trained the same way (with or without distortions). Cells no row of the paper matches are left out.
 */
final class PaperTableBuilder {
    /**
     * One row of the paper's table.
     *
     * @param model       the shipped model spec's name
     * @param distortions whether the row is the model trained with distorted patterns
     * @param label       the paper's name of the row
     * @param error       the paper's test error, in percent
     */
    record PaperRow(String model, boolean distortions, String label, double error) {
    }

    /** The rows of LeCun, Bottou, Bengio and Haffner, Proc. IEEE 86(11), 1998, that LeNet Lab ships models for. */
    static final List<PaperRow> PAPER = List.of(
            new PaperRow("lenet1", false, "LeNet-1", 1.7),
            new PaperRow("lenet4", false, "LeNet-4", 1.1),
            new PaperRow("lenet5-original", false, "LeNet-5", 0.95),
            new PaperRow("lenet5-original", true, "LeNet-5, distortions", 0.8));

    private PaperTableBuilder() {
    }

    /** The rows for {@code cells}, in cell order. */
    static List<ReportModel.PaperCell> build(List<RunCell> cells) {
        List<ReportModel.PaperCell> rows = new ArrayList<>();
        for (RunCell l : cells) {
            CellResult c = l.cell();
            if (c.status() != CellStatus.OK || c.testAccuracy() == null || !onMnist(l.run())) {
                continue;
            }
            boolean distorted = c.settings() != null && c.settings().augmentation() != null;
            Optional<PaperRow> row = PAPER.stream()
                    .filter(p -> p.model().equals(c.model()) && p.distortions() == distorted).findFirst();
            if (row.isEmpty()) {
                continue;
            }
            double error = (1 - c.testAccuracy()) * 100;
            double difference = error - row.get().error();
            rows.add(new ReportModel.PaperCell(row.get().label(), c.id(),
                    String.format(Locale.ROOT, "%.2f%%", error), String.format(Locale.ROOT, "%.2f%%", row.get().error()),
                    String.format(Locale.ROOT, "%+.2f", difference), error <= row.get().error()));
        }
        return rows;
    }

    private static boolean onMnist(LoadedResults run) {
        JsonNode spec = run.results().resolvedSpec();
        JsonNode dataset = spec == null ? null : spec.get("dataset");
        return dataset == null || dataset.isNull()
                || "mnist".equals(dataset.path("name").asText()) && dataset.get("files") == null;
    }
}
