package org.lenetlab.results;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a cell ended. */
public enum CellStatus {
    /** Trained and evaluated. */
    OK("ok"),
    /** Started and failed; the reason says why. */
    FAILED("failed"),
    /** Not run (e.g. its backend is unavailable here); the reason says why. */
    SKIPPED("skipped"),
    /** Stopped on request before it finished. */
    INTERRUPTED("interrupted");

    private final String jsonName;

    CellStatus(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The value in results files. */
    @JsonValue
    public String jsonName() {
        return jsonName;
    }
}
