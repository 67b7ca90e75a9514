package org.lenetlab.reports;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lenetlab.train.EpochResult;

/**
 * Builds a model's learning curves: test accuracy and training loss after each epoch, one line per cell, as two line
 * charts.
 */
final class CurvesBuilder {
    /** The top of the accuracy chart's y axis (percent). */
    static final int ACCURACY_MAX = 100;

    private CurvesBuilder() {
    }

    /**
     * The curves of one model, or none when no cell of it finished an epoch.
     *
     * @param index       the model's index in the report (names the canvases)
     * @param cells       the model's cells
     * @param groups      the cell groups (a line is labelled with its group's differing settings)
     * @param severalRuns whether the report has more than one run (then a line names its run)
     */
    static List<ReportModel.Curves> build(int index, List<RunCell> cells, CellGroups groups, boolean severalRuns) {
        List<RunCell> trained = cells.stream().filter(l -> l.cell().epochs() != null && !l.cell().epochs().isEmpty())
                .toList();
        if (trained.isEmpty()) {
            return List.of();
        }
        int epochs = trained.stream().flatMap(l -> l.cell().epochs().stream()).mapToInt(EpochResult::epoch).max()
                .orElse(1);
        List<Integer> epochLabels = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            epochLabels.add(e);
        }
        List<Chart.Series> accuracy = new ArrayList<>();
        List<Chart.Series> loss = new ArrayList<>();
        for (RunCell l : trained) {
            Double[] acc = new Double[epochs];
            Double[] lss = new Double[epochs];
            for (EpochResult e : l.cell().epochs()) {
                if (e.epoch() >= 1 && e.epoch() <= epochs) {
                    acc[e.epoch() - 1] = finite(e.testAccuracy() * 100);
                    lss[e.epoch() - 1] = finite(e.trainLoss());
                }
            }
            String settings = groups.groupOf(l).filter(CellGroups.Group::labelled)
                    .map(g -> " · " + g.label()).orElse("");
            String label = l.cell().backend() + " · seed " + l.cell().seed() + settings
                    + (severalRuns ? " · " + l.run().label() : "");
            accuracy.add(new Chart.Series(label, Arrays.asList(acc)));
            loss.add(new Chart.Series(label, Arrays.asList(lss)));
        }
        Chart.Line accuracyChart = new Chart.Line("curve-accuracy-" + index, "Test accuracy (%)", "epoch",
                epochLabels, accuracy, ACCURACY_MAX);
        Chart.Line lossChart = new Chart.Line("curve-loss-" + index, "Training loss", "epoch", epochLabels, loss, null);
        String note = epochs == 1 ? "One epoch per cell, so each cell is a single point." : "";
        return List.of(new ReportModel.Curves(accuracyChart, lossChart, note));
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
