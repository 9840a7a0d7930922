package io.github.kafkaconnectsmc.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kafkaconnectsmc.protocol.Subscription;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Builds the value {@link Struct} of a notification from its status body.
 *
 * <p>Which body fields are typed comes from the schema itself: a body field whose name is a schema field is written
 * there when its JSON type fits; so adding a field to {@code smc-status.avsc} is all it takes to type it. Everything
 * else, including a known field that arrives with another JSON type, goes to {@code other_fields} as JSON text:
 * nothing the SMC sends is lost.
 */
final class StatusValueMapper {

    /** Schema fields the connector fills itself; a body field of the same name is kept in other_fields. */
    private static final Set<String> CONNECTOR_FIELDS = Set.of(StatusSchema.ELEMENT_HREF, StatusSchema.ELEMENT_NAME,
            StatusSchema.KEY_SOURCE, StatusSchema.SUBSCRIPTION_TYPE, StatusSchema.SUBSCRIPTION_TARGET,
            StatusSchema.SMC_URL, StatusSchema.RECEIVED_AT, StatusSchema.CHILDREN, StatusSchema.OTHER_FIELDS,
            StatusSchema.PREVIOUS_MONITORING_STATE, StatusSchema.PREVIOUS_MONITORING_STATUS,
            StatusSchema.CHANGED_FIELDS, StatusSchema.LAST_REPORTED_AT);

    /** The body lists child references as result (documented) or child (7.1 REST style). */
    private static final List<String> CHILD_LIST_FIELDS = List.of("result", "child");

    private final Schema schema;
    private final Schema childSchema;
    private final Map<String, Field> typedFields = new HashMap<>();
    /** The URL of the management server in use, which changes on a failover. */
    private final Supplier<String> smcUrl;

    StatusValueMapper(Schema schema, Supplier<String> smcUrl) {
        this.schema = schema;
        this.childSchema = schema.field(StatusSchema.CHILDREN).schema().valueSchema();
        this.smcUrl = smcUrl;
        for (Field field : schema.fields()) {
            if (!CONNECTOR_FIELDS.contains(field.name())) {
                typedFields.put(field.name(), field);
            }
        }
    }

    Struct toValue(Subscription subscription, ObjectNode body, ElementKey key, long receivedAt) {
        Struct value = new Struct(schema)
                .put(StatusSchema.ELEMENT_HREF, key.href())
                .put(StatusSchema.KEY_SOURCE, key.source().name())
                .put(StatusSchema.SUBSCRIPTION_TYPE, subscription.kind().wireName())
                .put(StatusSchema.SUBSCRIPTION_TARGET, subscription.target())
                .put(StatusSchema.SMC_URL, smcUrl.get())
                .put(StatusSchema.RECEIVED_AT, new Date(receivedAt));
        Map<String, String> others = null;
        boolean childrenSet = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            JsonNode node = entry.getValue();
            boolean kept;
            if (name.equals("name")) {
                kept = node.isTextual() && put(value, StatusSchema.ELEMENT_NAME, node.asText());
            } else if (name.equals("href")) {
                // Already the key (ElementKeyResolver), which element_href holds.
                kept = node.isTextual();
            } else if (!childrenSet && CHILD_LIST_FIELDS.contains(name)) {
                List<Struct> children = children(node);
                kept = children != null;
                if (kept) {
                    value.put(StatusSchema.CHILDREN, children);
                    childrenSet = true;
                }
            } else {
                Field field = typedFields.get(name);
                kept = field != null && putTyped(value, field, node);
            }
            // A null in a body field the schema holds is that field's null; any other null is kept like any value.
            if (!kept && !(node.isNull() && isHeldBySchema(name))) {
                if (others == null) {
                    others = new LinkedHashMap<>();
                }
                others.put(name, node.toString());
            }
        }
        // SMCs before 6.5 send state/status instead of monitoring_state/monitoring_status.
        if (value.get(StatusSchema.MONITORING_STATE) == null && value.get("state") != null) {
            value.put(StatusSchema.MONITORING_STATE, value.get("state"));
        }
        if (value.get(StatusSchema.MONITORING_STATUS) == null && value.get("status") != null) {
            value.put(StatusSchema.MONITORING_STATUS, value.get("status"));
        }
        if (others != null) {
            value.put(StatusSchema.OTHER_FIELDS, others);
        }
        return value;
    }

    /** Adds what the element's previous notification was, as {@link ElementStates} remembers it. */
    static void putChange(Struct value, ElementStates.Change change) {
        value.put(StatusSchema.PREVIOUS_MONITORING_STATE, change.previousMonitoringState())
                .put(StatusSchema.PREVIOUS_MONITORING_STATUS, change.previousMonitoringStatus())
                .put(StatusSchema.CHANGED_FIELDS, change.changedFields());
    }

    /**
     * The value of a staleness heartbeat: the element's identity, its last known monitoring state and status (also
     * as the previous ones, since nothing changed), no changed fields, and when it last reported.
     */
    Struct heartbeatValue(ElementStates.StaleElement element, long now) {
        Subscription subscription = element.subscription();
        return new Struct(schema)
                .put(StatusSchema.ELEMENT_HREF, element.key().href())
                .put(StatusSchema.KEY_SOURCE, element.key().source().name())
                .put(StatusSchema.SUBSCRIPTION_TYPE, subscription.kind().wireName())
                .put(StatusSchema.SUBSCRIPTION_TARGET, subscription.target())
                .put(StatusSchema.SMC_URL, smcUrl.get())
                .put(StatusSchema.RECEIVED_AT, new Date(now))
                .put(StatusSchema.MONITORING_STATE, element.monitoringState())
                .put(StatusSchema.MONITORING_STATUS, element.monitoringStatus())
                .put(StatusSchema.PREVIOUS_MONITORING_STATE, element.monitoringState())
                .put(StatusSchema.PREVIOUS_MONITORING_STATUS, element.monitoringStatus())
                .put(StatusSchema.CHANGED_FIELDS, List.of())
                .put(StatusSchema.LAST_REPORTED_AT, new Date(element.lastReportedAt()));
    }

    private boolean isHeldBySchema(String bodyField) {
        return bodyField.equals("name") || bodyField.equals("href") || CHILD_LIST_FIELDS.contains(bodyField)
                || typedFields.containsKey(bodyField);
    }

    private static boolean put(Struct value, String field, Object fieldValue) {
        value.put(field, fieldValue);
        return true;
    }

    private static boolean putTyped(Struct value, Field field, JsonNode node) {
        if (node.isNull()) {
            return true;
        }
        switch (field.schema().type()) {
            case STRING:
                // Scalars keep their JSON text (a number 1501 becomes "1501"); objects and arrays do not fit.
                return node.isValueNode() && put(value, field.name(), node.asText());
            case INT32:
                return node.isIntegralNumber() && node.canConvertToInt() && put(value, field.name(), node.intValue());
            case INT64:
                return node.isIntegralNumber() && node.canConvertToLong() && put(value, field.name(), node.longValue());
            case BOOLEAN:
                return node.isBoolean() && put(value, field.name(), node.booleanValue());
            case FLOAT64:
                return node.isNumber() && put(value, field.name(), node.doubleValue());
            default:
                return false;
        }
    }

    /** The child references as structs, or null when the list has a shape the schema cannot hold without loss. */
    private List<Struct> children(JsonNode list) {
        if (!list.isArray()) {
            return null;
        }
        List<Struct> children = new ArrayList<>(list.size());
        for (JsonNode item : list) {
            if (!item.isObject()) {
                return null;
            }
            Struct child = new Struct(childSchema);
            for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                Field field = childSchema.field(entry.getKey());
                if (field == null || !(entry.getValue().isTextual() || entry.getValue().isNull())) {
                    return null;
                }
                child.put(field, entry.getValue().isNull() ? null : entry.getValue().asText());
            }
            children.add(child);
        }
        return children;
    }
}
