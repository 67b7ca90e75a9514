package org.lenetlab.spec;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** The training loss of a model, chosen by its {@code "type"} field. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = SoftmaxCrossEntropySpec.class, name = SoftmaxCrossEntropySpec.TYPE),
    @JsonSubTypes.Type(value = RbfDistanceSpec.class, name = RbfDistanceSpec.TYPE),
    @JsonSubTypes.Type(value = RbfMapSpec.class, name = RbfMapSpec.TYPE),
    @JsonSubTypes.Type(value = RbfCrossEntropySpec.class, name = RbfCrossEntropySpec.TYPE)
})
public sealed interface LossSpec permits SoftmaxCrossEntropySpec, RbfDistanceSpec, RbfMapSpec, RbfCrossEntropySpec {
    /** The {@code "type"} value of this loss. */
    String type();

    /** Calls the visitor's method for this loss. */
    <R> R accept(Visitor<R> visitor);

    /**
     * One method per loss type of the spec format.
     *
     * @param <R> what the visit returns
     */
    interface Visitor<R> {
        /** Softmax cross-entropy. */
        R softmaxCrossEntropy(SoftmaxCrossEntropySpec loss);

        /** Equation 8. */
        R rbfDistance(RbfDistanceSpec loss);

        /** Equation 9. */
        R rbfMap(RbfMapSpec loss);

        /** RBF cross-entropy. */
        R rbfCrossEntropy(RbfCrossEntropySpec loss);
    }
}
