package org.lenetlab.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * LeCun et al.'s equation 8 on Euclidean RBF outputs: the mean over samples of the correct class's output (the
 * squared distance to its prototype). Prediction = the class of the smallest output. Needs fixed prototypes: with
 * trainable ones the minimum is reached by collapsing them all onto one point.
 */
public record RbfDistanceSpec() implements LossSpec {
    /** The type name in specs. */
    public static final String TYPE = "rbf-distance";

    @Override
    @JsonIgnore
    public String type() {
        return TYPE;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.rbfDistance(this);
    }
}
