package org.lenetlab.backend.cpu;

import org.lenetlab.backend.kernels.Tensor;

/**
 * The rows a host-side loss kernel works on: the outputs read into a reusable float64 buffer, and a buffer for the
 * gradient (and curvature) it writes back. The outputs are read as the network's values, or rounded to float32 when
 * the engine asks for it (see {@link Float64Kernels}).
 */
final class LossRows {
    private final boolean float32Outputs;
    private double[] values = new double[0];
    private double[] gradient = new double[0];
    private double[] curvature = new double[0];

    /** Rows read as the tensors hold them, or, with {@code float32Outputs}, rounded to float32. */
    LossRows(boolean float32Outputs) {
        this.float32Outputs = float32Outputs;
    }

    /** {@code out}'s values in float64, in a buffer reused from call to call. */
    double[] load(Tensor out) {
        int n = Math.toIntExact(out.shape().size());
        if (values.length != n) {
            values = new double[n];
        }
        out.read(values);
        if (float32Outputs) {
            for (int i = 0; i < n; i++) {
                values[i] = (float) values[i];
            }
        }
        return values;
    }

    /** The buffer the last {@link #load} filled (a kernel may have overwritten it since). */
    double[] values() {
        return values;
    }

    /** A zero-filled gradient buffer of {@code n} values, reused from call to call. */
    double[] gradient(int n) {
        if (gradient.length != n) {
            gradient = new double[n];
        } else {
            java.util.Arrays.fill(gradient, 0.0);
        }
        return gradient;
    }

    /** A zero-filled curvature buffer of {@code n} values, reused from call to call. */
    double[] curvature(int n) {
        if (curvature.length != n) {
            curvature = new double[n];
        } else {
            java.util.Arrays.fill(curvature, 0.0);
        }
        return curvature;
    }
}
