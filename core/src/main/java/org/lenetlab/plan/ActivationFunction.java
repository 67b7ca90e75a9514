package org.lenetlab.plan;

import com.fasterxml.jackson.annotation.JsonValue;

/** Element-wise activation functions. */
public enum ActivationFunction {
    /** max(0, x). */
    RELU("relu"),
    /** 1 / (1 + e^-x). */
    SIGMOID("sigmoid"),
    /** tanh(x). */
    TANH("tanh"),
    /** A·tanh(S·x), LeCun et al.'s squashing function; A and S are the layer's {@code amplitude} and {@code slope}. */
    SCALED_TANH("scaled-tanh");

    private final String jsonName;

    ActivationFunction(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name used in specs. */
    @JsonValue
    public String jsonName() {
        return jsonName;
    }
}
