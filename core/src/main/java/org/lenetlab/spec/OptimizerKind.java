package org.lenetlab.spec;

import com.fasterxml.jackson.annotation.JsonValue;

/** The optimizers a training setting can name. */
public enum OptimizerKind {
    /** Stochastic gradient descent, with optional (heavy-ball, PyTorch-style) momentum. */
    SGD("sgd"),
    /** Adam (Kingma and Ba), bias-corrected, as in PyTorch. */
    ADAM("adam");

    private final String jsonName;

    OptimizerKind(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name used in specs. */
    @JsonValue
    public String jsonName() {
        return jsonName;
    }
}
