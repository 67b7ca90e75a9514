package org.lenetlab.spec;

import java.nio.file.Path;
import java.util.Locale;

/**
 * One thing wrong with a spec: the file, the line and column (1-based, 0 when unknown), the JSON path and what is wrong.
 *
 * @param file    the spec file, or {@code null} for a spec that did not come from a file
 * @param line    1-based line, 0 when unknown
 * @param column  1-based column, 0 when unknown
 * @param path    where in the document
 * @param message what is wrong, in words a user can act on
 */
public record SpecProblem(Path file, int line, int column, JsonPath path, String message) {

    /** A problem found before its location in a file is known. */
    public static SpecProblem at(JsonPath path, String message) {
        return new SpecProblem(null, 0, 0, path, message);
    }

    /** This problem placed in {@code file} at the given position. */
    public SpecProblem located(Path file, int line, int column) {
        return new SpecProblem(file, line, column, path, message);
    }

    /** One line: {@code file:line:column: $.json.path: message}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
            if (line > 0) {
                sb.append(':').append(line).append(':').append(column);
            }
            sb.append(": ");
        }
        sb.append(printable(path.toString())).append(": ").append(printable(message));
        return sb.toString();
    }

    /** {@code text} with control and line-separator characters shown as {@code \\uXXXX}, so it stays one line. */
    public static String printable(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }
}
