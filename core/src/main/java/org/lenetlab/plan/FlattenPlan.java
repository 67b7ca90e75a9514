package org.lenetlab.plan;

import java.util.List;

/**
 * Flattens channels × height × width into one dimension, channel-major (PyTorch's {@code Flatten}): the values
 * keep their row-major order.
 *
 * @param index  position in the model
 * @param name   the layer's name
 * @param input  per-sample input
 * @param output per-sample output, {@code [input.size()]}
 */
public record FlattenPlan(int index, String name, Shape input, Shape output) implements LayerPlan {
    /** The type name specs use. */
    public static final String TYPE = "flatten";

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
        return visitor.flatten(this);
    }
}
