package org.lenetlab.backend.kernels;

import org.lenetlab.plan.Shape;

/** The argument checks every loss kernel makes, on every backend. */
public final class LossChecks {
    private LossChecks() {
    }

    /**
     * Checks {@code count} rows of outputs of shape {@code output} ([batch, classes]) against {@code labels} and,
     * unless {@code null}, the {@code predictions} array; returns the number of classes.
     *
     * @param loss the loss's name, for the message
     * @throws IllegalArgumentException for outputs that are not rows, a count outside the batch, a label outside the
     *                                  classes or a predictions array too short
     */
    public static int check(String loss, Shape output, int[] labels, int count, int[] predictions) {
        if (output.rank() != 2) {
            throw new IllegalArgumentException(loss + " needs [batch, classes] outputs, got " + output);
        }
        int rows = output.dim(0);
        int classes = output.dim(1);
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

    /** Checks that a loss's gradient (or curvature) tensor has the outputs' shape. */
    public static void sameShape(Shape output, Shape gradient) {
        if (!gradient.equals(output)) {
            throw new IllegalArgumentException("gradient shape " + gradient + " differs from output shape " + output);
        }
    }
}
