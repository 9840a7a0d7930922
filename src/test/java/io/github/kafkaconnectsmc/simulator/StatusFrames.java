package io.github.kafkaconnectsmc.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The text frames the simulated status socket sends, in the documented shapes. */
final class StatusFrames {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

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
     * {@code {"status":{"status":{...}},"subscription_id":N}}. The body carries no href of the element itself, like
     * the documented notifications; child references in {@code result} do carry theirs.
     */
    static String status(int subscriptionId, ObjectNode body) {
        ObjectNode frame = JSON.objectNode();
        frame.putObject("status").set("status", body);
        frame.put("subscription_id", subscriptionId);
        return frame.toString();
    }

    /** A copy of the element's current status body, with {@code result} listing child references. */
    static ObjectNode body(ApiLocation location, CatalogElement element) {
        ObjectNode body = element.status().deepCopy();
        CatalogElement source = element.resultSource();
        if (source != null && !source.children().isEmpty()) {
            ArrayNode result = body.putArray("result");
            for (CatalogElement child : source.children()) {
                result.add(RestDocuments.reference(location, child));
            }
        }
        return body;
    }
}
