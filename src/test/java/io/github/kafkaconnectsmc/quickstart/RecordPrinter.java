package io.github.kafkaconnectsmc.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kafkaconnectsmc.testkit.StatusRecord;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Prints each status record on one line: the time, the key (the element's href) and the value without its null
 * fields, without what the line already shows (the href, the receive time) or every record of the run shares (SMC
 * URL, subscription), and with child references counted, not listed.
 */
final class RecordPrinter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final Set<String> SHOWN_OR_SHARED = Set.of("element_href", "received_at", "smc_url",
            "subscription_type", "subscription_target");

    private final PrintStream out;

    RecordPrinter(PrintStream out) {
        this.out = out;
    }

    void print(StatusRecord record) {
        out.println(LocalTime.now().format(TIME) + " " + record.key() + "  " + compact(record.value()));
    }

    static String compact(JsonNode value) {
        if (!(value instanceof ObjectNode object)) {
            return String.valueOf(value);
        }
        ObjectNode compact = object.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull() || SHOWN_OR_SHARED.contains(field.getKey())) {
                continue;
            }
            if (field.getKey().equals("children")) {
                compact.put("children", field.getValue().size());
            } else {
                compact.set(field.getKey(), field.getValue());
            }
        }
        return compact.toString();
    }
}
