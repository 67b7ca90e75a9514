package org.lenetlab.plan;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The floating-point type a cell trains and evaluates in, declared by its spec ({@code "precision"}); a backend
 * computes every layer of the cell in it.
 */
public enum Precision {
    /** IEEE single precision, the default. */
    FLOAT32("float32"),
    /** IEEE double precision, e.g. for LeNet-5's per-pattern SDLM run, whose tiny steps float32 would round away. */
    FLOAT64("float64");

    private final String jsonName;

    Precision(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name specs and results use. */
    @JsonValue
    public String jsonName() {
        return jsonName;
    }
}
