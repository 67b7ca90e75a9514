package org.lenetlab.spec;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a layer's initial weights are drawn. Biases start at zero except under {@link #PYTORCH_DEFAULT}. */
public enum Initializer {
    /** Glorot and Bengio: uniform in ±sqrt(6 / (fanIn + fanOut)). */
    XAVIER_UNIFORM("xavier-uniform"),
    /** He et al.: normal with standard deviation sqrt(2 / fanIn). */
    HE_NORMAL("he-normal"),
    /** He et al.: uniform in ±sqrt(6 / fanIn). */
    HE_UNIFORM("he-uniform"),
    /** PyTorch's default for Conv2d and Linear: weights and biases uniform in ±1/sqrt(fanIn). */
    PYTORCH_DEFAULT("pytorch-default");

    private final String jsonName;

    Initializer(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name used in specs. */
    @JsonValue
    public String jsonName() {
        return jsonName;
    }
}
