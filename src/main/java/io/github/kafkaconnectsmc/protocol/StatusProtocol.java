package io.github.kafkaconnectsmc.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Encodes the commands of the SMC status socket and decodes what it sends. The wire format is documented in
 * {@code docs/protocol.md}; everything not documented by Forcepoint is tolerated: unknown frames decode to
 * {@link StatusFrame.Rejected} instead of throwing.
 */
public final class StatusProtocol {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

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

    public static StatusFrame decode(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return new StatusFrame.Rejected(FrameRejection.NOT_JSON, e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            return new StatusFrame.Rejected(FrameRejection.NOT_JSON, "not a JSON object");
        }
        JsonNode status = root.get("status");
        JsonNode id = root.get("subscription_id");
        if (status != null) {
            if (id == null || !id.canConvertToInt() || !id.isIntegralNumber()) {
                return new StatusFrame.Rejected(FrameRejection.MALFORMED_STATUS, "subscription_id is not a number");
            }
            // The documented wrapper nests the body: {"status":{"status":{...}}}. Accept a flat body as well,
            // since nothing documents that the nesting is stable across SMC versions.
            // A pre-6.5 flat body has a text field "status" of its own, so only an object counts as the nesting.
            JsonNode inner = status.get("status");
            JsonNode body = inner != null && inner.isObject() ? inner : status;
            if (!(body instanceof ObjectNode object)) {
                return new StatusFrame.Rejected(FrameRejection.MALFORMED_STATUS, "status body is not a JSON object");
            }
            return new StatusFrame.Notification(id.intValue(), object);
        }
        JsonNode success = root.get("success");
        if (success != null && id != null && id.isIntegralNumber() && id.canConvertToInt()) {
            return new StatusFrame.Acknowledgement(id.intValue(), success.asText());
        }
        JsonNode failure = root.get("failure");
        if (failure != null) {
            return new StatusFrame.Failure(failure.isTextual() ? failure.asText() : failure.toString());
        }
        return new StatusFrame.Rejected(FrameRejection.UNKNOWN_SHAPE, "no status, success or failure field");
    }
}
