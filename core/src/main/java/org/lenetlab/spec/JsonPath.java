package org.lenetlab.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A location inside a JSON document as a list of field names and array indices, printed as {@code $.a.b[2]}.
 * Immutable.
 */
public final class JsonPath {
    /** The document root, {@code $}. */
    public static final JsonPath ROOT = new JsonPath(List.of());

    private final List<Object> segments;

    private JsonPath(List<Object> segments) {
        this.segments = segments;
    }

    /** The path of field {@code name} of the object at this path. */
    public JsonPath field(String name) {
        List<Object> next = new ArrayList<>(segments);
        next.add(name);
        return new JsonPath(Collections.unmodifiableList(next));
    }

    /** The path of element {@code index} of the array at this path. */
    public JsonPath index(int index) {
        List<Object> next = new ArrayList<>(segments);
        next.add(index);
        return new JsonPath(Collections.unmodifiableList(next));
    }

    /** This path appended to {@code prefix}. */
    public JsonPath under(JsonPath prefix) {
        List<Object> next = new ArrayList<>(prefix.segments);
        next.addAll(segments);
        return new JsonPath(Collections.unmodifiableList(next));
    }

    /** The path one step up, or the root for the root. */
    public JsonPath parent() {
        return segments.isEmpty() ? this : new JsonPath(segments.subList(0, segments.size() - 1));
    }

    /** Whether the last step of this path is an array index. */
    public boolean endsWithIndex() {
        return !segments.isEmpty() && segments.get(segments.size() - 1) instanceof Integer;
    }

    /** Whether this is the document root. */
    public boolean isRoot() {
        return segments.isEmpty();
    }

    /** The same location as a JSON Pointer (RFC 6901), as Jackson's parser reports it. */
    public String toPointer() {
        StringBuilder sb = new StringBuilder();
        for (Object s : segments) {
            sb.append('/').append(s.toString().replace("~", "~0").replace("/", "~1"));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("$");
        for (Object s : segments) {
            if (s instanceof Integer) {
                sb.append('[').append(s).append(']');
            } else {
                String name = (String) s;
                if (name.matches("[A-Za-z_$][A-Za-z0-9_$]*")) {
                    sb.append('.').append(name);
                } else {
                    sb.append("['").append(name.replace("'", "\\'")).append("']");
                }
            }
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonPath other && other.segments.equals(segments);
    }

    @Override
    public int hashCode() {
        return segments.hashCode();
    }
}
