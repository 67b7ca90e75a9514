package org.lenetlab.plan;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a layer's initial weights are drawn. Biases start at zero except under {@link #PYTORCH_DEFAULT},
 * {@link #LECUN_FAN_IN} and {@link #LECUN_SQRT_FAN_IN}.
 */
public enum Initializer {
    /** Glorot and Bengio: uniform in ±sqrt(6 / (fanIn + fanOut)). */
    XAVIER_UNIFORM("xavier-uniform"),
    /** He et al.: normal with standard deviation sqrt(2 / fanIn). */
    HE_NORMAL("he-normal"),
    /** He et al.: uniform in ±sqrt(6 / fanIn). */
    HE_UNIFORM("he-uniform"),
    /** PyTorch's default for Conv2d and Linear: weights and biases uniform in ±1/sqrt(fanIn). */
    PYTORCH_DEFAULT("pytorch-default"),
    /**
     * LeCun et al. (1998), appendix C, as printed: every weight and bias uniform in ±2.4/F, F the fan-in of the unit
     * it feeds (for a convolution with a connection table, of that output channel).
     */
    LECUN_FAN_IN("lecun-fan-in"),
    /**
     * Every weight and bias uniform in ±2.4/√F, F the fan-in of the unit it feeds: the weighted sums then start with
     * a standard deviation of about 1.4 times their inputs' whatever the fan-in, the stated aim of LeCun et al.'s
     * initialisation ("in the same range for each unit ... within the normal operating region of the sigmoid"),
     * which the printed ±2.4/F does not meet.
     */
    LECUN_SQRT_FAN_IN("lecun-sqrt-fan-in");

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
