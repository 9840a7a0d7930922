package io.github.kafkaconnectsmc.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Encodes the commands of the SMC status socket and decodes what it sends. The wire format is documented in
 * {@code docs/protocol.md}; everything not documented by Forcepoint is tolerated: unknown frames decode to
 * {@link StatusFrame.Rejected} instead of throwing.
 *
 * <p>Frames are read in one pass with a streaming parser: a notification's body goes field by field to a
 * {@link StatusBodyReader}, which maps it without a JSON tree, as it arrives on every notification.
 */
public final class StatusProtocol {

    private static final JsonFactory JSON = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String STATUS = "status";

    private StatusProtocol() {
    }

    /** {@code {"context":"fw_single"}} or {@code {"element":"<uri>"}}. */
    public static String subscribeCommand(Subscription subscription) {
        return NODES.objectNode().put(subscription.kind().wireName(), subscription.target()).toString();
    }

    /** {@code {"unsubscribe":N}}. */
    public static String unsubscribeCommand(int subscriptionId) {
        return NODES.objectNode().put("unsubscribe", subscriptionId).toString();
    }

    /**
     * Decodes one frame. The fields of a notification's status body go to {@code body} as they are read; they are
     * complete only when this returns a {@link StatusFrame.Notification}.
     */
    public static StatusFrame decode(String text, StatusBodyReader body) {
        try (JsonParser parser = JSON.createParser(text)) {
            return decode(parser, body);
        } catch (JsonProcessingException e) {
            return new StatusFrame.Rejected(FrameRejection.NOT_JSON, e.getOriginalMessage());
        } catch (IOException e) {
            // A parser reading a String performs no I/O.
            throw new UncheckedIOException(e);
        }
    }

    private static StatusFrame decode(JsonParser parser, StatusBodyReader body) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return new StatusFrame.Rejected(FrameRejection.NOT_JSON, "not a JSON object");
        }
        boolean hasStatus = false;
        boolean statusIsObject = false;
        boolean hasId = false;
        int id = 0;
        String success = null;
        String failure = null;
        // Duplicate fields: the last one counts, as in a JSON tree.
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case STATUS -> {
                    hasStatus = true;
                    statusIsObject = value == JsonToken.START_OBJECT;
                    if (statusIsObject) {
                        readBody(parser, body);
                    } else {
                        parser.skipChildren();
                    }
                }
                case "subscription_id" -> {
                    hasId = value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT;
                    id = hasId ? parser.getIntValue() : 0;
                    parser.skipChildren();
                }
                case "success" -> success = textOf(parser, value);
                case "failure" -> failure = value == JsonToken.VALUE_STRING ? parser.getText() : JsonText.of(parser);
                default -> parser.skipChildren();
            }
        }
        if (hasStatus) {
            if (!hasId) {
                return new StatusFrame.Rejected(FrameRejection.MALFORMED_STATUS, "subscription_id is not a number");
            }
            if (!statusIsObject) {
                return new StatusFrame.Rejected(FrameRejection.MALFORMED_STATUS, "status body is not a JSON object");
            }
            return new StatusFrame.Notification(id);
        }
        if (success != null && hasId) {
            return new StatusFrame.Acknowledgement(id, success);
        }
        if (failure != null) {
            return new StatusFrame.Failure(failure);
        }
        if (success != null) {
            // Such as an unsubscribe's reply, which nothing documents: it is no acknowledgement to match.
            return new StatusFrame.Rejected(FrameRejection.UNKNOWN_SHAPE,
                    "a success reply without an integer subscription_id");
        }
        return new StatusFrame.Rejected(FrameRejection.UNKNOWN_SHAPE, "no status, success or failure field");
    }

    /**
     * Reads the object under the frame's {@code status}. The documented wrapper nests the body:
     * {@code {"status":{"status":{...}}}}. A flat body is accepted as well, since nothing documents that the nesting
     * is stable across SMC versions; a pre-6.5 flat body has a text field {@code status} of its own, so only an object
     * there counts as the nesting. Once a nested body was read, the wrapper's other fields are not body fields.
     */
    private static void readBody(JsonParser parser, StatusBodyReader body) throws IOException {
        body.startBody();
        boolean nested = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals(STATUS) && value == JsonToken.START_OBJECT) {
                nested = true;
                body.startBody();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String nestedField = parser.currentName();
                    parser.nextToken();
                    body.bodyField(nestedField, parser);
                }
            } else if (nested) {
                parser.skipChildren();
            } else {
                body.bodyField(field, parser);
            }
        }
    }

    /** A value as text the way a JSON tree's {@code asText()} gives it: empty for an object or array. */
    private static String textOf(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            parser.skipChildren();
            return "";
        }
        return parser.getText();
    }
}
