package io.github.kafkaconnectsmc.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kafkaconnectsmc.simulator.SentFrame;
import io.github.kafkaconnectsmc.simulator.SmcSimulator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
        String mismatch = mismatch(body, value);
        if (mismatch != null) {
            fail(what + ": " + mismatch);
        }
    }

    /** True when the record value holds every field of the status body. */
    public static boolean carries(ObjectNode body, JsonNode value) {
        return mismatch(body, value) == null;
    }

    /**
     * The first field of the status body the record value does not hold, described, or null when it holds them all:
     * {@code name} as {@code element_name}, {@code result} or {@code child} as {@code children} (by href), typed
     * fields by their text, and the rest as JSON text in {@code other_fields}.
     */
    private static String mismatch(ObjectNode body, JsonNode value) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode expected = field.getValue();
            String differs;
            if (name.equals("name")) {
                differs = differ(expected.asText(), value.path("element_name").asText());
            } else if (name.equals("result") || name.equals("child")) {
                differs = differ(hrefs(expected), hrefs(value.path("children")));
            } else if (expected.isNull()) {
                differs = value.path(name).isNull() || value.path(name).isMissingNode() ? null
                        : "null, got " + value.path(name);
            } else if (value.hasNonNull(name)) {
                differs = differ(expected.asText(), value.get(name).asText());
            } else {
                differs = differ(expected.toString(), value.path("other_fields").path(name).asText(null));
            }
            if (differs != null) {
                return name + ": " + differs;
            }
        }
        return null;
    }

    private static String differ(Object expected, Object actual) {
        return Objects.equals(expected, actual) ? null : "expected " + expected + ", got " + actual;
    }

    private static List<String> hrefs(JsonNode references) {
        List<String> hrefs = new ArrayList<>();
        references.forEach(reference -> hrefs.add(reference.path("href").asText()));
        return hrefs;
    }
}
