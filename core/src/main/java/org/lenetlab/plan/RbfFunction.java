package org.lenetlab.plan;

import com.fasterxml.jackson.annotation.JsonValue;

/** What an RBF unit computes from the squared Euclidean distance d = ‖x − c‖² between its input and its centre. */
public enum RbfFunction {
    /** d itself, as LeNet-5's output layer (smaller is a better match). */
    EUCLIDEAN("euclidean"),
    /** exp(−d / 2σ²), in (0, 1] (larger is a better match). */
    GAUSSIAN("gaussian");

    private final String jsonName;

    RbfFunction(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name used in specs. */
    @JsonValue
    public String jsonName() {
        return jsonName;
    }
}
