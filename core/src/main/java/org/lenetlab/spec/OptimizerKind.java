package org.lenetlab.spec;

import com.fasterxml.jackson.annotation.JsonValue;

/** The optimizers a training setting can name. */
public enum OptimizerKind {
    /** Stochastic gradient descent, with optional (heavy-ball, PyTorch-style) momentum. */
    SGD("sgd"),
    /** Adam (Kingma and Ba), bias-corrected, as in PyTorch. */
    ADAM("adam"),
    /**
     * LeCun et al.'s stochastic diagonal Levenberg–Marquardt: per parameter k the step η/(μ + h_kk), h_kk a
     * Gauss–Newton estimate of the loss's second derivative, averaged over a sample of the training set before
     * every epoch and held during it.
     */
    SDLM("sdlm");

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
