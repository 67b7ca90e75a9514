package org.lenetlab.backend.kernels;

/** A model's loss and its prediction rule on one backend. */
public interface LossKernel {
    /**
     * The mean loss of the first {@code count} rows of {@code output} against {@code labels}, its gradient with
     * respect to {@code output} written into {@code gradient} (same shape as {@code output}), and each row's
     * predicted class written into {@code predictions[0..count)}.
     */
    double lossAndGradient(Tensor output, int[] labels, int count, Tensor gradient, int[] predictions);

    /**
     * Evaluation: the summed (not mean) loss of the first {@code count} rows, writing each row's predicted class
     * into {@code predictions[0..count)}.
     */
    double evaluate(Tensor output, int[] labels, int count, int[] predictions);

    /**
     * As {@link #lossAndGradient} (without predictions), and also writes into {@code curvature} a non-negative
     * Gauss–Newton estimate of the diagonal of the mean loss's second derivative with respect to {@code output},
     * for the curvature pass of {@link LayerKernel#backwardCurvature}. Rows from {@code count} on get zeros.
     *
     * @throws UnsupportedOperationException when this loss has no curvature estimate (the default)
     */
    default double lossGradientAndCurvature(Tensor output, int[] labels, int count, Tensor gradient, Tensor curvature) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no curvature estimate");
    }
}
