package org.lenetlab.gates;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The differences between two JSON documents, as JSON paths to the values that changed: objects are compared key by
 * key, arrays of objects or arrays element by element, arrays of plain values as a whole ({@code $.seeds: [0] → [5]}),
 * numbers by value (so {@code 1} and {@code 1.0} are equal).
 */
public final class JsonDiff {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    private JsonDiff() {
    }

    /**
     * One difference.
     *
     * @param path   the JSON path, e.g. {@code $.training.learningRate} or {@code $.models[0].layers[3].units}
     * @param before the value in the first document, or {@code null} when it has none there
     * @param after  the value in the second document, or {@code null} when it has none there
     */
    public record Change(String path, JsonNode before, JsonNode after) {
        /** {@code path: before → after}, with "(absent)" for a missing side. */
        @Override
        public String toString() {
            return path + ": " + text(before) + " → " + text(after);
        }

        /** A value as compact JSON, or "(absent)". */
        public static String text(JsonNode node) {
            return node == null || node.isMissingNode() ? "(absent)" : node.toString();
        }
    }

    /** Every difference between {@code before} and {@code after}, under the root path {@code $}. */
    public static List<Change> diff(JsonNode before, JsonNode after) {
        return diff("$", before, after);
    }

    /** Every difference between {@code before} and {@code after}, with paths starting at {@code root}. */
    public static List<Change> diff(String root, JsonNode before, JsonNode after) {
        List<Change> changes = new ArrayList<>();
        walk(root, missingToNull(before), missingToNull(after), changes);
        return changes;
    }

    private static void walk(String path, JsonNode a, JsonNode b, List<Change> out) {
        if (a == null && b == null) {
            return;
        }
        if (a == null || b == null) {
            out.add(new Change(path, a, b));
            return;
        }
        if (a.isObject() && b.isObject()) {
            Set<String> keys = new LinkedHashSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                walk(child(path, key), missingToNull(a.get(key)), missingToNull(b.get(key)), out);
            }
            return;
        }
        if (a.isArray() && b.isArray()) {
            if (flat(a) && flat(b)) {
                if (!a.equals(b) && !sameNumbers(a, b)) {
                    out.add(new Change(path, a, b)); // a list of plain values reads best whole: [0, 1] → [0, 2]
                }
                return;
            }
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                walk(path + "[" + i + "]", missingToNull(a.get(i)), missingToNull(b.get(i)), out);
            }
            return;
        }
        if (!same(a, b)) {
            out.add(new Change(path, a, b));
        }
    }

    private static boolean flat(JsonNode array) {
        for (JsonNode element : array) {
            if (!element.isValueNode()) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameNumbers(JsonNode a, JsonNode b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!same(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    /** {@code path.key}, or {@code path['key']} when the key is not an identifier. */
    static String child(String path, String key) {
        if (IDENTIFIER.matcher(key).matches()) {
            return path + "." + key;
        }
        return path + "['" + key.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    private static JsonNode missingToNull(JsonNode node) {
        return node == null || node.isMissingNode() ? null : node;
    }

    /** Whether two documents are equal under this diff. */
    public static boolean equal(JsonNode a, JsonNode b) {
        return diff(a, b).isEmpty();
    }
}
