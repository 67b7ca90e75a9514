package org.lenetlab.gates;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Pretty JSON that keeps arrays of plain values on one line (a confusion-matrix row, a list of seeds), so a
 * committed baseline reads well and diffs line by line.
 */
final class CompactJson {
    private CompactJson() {
    }

    /** {@code node} indented by two spaces, ending with a newline. */
    static String write(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(node, 0, sb);
        return sb.append('\n').toString();
    }

    private static void write(JsonNode node, int level, StringBuilder sb) {
        if (node.isObject()) {
            if (node.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append("{\n");
            Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                indent(level + 1, sb);
                sb.append(com.fasterxml.jackson.databind.node.TextNode.valueOf(field.getKey())).append(": ");
                write(field.getValue(), level + 1, sb);
                sb.append(fields.hasNext() ? ",\n" : "\n");
            }
            indent(level, sb);
            sb.append('}');
        } else if (node.isArray()) {
            boolean flat = true;
            for (JsonNode element : node) {
                flat &= element.isValueNode();
            }
            if (flat) {
                sb.append(node.toString().replace(",", ", "));
                return;
            }
            sb.append("[\n");
            for (int i = 0; i < node.size(); i++) {
                indent(level + 1, sb);
                write(node.get(i), level + 1, sb);
                sb.append(i < node.size() - 1 ? ",\n" : "\n");
            }
            indent(level, sb);
            sb.append(']');
        } else {
            sb.append(node.toString());
        }
    }

    private static void indent(int level, StringBuilder sb) {
        sb.append("  ".repeat(level));
    }
}
