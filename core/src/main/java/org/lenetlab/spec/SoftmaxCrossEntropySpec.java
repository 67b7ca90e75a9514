package org.lenetlab.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** Softmax over the last layer's outputs followed by the mean negative log-likelihood; prediction = argmax. */
public record SoftmaxCrossEntropySpec() implements LossSpec {
    /** The type name in specs. */
    public static final String TYPE = "softmax-cross-entropy";

    @Override
    @JsonIgnore
    public String type() {
        return TYPE;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.softmaxCrossEntropy(this);
    }
}
