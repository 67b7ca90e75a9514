package org.lenetlab.reports;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the per-class table from a confusion matrix: precision, recall, F1 and support of each class, the weakest
 * F1 marked.
 */
final class PerClassBuilder {
    private PerClassBuilder() {
    }

    /** The rows of the square matrix {@code counts} ({@code [true][predicted]}), one per class, named by number. */
    static List<ReportModel.ClassRow> build(long[][] counts) {
        List<String> names = new ArrayList<>();
        for (int t = 0; t < counts.length; t++) {
            names.add(Integer.toString(t));
        }
        return build(counts, names);
    }

    /** The rows of the square matrix {@code counts}, one per class, named by {@code names}. */
    static List<ReportModel.ClassRow> build(long[][] counts, List<String> names) {
        int k = counts.length;
        long[] rowSums = new long[k];
        long[] columnSums = new long[k];
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                rowSums[t] += counts[t][p];
                columnSums[p] += counts[t][p];
            }
        }
        double[] precision = new double[k];
        double[] recall = new double[k];
        double[] f1 = new double[k];
        for (int t = 0; t < k; t++) {
            precision[t] = columnSums[t] == 0 ? 0 : (double) counts[t][t] / columnSums[t];
            recall[t] = rowSums[t] == 0 ? 0 : (double) counts[t][t] / rowSums[t];
            f1[t] = precision[t] + recall[t] == 0 ? 0 : 2 * precision[t] * recall[t] / (precision[t] + recall[t]);
        }
        double worst = Arrays.stream(f1).min().orElse(0);
        List<ReportModel.ClassRow> rows = new ArrayList<>(k);
        for (int t = 0; t < k; t++) {
            rows.add(new ReportModel.ClassRow(names.get(t), Formats.percent(precision[t]),
                    Formats.percent(recall[t]), Formats.percent(f1[t]), Formats.count(rowSums[t]), f1[t] == worst));
        }
        return rows;
    }
}
