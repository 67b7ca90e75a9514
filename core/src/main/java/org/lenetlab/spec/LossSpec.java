package org.lenetlab.spec;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** The training loss of a model, chosen by its {@code "type"} field. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = SoftmaxCrossEntropySpec.class, name = SoftmaxCrossEntropySpec.TYPE)
})
public sealed interface LossSpec permits SoftmaxCrossEntropySpec {
    /** The {@code "type"} value of this loss. */
    String type();
}
