package io.github.kafkaconnectsmc.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Map;

/**
 * Writes a Jackson tree as the exact text {@link JsonNode#toString()} gives (compact, Jackson's escaping), without
 * databind: for a status body of a dozen fields, finding serializers and setting up a generator cost more than the
 * text itself, and the simulator renders one body per status change.
 *
 * <p>Strings without a character JSON must escape, and integers, are written directly; anything else (a string to
 * escape, a floating-point number, a binary node) is written by Jackson itself, so the text stays Jackson's.
 */
final class CompactJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private CompactJson() {
    }

    static String render(JsonNode node) {
        StringBuilder out = new StringBuilder(512);
        append(out, node);
        return out.toString();
    }

    static void append(StringBuilder out, JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    appendString(out, field.getKey());
                    out.append(':');
                    append(out, field.getValue());
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    append(out, node.get(i));
                }
                out.append(']');
            }
            case STRING -> appendString(out, node.textValue());
            case NULL -> out.append("null");
            case BOOLEAN -> out.append(node.booleanValue());
            case NUMBER -> {
                if (node.isInt() || node.isLong()) {
                    out.append(node.longValue());
                } else {
                    out.append(node.toString());
                }
            }
            default -> out.append(node.toString());
        }
    }

    /** {@code text} as a JSON string (quoted), as Jackson writes a value or a field name. */
    static void appendString(StringBuilder out, String text) {
        if (needsEscaping(text)) {
            out.append(JSON.textNode(text).toString());
        } else {
            out.append('"').append(text).append('"');
        }
    }

    /** Whether Jackson escapes a character of {@code text}: a quote, a backslash or a control character. */
    private static boolean needsEscaping(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return true;
            }
        }
        return false;
    }
}
