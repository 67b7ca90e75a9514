package org.lenetlab.backend.cpu;

/**
 * What the host-side loss kernels share: checking a batch of rows against its labels, and a reusable double
 * buffer the rows are copied into.
 */
final class LossRows {
    private double[] values = new double[0];

    /**
     * Checks {@code count} rows of {@code out} (shape [batch, classes]) against {@code labels} and, unless
     * {@code null}, the {@code predictions} array; returns the number of classes.
     *
     * @param loss the loss's name, for the message
     */
    static int check(String loss, CpuTensor out, int[] labels, int count, int[] predictions) {
        if (out.shape().rank() != 2) {
            throw new IllegalArgumentException(loss + " needs [batch, classes] outputs, got " + out.shape());
        }
        int rows = out.shape().dim(0);
        int classes = out.shape().dim(1);
        if (count <= 0 || count > rows || count > labels.length) {
            throw new IllegalArgumentException("count " + count + " outside 1.." + Math.min(rows, labels.length));
        }
        for (int r = 0; r < count; r++) {
            if (labels[r] < 0 || labels[r] >= classes) {
                throw new IllegalArgumentException("label " + labels[r] + " of row " + r + " outside 0.."
                        + (classes - 1));
            }
        }
        if (predictions != null && predictions.length < count) {
            throw new IllegalArgumentException("predictions hold " + predictions.length + " rows, need " + count);
        }
        return classes;
    }

    /** {@code out}'s values in double precision, in a buffer reused from call to call. */
    double[] load(CpuTensor out) {
        int n = out.length();
        if (values.length < n) {
            values = new double[n];
        }
        out.copyOut(values);
        return values;
    }
}
