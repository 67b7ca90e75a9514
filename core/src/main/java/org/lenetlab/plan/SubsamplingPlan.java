package org.lenetlab.plan;

import java.util.List;

/**
 * LeCun et al.'s trainable subsampling: per channel c, {@code y = coefficient_c · Σ_window x + bias_c} over square
 * windows without padding.
 *
 * @param index       position in the model
 * @param name        the layer's name
 * @param input       per-sample input, channels × height × width
 * @param output      per-sample output
 * @param size        the side of the window
 * @param stride      the step between windows
 * @param coefficient {@code [channels]}
 * @param bias        {@code [channels]}
 */
public record SubsamplingPlan(int index, String name, Shape input, Shape output, int size, int stride,
                              ParameterPlan coefficient, ParameterPlan bias) implements LayerPlan {
    /** The type name specs use. */
    public static final String TYPE = "subsampling";

    @Override
    public List<ParameterPlan> parameters() {
        return List.of(coefficient, bias);
    }

    @Override
    public long connections() {
        return output.size() * (size * (long) size + 1);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.subsampling(this);
    }
}
