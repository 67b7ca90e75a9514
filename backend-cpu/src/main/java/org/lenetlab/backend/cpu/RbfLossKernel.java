package org.lenetlab.backend.cpu;

import java.util.Objects;
import org.lenetlab.backend.kernels.LossChecks;
import org.lenetlab.backend.kernels.LossKernel;
import org.lenetlab.backend.kernels.Tensor;

/**
 * The losses on RBF outputs, on the host in double precision (the outputs are batch × classes):
 * <ul>
 * <li>{@link Kind#DISTANCE} (LeCun et al., eq. 8): E = y_label; prediction argmin y.</li>
 * <li>{@link Kind#MAP} (eq. 9): E = y_label + log(e^−j + Σ_i e^−y_i); prediction argmin y.</li>
 * <li>{@link Kind#CROSS_ENTROPY}: E = −log(y_label / Σ_i y_i) for positive (Gaussian) outputs; prediction
 * argmax y.</li>
 * </ul>
 * Each is averaged over the batch. The curvature estimates are the diagonals of the exact second derivatives with
 * respect to y where those are positive semi-definite: 0 for eq. 8 (linear in y), q_i(1 − q_i) for eq. 9 with
 * q_i = e^−y_i / (e^−j + Σ e^−y), and for the cross-entropy the Gauss–Newton diagonal in log y, p_i(1 − p_i) / y_i².
 */
final class RbfLossKernel implements LossKernel {
    /** Which loss. */
    enum Kind {
        /** Equation 8. */
        DISTANCE,
        /** Equation 9, maximum a posteriori. */
        MAP,
        /** Cross-entropy on likelihood-like outputs. */
        CROSS_ENTROPY
    }

    /** Outputs below this are taken as this in logarithms and divisions, so nothing becomes infinite. */
    private static final double TINY = 1e-300;

    private final Kind kind;
    private final double j;
    private final LossRows rows;

    /** The loss of {@code kind}, reading outputs as {@link LossRows#LossRows(boolean)} says. */
    RbfLossKernel(Kind kind, double j, boolean float32Outputs) {
        this.kind = kind;
        this.j = j;
        this.rows = new LossRows(float32Outputs);
    }

    @Override
    public double lossAndGradient(Tensor output, int[] labels, int count, Tensor gradient, int[] predictions) {
        return compute(output, labels, count, gradient, null, predictions);
    }

    @Override
    public double lossGradientAndCurvature(Tensor output, int[] labels, int count, Tensor gradient, Tensor curvature) {
        return compute(output, labels, count, gradient, Objects.requireNonNull(curvature, "curvature"), null);
    }

    @Override
    public double evaluate(Tensor output, int[] labels, int count, int[] predictions) {
        int classes = LossChecks.check("an RBF loss", output.shape(), labels, count,
                Objects.requireNonNull(predictions, "predictions"));
        double[] y = rows.load(output);
        double total = 0;
        for (int r = 0; r < count; r++) {
            total += rowLoss(y, r * classes, classes, labels[r], null, null, 1.0);
            predictions[r] = predict(y, r * classes, classes);
        }
        return total;
    }

    private double compute(Tensor output, int[] labels, int count, Tensor gradient, Tensor curvature,
                           int[] predictions) {
        int classes = LossChecks.check("an RBF loss", output.shape(), labels, count, predictions);
        LossChecks.sameShape(output.shape(), gradient.shape());
        if (curvature != null) {
            LossChecks.sameShape(output.shape(), curvature.shape());
        }
        double[] y = rows.load(output);
        double[] g = rows.gradient(y.length);
        double[] h = curvature == null ? null : rows.curvature(y.length);
        double scale = 1.0 / count;
        double total = 0;
        for (int r = 0; r < count; r++) {
            int base = r * classes;
            if (predictions != null) {
                predictions[r] = predict(y, base, classes);
            }
            total += rowLoss(y, base, classes, labels[r], g, h, scale);
        }
        gradient.write(g);
        if (curvature != null) {
            curvature.write(h);
        }
        return total / count;
    }

    /** One row's loss; adds {@code scale} × its gradient (and curvature) into {@code g} ({@code h}) when given. */
    private double rowLoss(double[] y, int base, int classes, int label, double[] g, double[] h, double scale) {
        switch (kind) {
            case DISTANCE -> {
                if (g != null) {
                    g[base + label] = scale;
                }
                return y[base + label];
            }
            case MAP -> {
                // log(e^-j + Σ e^-y) with the largest exponent factored out
                double top = -j;
                for (int i = 0; i < classes; i++) {
                    top = Math.max(top, -y[base + i]);
                }
                double sum = Math.exp(-j - top);
                for (int i = 0; i < classes; i++) {
                    sum += Math.exp(-y[base + i] - top);
                }
                double logSum = top + Math.log(sum);
                if (g != null) {
                    for (int i = 0; i < classes; i++) {
                        double q = Math.exp(-y[base + i] - logSum);
                        g[base + i] = ((i == label ? 1.0 : 0.0) - q) * scale;
                        if (h != null) {
                            h[base + i] = q * (1 - q) * scale;
                        }
                    }
                }
                return y[base + label] + logSum;
            }
            case CROSS_ENTROPY -> {
                double sum = 0;
                for (int i = 0; i < classes; i++) {
                    sum += Math.max(y[base + i], TINY);
                }
                double own = Math.max(y[base + label], TINY);
                if (g != null) {
                    for (int i = 0; i < classes; i++) {
                        double yi = Math.max(y[base + i], TINY);
                        g[base + i] = ((i == label ? -1.0 / own : 0.0) + 1.0 / sum) * scale;
                        if (h != null) {
                            double p = yi / sum;
                            h[base + i] = p * (1 - p) / (yi * yi) * scale;
                        }
                    }
                }
                return Math.log(sum) - Math.log(own);
            }
            default -> throw new IllegalStateException("unknown loss " + kind);
        }
    }

    /** argmin for the distances, argmax for the cross-entropy's likelihoods; the first on ties. */
    private int predict(double[] y, int base, int classes) {
        int best = 0;
        boolean smallest = kind != Kind.CROSS_ENTROPY;
        for (int i = 1; i < classes; i++) {
            double v = y[base + i];
            if (smallest ? v < y[base + best] : v > y[base + best]) {
                best = i;
            }
        }
        return best;
    }
}
