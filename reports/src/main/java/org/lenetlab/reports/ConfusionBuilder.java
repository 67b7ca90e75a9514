package org.lenetlab.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Builds a model's confusion matrix: the counts of its finished cells summed, as a heat map (the diagonal green by
 * recall, confusions red by count), with the per-class metrics of the same counts ({@link PerClassBuilder}).
 */
final class ConfusionBuilder {
    private ConfusionBuilder() {
    }

    /** The summed matrix of the model's {@code cells}, or none when no cell finished with one. */
    static List<ReportModel.Confusion> build(List<RunCell> cells) {
        List<RunCell> finished = cells.stream().filter(l -> l.ok() && l.cell().confusionMatrix() != null
                && !l.cell().confusionMatrix().isEmpty()).toList();
        if (finished.isEmpty()) {
            return List.of();
        }
        int k = finished.get(0).cell().confusionMatrix().size();
        finished = finished.stream().filter(l -> isSquare(l.cell().confusionMatrix(), k)).toList();
        long[][] sum = sum(finished, k);
        long maxOff = 1;
        long[] rowSums = new long[k];
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                rowSums[t] += sum[t][p];
                if (t != p) {
                    maxOff = Math.max(maxOff, sum[t][p]);
                }
            }
        }
        List<String> names = ClassNames.of(finished.get(0).run(), k);
        List<String> labels = new ArrayList<>();
        List<ReportModel.ConfusionRow> rows = new ArrayList<>();
        for (int t = 0; t < k; t++) {
            labels.add(names.get(t));
            List<ReportModel.ConfusionCell> row = new ArrayList<>();
            for (int p = 0; p < k; p++) {
                long n = sum[t][p];
                String style;
                if (t == p) {
                    double share = rowSums[t] == 0 ? 0 : (double) n / rowSums[t];
                    style = heat(46, 125, 50, 0.15 + 0.6 * share);
                } else {
                    style = n == 0 ? "" : heat(198, 40, 40, 0.12 + 0.78 * Math.sqrt((double) n / maxOff));
                }
                row.add(new ReportModel.ConfusionCell(Formats.count(n), n == 0 ? "color:#b8bfcc" : style,
                        "true " + names.get(t) + ", predicted " + names.get(p) + ": " + Formats.count(n)));
            }
            rows.add(new ReportModel.ConfusionRow(names.get(t), row));
        }
        String caption = finished.size() == 1 ? "Cell " + finished.get(0).cell().id()
                : "Summed over " + finished.size() + " finished cells (backends "
                + finished.stream().map(l -> l.cell().backend()).distinct().collect(Collectors.joining(", "))
                + "; seeds " + finished.stream().map(l -> l.cell().seed()).distinct().sorted().map(String::valueOf)
                .collect(Collectors.joining(", ")) + ")";
        return List.of(new ReportModel.Confusion(caption, labels, rows, PerClassBuilder.build(sum, names)));
    }

    /** The {@code k × k} matrices of {@code cells} summed. */
    static long[][] sum(List<RunCell> cells, int k) {
        long[][] sum = new long[k][k];
        for (RunCell l : cells) {
            List<List<Integer>> m = l.cell().confusionMatrix();
            for (int t = 0; t < k; t++) {
                for (int p = 0; p < k; p++) {
                    sum[t][p] += m.get(t).get(p);
                }
            }
        }
        return sum;
    }

    private static boolean isSquare(List<List<Integer>> m, int k) {
        return m.size() == k && m.stream().allMatch(r -> r != null && r.size() == k);
    }

    private static String heat(int r, int g, int b, double alpha) {
        double a = Math.min(1, Math.max(0, alpha));
        return String.format(Locale.ROOT, "background-color:rgba(%d,%d,%d,%.2f)%s", r, g, b, a,
                a > 0.55 ? ";color:#fff" : "");
    }
}
