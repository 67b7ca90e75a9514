package org.lenetlab.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each value of a JSON document starts, by JSON Pointer, so that problems found after binding (a negative
 * size, a shape that does not fit) can name the line and column they refer to.
 */
final class JsonLocations {
    private final Map<String, JsonLocation> starts;

    private JsonLocations(Map<String, JsonLocation> starts) {
        this.starts = starts;
    }

    /** Indexes {@code json}; a document that does not parse yields the locations up to the error. */
    static JsonLocations index(JsonFactory factory, byte[] json) {
        Map<String, JsonLocation> starts = new HashMap<>();
        try (JsonParser parser = factory.createParser(json)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME || token.isStructEnd()) {
                    continue;
                }
                String pointer = parser.getParsingContext().pathAsPointer().toString();
                if (token.isStructStart()) {
                    // For a value just opened, the context is the new container; its pointer is the container's own.
                    pointer = parser.getParsingContext().getParent() == null ? ""
                            : parser.getParsingContext().getParent().pathAsPointer().toString();
                }
                starts.putIfAbsent(pointer, parser.currentTokenLocation());
            }
        } catch (IOException e) {
            // Keep what was indexed; the binding step reports the syntax error itself.
        }
        return new JsonLocations(starts);
    }

    /** The start of the value at exactly {@code path}, or {@code null} when the document has none there. */
    JsonLocation exact(JsonPath path) {
        return starts.get(path.toPointer());
    }

    /** The start of the value at {@code path}, or of its nearest enclosing value that exists; never null. */
    JsonLocation find(JsonPath path) {
        JsonPath p = path;
        while (true) {
            JsonLocation loc = starts.get(p.toPointer());
            if (loc != null) {
                return loc;
            }
            if (p.isRoot()) {
                return JsonLocation.NA;
            }
            p = p.parent();
        }
    }
}
