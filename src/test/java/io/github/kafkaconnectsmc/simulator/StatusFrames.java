package io.github.kafkaconnectsmc.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The text frames the simulated status socket sends, in the documented shapes. */
final class StatusFrames {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    static final String SUBSCRIBED = "Subscribed for status";
    static final String UNSUBSCRIBED = "Unsubscribed from status";
    private static final String RESULT = "result";

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

    /**
     * The frame {@link #status} makes of {@code body}, with {@code sequence} added as the body's last field
     * {@code sequenceField} if that is not null, written straight from {@code bodyText}: the body as
     * {@link #bodyText} renders it, which must not have a field named {@code sequenceField}.
     */
    static String status(int subscriptionId, String bodyText, String sequenceField, long sequence) {
        StringBuilder frame = new StringBuilder(bodyText.length() + 96).append("{\"status\":{\"status\":");
        if (sequenceField == null) {
            frame.append(bodyText);
        } else {
            frame.append(bodyText, 0, bodyText.length() - 1);
            if (bodyText.length() > 2) {
                frame.append(',');
            }
            CompactJson.appendString(frame, sequenceField);
            frame.append(':').append(sequence).append('}');
        }
        return frame.append("},\"subscription_id\":").append(subscriptionId).append('}').toString();
    }

    /**
     * {@link #body} as text, rendered once per status change: kept by the element until its status changes, so every
     * subscription the change goes to, and every snapshot until then, shares it.
     */
    static String bodyText(ApiLocation location, CatalogElement element) {
        String text = element.rendered(location);
        if (text == null) {
            // Without a result the body is the status as it is: rendered without copying it first.
            text = CompactJson.render(hasResult(element) ? body(location, element) : element.status());
            element.rememberRendered(location, text);
        }
        return text;
    }

    /**
     * Whether {@link #body} of {@code element} may have a field named {@code field}: one of its status, or
     * {@code result}.
     */
    static boolean bodyMayHave(CatalogElement element, String field) {
        return field.equals(RESULT) || element.status().has(field);
    }

    /** A copy of the element's current status body, with {@code result} listing child references. */
    static ObjectNode body(ApiLocation location, CatalogElement element) {
        ObjectNode body = element.status().deepCopy();
        if (hasResult(element)) {
            ArrayNode result = body.putArray(RESULT);
            for (CatalogElement child : element.resultSource().children()) {
                result.add(RestDocuments.reference(location, child));
            }
        }
        return body;
    }

    private static boolean hasResult(CatalogElement element) {
        CatalogElement source = element.resultSource();
        return source != null && !source.children().isEmpty();
    }
}
