package org.lenetlab.plan;

import java.util.List;

/**
 * A fully connected layer on a flat input: {@code y = x·W + b}.
 *
 * @param index  position in the model
 * @param name   the layer's name
 * @param input  per-sample input, {@code [inputs]}
 * @param output per-sample output, {@code [units]}
 * @param weight {@code [inputs, units]}
 * @param bias   {@code [units]}
 */
public record DensePlan(int index, String name, Shape input, Shape output, ParameterPlan weight, ParameterPlan bias)
        implements LayerPlan {
    /** The type name specs use. */
    public static final String TYPE = "dense";

    /** The number of inputs. */
    public int inputs() {
        return input.dim(0);
    }

    /** The number of outputs. */
    public int units() {
        return output.dim(0);
    }

    @Override
    public List<ParameterPlan> parameters() {
        return List.of(weight, bias);
    }

    @Override
    public long connections() {
        return units() * (inputs() + 1L);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.dense(this);
    }
}
