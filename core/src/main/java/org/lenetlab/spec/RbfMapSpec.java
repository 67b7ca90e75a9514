package org.lenetlab.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * LeCun et al.'s equation 9, the maximum a posteriori criterion, on Euclidean RBF outputs y: the mean over samples
 * of y_correct + log(e^−j + Σ_i e^−y_i). It pulls the correct class's output down and pushes the others up until
 * they exceed about j. Prediction = the class of the smallest output.
 *
 * @param j the positive constant j (the penalty of a "rubbish" class), default 10
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RbfMapSpec(Double j) implements LossSpec {
    /** The type name in specs. */
    public static final String TYPE = "rbf-map";
    /** The default j. */
    public static final double DEFAULT_J = 10.0;

    /** Applies the default. */
    public RbfMapSpec {
        j = j == null ? DEFAULT_J : j;
    }

    @Override
    @JsonIgnore
    public String type() {
        return TYPE;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.rbfMap(this);
    }
}
