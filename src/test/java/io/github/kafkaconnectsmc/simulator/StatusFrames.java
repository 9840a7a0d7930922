package io.github.kafkaconnectsmc.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The text frames the simulated status socket sends, in the documented shapes. */
final class StatusFrames {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static final String SUBSCRIBED = "Subscribed for status";
    static final String UNSUBSCRIBED = "Unsubscribed from status";

    private StatusFrames() {
    }

    /** {@code {"success":"Subscribed for status","subscription_id":N}}. */
    static String subscribed(int subscriptionId) {
        return JSON.objectNode().put("success", SUBSCRIBED).put("subscription_id", subscriptionId).toString();
    }

    /** The simulator's assumed reply to an unsubscribe: {@code {"success":"Unsubscribed from status",...}}. */
    static String unsubscribed(int subscriptionId) {
        return JSON.objectNode().put("success", UNSUBSCRIBED).put("subscription_id", subscriptionId).toString();
    }

    /** {@code {"failure":"<reason>"}}. */
    static String failure(String reason) {
        return JSON.objectNode().put("failure", reason).toString();
    }

    /**
     * {@code {"status":{"status":{...}},"subscription_id":N}}: the element's current status as {@link #body} makes it,
     * then {@code sequenceField} (when not null) set to {@code sequence}. The body carries no href of the element
     * itself, like the documented notifications; child references in {@code result} do carry theirs.
     *
     * <p>Written straight from the live status, with no copy of it and no tree of the frame: the simulator sends one
     * frame per change on the cores the benchmarks share with the client they measure.
     */
    static String status(int subscriptionId, ApiLocation location, CatalogElement element, String sequenceField,
                         long sequence) {
        StringWriter text = new StringWriter(1024);
        try (JsonGenerator frame = MAPPER.createGenerator(text)) {
            frame.writeStartObject();
            frame.writeObjectFieldStart("status");
            frame.writeObjectFieldStart("status");
            List<ObjectNode> result = resultOf(location, element);
            boolean resultWritten = false;
            boolean sequenceWritten = false;
            for (Map.Entry<String, JsonNode> field : element.status().properties()) {
                String name = field.getKey();
                frame.writeFieldName(name);
                // The same places ObjectNode.set gives a field the status already has.
                if (result != null && name.equals("result")) {
                    writeResult(frame, result);
                    resultWritten = true;
                } else if (name.equals(sequenceField)) {
                    frame.writeNumber(sequence);
                    sequenceWritten = true;
                } else {
                    write(frame, field.getValue());
                }
            }
            if (result != null && !resultWritten) {
                frame.writeFieldName("result");
                writeResult(frame, result);
            }
            if (sequenceField != null && !sequenceWritten) {
                frame.writeNumberField(sequenceField, sequence);
            }
            frame.writeEndObject();
            frame.writeEndObject();
            frame.writeNumberField("subscription_id", subscriptionId);
            frame.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write a status frame", e);
        }
        return text.toString();
    }

    /** A copy of the element's current status body, with {@code result} listing child references. */
    static ObjectNode body(ApiLocation location, CatalogElement element) {
        ObjectNode body = element.status().deepCopy();
        List<ObjectNode> result = resultOf(location, element);
        if (result != null) {
            body.putArray("result").addAll(result);
        }
        return body;
    }

    /** The child references a notification of {@code element} lists in {@code result}, or null for none. */
    private static List<ObjectNode> resultOf(ApiLocation location, CatalogElement element) {
        CatalogElement source = element.resultSource();
        if (source == null || source.children().isEmpty()) {
            return null;
        }
        List<ObjectNode> references = new ArrayList<>();
        for (CatalogElement child : source.children()) {
            references.add(RestDocuments.reference(location, child));
        }
        return references;
    }

    /**
     * Writes {@code node} as {@code toString()} would. By hand, because {@code ObjectMapper.writeTree} makes a new
     * serializer provider on each call, which cost more than the writing itself.
     */
    private static void write(JsonGenerator frame, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                frame.writeStartObject();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    frame.writeFieldName(field.getKey());
                    write(frame, field.getValue());
                }
                frame.writeEndObject();
            }
            case ARRAY -> {
                frame.writeStartArray();
                for (JsonNode element : node) {
                    write(frame, element);
                }
                frame.writeEndArray();
            }
            case STRING -> frame.writeString(node.textValue());
            case BOOLEAN -> frame.writeBoolean(node.booleanValue());
            case NULL, MISSING -> frame.writeNull();
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> frame.writeNumber(node.intValue());
                    case LONG -> frame.writeNumber(node.longValue());
                    case BIG_INTEGER -> frame.writeNumber(node.bigIntegerValue());
                    case FLOAT -> frame.writeNumber(node.floatValue());
                    case DOUBLE -> frame.writeNumber(node.doubleValue());
                    case BIG_DECIMAL -> frame.writeNumber(node.decimalValue());
                }
            }
            default -> MAPPER.writeTree(frame, node);
        }
    }

    private static void writeResult(JsonGenerator frame, List<ObjectNode> result) throws IOException {
        frame.writeStartArray();
        for (ObjectNode reference : result) {
            write(frame, reference);
        }
        frame.writeEndArray();
    }
}
