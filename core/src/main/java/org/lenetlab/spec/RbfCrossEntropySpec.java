package org.lenetlab.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Cross-entropy on positive outputs read as unnormalised class likelihoods (Gaussian RBF units): the mean over
 * samples of −log(y_correct / Σ_i y_i). For Gaussian units this is softmax cross-entropy on −‖x − c_i‖² / 2σ².
 * Prediction = the class of the largest output.
 */
public record RbfCrossEntropySpec() implements LossSpec {
    /** The type name in specs. */
    public static final String TYPE = "rbf-cross-entropy";

    @Override
    @JsonIgnore
    public String type() {
        return TYPE;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.rbfCrossEntropy(this);
    }
}
