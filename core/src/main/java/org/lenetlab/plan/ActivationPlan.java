package org.lenetlab.plan;

import java.util.List;

/**
 * An element-wise activation. For {@link ActivationFunction#SCALED_TANH} the output is
 * {@code amplitude · tanh(slope · x)}; the other functions have amplitude and slope 1 and ignore them.
 *
 * @param index     position in the model
 * @param name      the layer's name
 * @param input     per-sample input (and output) shape
 * @param function  the function
 * @param amplitude A of the scaled tanh
 * @param slope     S of the scaled tanh
 */
public record ActivationPlan(int index, String name, Shape input, ActivationFunction function, double amplitude,
                             double slope) implements LayerPlan {
    /** The type name specs use. */
    public static final String TYPE = "activation";

    @Override
    public Shape output() {
        return input;
    }

    @Override
    public List<ParameterPlan> parameters() {
        return List.of();
    }

    @Override
    public long connections() {
        return 0;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.activation(this);
    }
}
