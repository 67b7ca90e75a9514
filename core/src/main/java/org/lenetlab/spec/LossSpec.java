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

    /** Whether the predicted class is the output's smallest value (a distance) rather than its largest. */
    default boolean predictsSmallest() {
        return false;
    }
}
