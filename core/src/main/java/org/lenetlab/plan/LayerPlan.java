package org.lenetlab.plan;

import java.util.List;

/**
 * One layer of a {@link ModelPlan}, resolved: its position and name, its per-sample input and output shapes, its
 * parameters (with their resolved initializers and starting values) and whatever its kind needs, with every default
 * applied. One record per layer kind; code that treats every kind dispatches through {@link #accept(Visitor)}, so
 * the compiler lists what a new kind must be given.
 */
public sealed interface LayerPlan
        permits ConvolutionPlan, PoolingPlan, ActivationPlan, SubsamplingPlan, RbfPlan, FlattenPlan, DensePlan,
                DropoutPlan {

    /** Position in the model, from 0. */
    int index();

    /** The layer's name, as written or {@code <type><position>}. */
    String name();

    /** Per-sample input shape. */
    Shape input();

    /** Per-sample output shape. */
    Shape output();

    /** Parameter tensors in their fixed order (weights before biases); empty for layers without any. */
    List<ParameterPlan> parameters();

    /**
     * Multiply-adds of one forward pass of one sample, counting each bias as one connection (LeCun et al.'s
     * "connections").
     */
    long connections();

    /** The layer's {@code "type"} as specs write it, e.g. {@code max-pooling}. */
    String type();

    /** Calls the visitor's method for this layer's kind. */
    <R> R accept(Visitor<R> visitor);

    /** Parameters the optimizer updates. */
    default long trainableParameters() {
        return parameters().stream().filter(ParameterPlan::trainable).mapToLong(p -> p.shape().size()).sum();
    }

    /** Parameters that stay fixed. */
    default long fixedParameters() {
        return parameters().stream().filter(p -> !p.trainable()).mapToLong(p -> p.shape().size()).sum();
    }

    /**
     * One method per layer kind. Backends implement it to build their kernel for a layer; adding a kind adds a
     * method here, and every implementation must then handle it.
     *
     * @param <R> what the visit returns
     */
    interface Visitor<R> {
        /** A convolution, with or without a connection table. */
        R convolution(ConvolutionPlan layer);

        /** Max or average pooling. */
        R pooling(PoolingPlan layer);

        /** An element-wise activation. */
        R activation(ActivationPlan layer);

        /** LeNet-5's trainable subsampling. */
        R subsampling(SubsamplingPlan layer);

        /** Radial basis function units. */
        R rbf(RbfPlan layer);

        /** Flattening to one dimension. */
        R flatten(FlattenPlan layer);

        /** A fully connected layer. */
        R dense(DensePlan layer);

        /** Inverted dropout. */
        R dropout(DropoutPlan layer);
    }
}
