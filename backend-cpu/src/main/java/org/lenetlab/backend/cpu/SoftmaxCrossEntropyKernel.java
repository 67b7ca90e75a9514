package org.lenetlab.backend.cpu;

import java.util.Arrays;
import java.util.Objects;
import org.lenetlab.backend.kernels.LossChecks;
import org.lenetlab.backend.kernels.LossKernel;
import org.lenetlab.backend.kernels.Tensor;

/**
 * Softmax cross-entropy on the host: the outputs are small (batch × classes), so one bulk copy out, a stable
 * log-sum-exp per row, and one bulk copy of the gradient back beat a chain of native ops.

 */
final class SoftmaxCrossEntropyKernel implements LossKernel {
    private final LossRows rows;

    /** The loss, reading outputs as {@link LossRows#LossRows(boolean)} says. */
    SoftmaxCrossEntropyKernel(boolean float32Outputs) {
        this.rows = new LossRows(float32Outputs);
    }

    /**
     * The mean loss of the first {@code count} rows, its gradient written into {@code gradient}, and, unless
     * {@code predictions} is {@code null}, each row's predicted class (argmax, first on ties) into
     * {@code predictions[0..count)}.
     */
    @Override
    public double lossAndGradient(Tensor output, int[] labels, int count, Tensor gradient, int[] predictions) {
        LossChecks.sameShape(output.shape(), gradient.shape());
        double loss = compute(output, labels, count, predictions);
        gradient.write(rows.values());
        return loss;
    }

    /** The mean loss; leaves the gradient in the rows' buffer. */
    private double compute(Tensor output, int[] labels, int count, int[] predictions) {
        int classes = LossChecks.check("softmax cross-entropy", output.shape(), labels, count, predictions);
        double[] z = rows.load(output);
        double total = 0;
        double scale = 1.0 / count;
        for (int r = 0; r < count; r++) {
            int base = r * classes;
            int best = argMax(z, base, classes);
            if (predictions != null) {
                predictions[r] = best;
            }
            double max = z[base + best];
            int label = labels[r];
            double shiftedLabel = z[base + label] - max;
            double sum = 0;
            for (int j = 0; j < classes; j++) {
                double e = Math.exp(z[base + j] - max);
                z[base + j] = e;
                sum += e;
            }
            total += Math.log(sum) - shiftedLabel;
            for (int j = 0; j < classes; j++) {
                z[base + j] = (z[base + j] / sum - (j == label ? 1.0 : 0.0)) * scale;
            }
        }
        Arrays.fill(z, count * classes, z.length, 0.0);
        return total / count;
    }

    /** As {@link #lossAndGradient}, with the Gauss–Newton diagonal p_j(1 − p_j)/count in {@code curvature}. */
    @Override
    public double lossGradientAndCurvature(Tensor output, int[] labels, int count, Tensor gradient, Tensor curvature) {
        LossChecks.sameShape(output.shape(), gradient.shape());
        LossChecks.sameShape(output.shape(), curvature.shape());
        double loss = compute(output, labels, count, null);
        double[] g = rows.values();
        gradient.write(g);
        int classes = output.shape().dim(1);
        double[] h = rows.curvature(g.length);
        for (int r = 0; r < count; r++) {
            for (int j = 0; j < classes; j++) {
                int k = r * classes + j;
                // g = (p - [j = label]) / count, so p = g·count + [j = label]
                double p = g[k] * count + (j == labels[r] ? 1.0 : 0.0);
                h[k] = p * (1 - p) / count;
            }
        }
        curvature.write(h);
        return loss;
    }

    @Override
    public double evaluate(Tensor output, int[] labels, int count, int[] predictions) {
        int classes = LossChecks.check("softmax cross-entropy", output.shape(), labels, count,
                Objects.requireNonNull(predictions, "predictions"));
        double[] z = rows.load(output);
        double total = 0;
        for (int r = 0; r < count; r++) {
            int base = r * classes;
            int best = argMax(z, base, classes);
            double max = z[base + best];
            double sum = 0;
            for (int j = 0; j < classes; j++) {
                sum += Math.exp(z[base + j] - max);
            }
            total += max + Math.log(sum) - z[base + labels[r]];
            predictions[r] = best;
        }
        return total;
    }

    /** The column of the row's largest value, the first one on ties. */
    private static int argMax(double[] z, int base, int classes) {
        int best = 0;
        for (int j = 1; j < classes; j++) {
            if (z[base + j] > z[base + best]) {
                best = j;
            }
        }
        return best;
    }
}
