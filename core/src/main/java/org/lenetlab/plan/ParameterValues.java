package org.lenetlab.plan;

import java.util.Arrays;

/** Fixed initial values of a parameter tensor (row-major), given by the plan instead of drawn by an initializer. */
public final class ParameterValues {
    private final float[] values;
    private final String source;

    /**
     * Values copied from {@code values}.
     *
     * @param source where they come from, for messages (e.g. a prototype set's name)
     */
    public ParameterValues(float[] values, String source) {
        this.values = values.clone();
        this.source = source;
    }

    /** A copy of the values. */
    public float[] values() {
        return values.clone();
    }

    /** The number of values. */
    public int size() {
        return values.length;
    }

    /** Where the values come from. */
    public String source() {
        return source;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterValues other && Arrays.equals(other.values, values) && other.source.equals(source);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values) * 31 + source.hashCode();
    }

    @Override
    public String toString() {
        return "ParameterValues[" + source + ", " + values.length + " values]";
    }
}
