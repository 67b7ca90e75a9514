package org.lenetlab.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * JSON that can be placed inside an HTML {@code <script>} element as it is: {@code <}, {@code >} and {@code &} are
 * written as {@code \}{@code u003c}-style escapes, so no string in the data can close the element ({@code </script>})
 * or open a comment, and U+2028/U+2029 are escaped too, for JavaScript parsers older than ES2019. Outside strings JSON
 * has none of these characters, so the result is the same JSON value.
 */
final class SafeJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private SafeJson() {
    }

    /** {@code value} as script-safe JSON. */
    static String write(Object value) {
        String json;
        try {
            json = MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise report data", e);
        }
        return escape(json);
    }

    /** Escapes the characters that are unsafe inside a script element in JSON text. */
    static String escape(String json) {
        StringBuilder out = new StringBuilder(json.length() + 16);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> out.append("\\u003c");
                case '>' -> out.append("\\u003e");
                case '&' -> out.append("\\u0026");
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
