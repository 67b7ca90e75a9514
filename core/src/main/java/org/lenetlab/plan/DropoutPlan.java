package org.lenetlab.plan;

import java.util.List;

/**
 * Inverted dropout: a training pass keeps each value with probability {@code 1 − rate} and scales it by
 * {@code 1/(1 − rate)}, with a mask drawn from the pass's seed; an inference pass is the identity.
 *
 * @param index position in the model
 * @param name  the layer's name
 * @param input per-sample input (and output) shape
 * @param rate  the drop probability, in [0, 1)
 */
public record DropoutPlan(int index, String name, Shape input, double rate) implements LayerPlan {
    /** The type name specs use. */
    public static final String TYPE = "dropout";

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
        return visitor.dropout(this);
    }
}
