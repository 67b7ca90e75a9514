package org.lenetlab.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.lenetlab.plan.ActivationFunction;

/**
 * An element-wise activation.
 *
 * @param name      optional layer name
 * @param function  the function (required)
 * @param amplitude A of {@code scaled-tanh}'s A·tanh(S·x), default 1.7159; only for that function
 * @param slope     S of {@code scaled-tanh}'s A·tanh(S·x), default 2/3; only for that function
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ActivationSpec(String name, ActivationFunction function, Double amplitude, Double slope)
        implements LayerSpec {
    /** The type name in specs. */
    public static final String TYPE = "activation";
    /** LeCun et al.'s amplitude: with the default slope, f(±1) = ±1. */
    public static final double DEFAULT_AMPLITUDE = 1.7159;
    /** LeCun et al.'s slope. */
    public static final double DEFAULT_SLOPE = 2.0 / 3.0;

    /** Applies the defaults of {@code scaled-tanh}; other functions keep {@code null} (and reject a value). */
    public ActivationSpec {
        if (function == ActivationFunction.SCALED_TANH) {
            amplitude = amplitude == null ? DEFAULT_AMPLITUDE : amplitude;
            slope = slope == null ? DEFAULT_SLOPE : slope;
        }
    }

    /** An activation without parameters of its own. */
    public ActivationSpec(String name, ActivationFunction function) {
        this(name, function, null, null);
    }

    @Override
    @JsonIgnore
    public String type() {
        return TYPE;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.activation(this);
    }
}
