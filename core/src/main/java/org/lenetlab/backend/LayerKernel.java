package org.lenetlab.backend;

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
}
