package org.lenetlab.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.lenetlab.plan.Initializer;
import org.lenetlab.plan.RbfFunction;

/**
 * A layer of radial basis function units on a flat input: unit i compares the input x with its centre c_i
 * through d_i = ‖x − c_i‖² and outputs d_i ({@code euclidean}) or exp(−d_i / 2σ²) ({@code gaussian}).
 * The centres are one {@code units × inputs} parameter, {@code prototypes}; they start from a built-in prototype
 * set when {@code prototypes} names one (LeNet-5's fixed ±1 digit bitmaps), else from the initializer.
 *
 * @param name        optional layer name
 * @param units       number of units (required)
 * @param kernel      {@code euclidean} (default) or {@code gaussian}
 * @param sigma       σ of the gaussian kernel, default 1; only for that kernel
 * @param prototypes  optional name of a built-in prototype set giving the centres' initial values
 * @param trainable   whether the optimizer updates the centres, default false (fixed centres need
 *                    {@code prototypes})
 * @param initializer optional override of the model's initializer, for centres without prototypes
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RbfSpec(String name, Integer units, RbfFunction kernel, Double sigma, String prototypes,
                      Boolean trainable, Initializer initializer) implements LayerSpec {
    /** The type name in specs. */
    public static final String TYPE = "rbf";
    /** The default σ of the gaussian kernel. */
    public static final double DEFAULT_SIGMA = 1.0;

    /** Applies the defaults. */
    public RbfSpec {
        kernel = kernel == null ? RbfFunction.EUCLIDEAN : kernel;
        if (kernel == RbfFunction.GAUSSIAN) {
            sigma = sigma == null ? DEFAULT_SIGMA : sigma;
        }
        trainable = trainable == null ? Boolean.FALSE : trainable;
    }

    @Override
    @JsonIgnore
    public String type() {
        return TYPE;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.rbf(this);
    }
}
