package io.github.kafkaconnectsmc.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kafkaconnectsmc.simulator.SentFrame;
import io.github.kafkaconnectsmc.simulator.SmcSimulator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares what the simulator sent on its status sockets with the records that reached Kafka: per element, every
 * status must arrive once, in the order sent, keyed by the element's href, and carrying every field of the body
 * (typed, or as JSON text in {@code other_fields}).
 */
public final class SentVersusReceived {

    private SentVersusReceived() {
    }

    /** The status bodies the simulator sent, by the href of the element they report, each list in send order. */
    public static Map<String, List<ObjectNode>> sentByHref(SmcSimulator simulator) {
        Map<String, List<ObjectNode>> sent = new LinkedHashMap<>();
        for (SentFrame frame : simulator.traffic().sentFrames(SentFrame.Kind.STATUS)) {
            sent.computeIfAbsent(simulator.href(frame.elementPath()), href -> new ArrayList<>())
                    .add(frame.body());
        }
        return sent;
    }

    public static int statusFramesSent(SmcSimulator simulator) {
        return simulator.traffic().sentFrames(SentFrame.Kind.STATUS).size();
    }

    /** Every status the simulator sent arrived exactly once, in order per element, keyed by href. */
    public static void assertEveryStatusArrivedInOrder(SmcSimulator simulator, List<StatusRecord> records) {
        Map<String, List<ObjectNode>> sent = sentByHref(simulator);
        Map<String, List<JsonNode>> received = new LinkedHashMap<>();
        for (StatusRecord record : records) {
            received.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(record.value());
        }
        assertEquals(new TreeSet<>(sent.keySet()), new TreeSet<>(received.keySet()), "record keys are the hrefs sent");
        sent.forEach((href, bodies) -> {
            List<JsonNode> values = received.get(href);
            assertEquals(bodies.size(), values.size(), "statuses of " + href);
            for (int i = 0; i < bodies.size(); i++) {
                assertCarries(bodies.get(i), values.get(i), href + " status #" + i);
            }
        });
    }

    /** The record value holds every field of the status body. */
    public static void assertCarries(ObjectNode body, JsonNode value, String what) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode expected = field.getValue();
            if (name.equals("name")) {
                assertEquals(expected.asText(), value.path("element_name").asText(), what + ": name");
            } else if (name.equals("result") || name.equals("child")) {
                assertEquals(hrefs(expected), hrefs(value.path("children")), what + ": children");
            } else if (expected.isNull()) {
                assertTrue(value.path(name).isNull() || value.path(name).isMissingNode(), what + ": " + name);
            } else if (value.hasNonNull(name)) {
                assertEquals(expected.asText(), value.get(name).asText(), what + ": " + name);
            } else {
                assertEquals(expected.toString(), value.path("other_fields").path(name).asText(null),
                        what + ": " + name + " in other_fields");
            }
        }
    }

    private static List<String> hrefs(JsonNode references) {
        List<String> hrefs = new ArrayList<>();
        references.forEach(reference -> hrefs.add(reference.path("href").asText()));
        return hrefs;
    }
}
