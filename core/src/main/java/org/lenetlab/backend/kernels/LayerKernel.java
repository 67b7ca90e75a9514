package org.lenetlab.backend.kernels;

import java.util.List;

/**
 * The forward and backward computation of one planned layer on one backend. Kernels hold their parameters;
 * activations and gradients between layers are allocated by the training loop and passed in.
 */
public interface LayerKernel {
    /** The layer's parameters, in the order of its plan's parameters; empty for layers without any. */
    List<Parameter> parameters();

    /**
     * Computes {@code output} from {@code input}; both have a leading batch dimension of the same size.
     * A training pass may keep what the backward pass needs (a dropout mask, pooling indices).
     */
    void forward(Tensor input, Tensor output, Pass pass);

    /**
     * Given the forward pass's {@code input} and {@code output} and the loss gradient {@code outputGradient},
     * overwrites every parameter's gradient and, unless {@code inputGradient} is {@code null} (the first layer),
     * writes the gradient with respect to the input. Must follow a training {@link #forward} on the same tensors.
     */
    void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient);

    /**
     * The second-derivative counterpart of {@link #backward} used by the stochastic diagonal Levenberg–Marquardt
     * method (LeCun et al. 1998, appendix C): given {@code outputCurvature}, a Gauss–Newton estimate of the diagonal
     * of the loss's second derivative with respect to the output, overwrites every parameter's
     * {@link Parameter#curvature() curvature} with the estimate for that parameter and, unless
     * {@code inputCurvature} is {@code null}, writes the estimate for the input. Second derivatives travel back with
     * squared weights and squared activation derivatives; the terms with second derivatives of the layer's own
     * function are dropped, except where a layer's outputs are quadratic in its inputs (RBF units), whose own
     * curvature is kept where the loss gradient is positive. Like the gradient, the estimate of a shared parameter
     * sums over every connection sharing it, and over the batch. Must follow {@link #backward} on the same tensors
     * ({@code outputGradient} is that pass's).
     *
     * @throws UnsupportedOperationException when this kernel has no curvature pass (the default)
     */
    default void backwardCurvature(Tensor input, Tensor output, Tensor outputGradient, Tensor outputCurvature,
                                   Tensor inputCurvature) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no curvature pass");
    }
}
