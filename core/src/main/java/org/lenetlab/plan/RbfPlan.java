package org.lenetlab.plan;

import java.util.List;

/**
 * Radial basis function units on a flat input: unit i computes {@code d_i = ‖x − c_i‖²} and outputs {@code d_i}
 * ({@link RbfFunction#EUCLIDEAN}) or {@code exp(−d_i / 2σ²)} ({@link RbfFunction#GAUSSIAN}).
 *
 * @param index    position in the model
 * @param name     the layer's name
 * @param input    per-sample input, flat
 * @param output   per-sample output, one value per unit
 * @param function what a unit computes from its distance
 * @param sigma    σ of the gaussian function (1 for the euclidean one, which ignores it)
 * @param centres  {@code [units, inputs]}; its {@link ParameterPlan#initialValues() initial values} are the
 *                 resolved prototypes when the spec names a set, and it is trainable or fixed as the spec says
 */
public record RbfPlan(int index, String name, Shape input, Shape output, RbfFunction function, double sigma,
                      ParameterPlan centres) implements LayerPlan {
    /** The type name specs use. */
    public static final String TYPE = "rbf";

    /** The number of units. */
    public int units() {
        return output.dim(0);
    }

    @Override
    public List<ParameterPlan> parameters() {
        return List.of(centres);
    }

    @Override
    public long connections() {
        return centres.shape().size();
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.rbf(this);
    }
}
