package org.lenetlab.plan;

/** The reduction of a {@link PoolingPlan}. */
public enum PoolingKind {
    /** The window's maximum. */
    MAX("max-pooling"),
    /** The window's mean. */
    AVERAGE("average-pooling");

    private final String type;

    PoolingKind(String type) {
        this.type = type;
    }

    /** The layer type specs use for it. */
    public String type() {
        return type;
    }
}
