package io.github.kafkaconnectsmc.record;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.kafkaconnectsmc.protocol.JsonText;
import io.github.kafkaconnectsmc.protocol.Subscription;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Maps a notification's status body into the record's {@link StatusValue}, straight from the parser: each body field
 * is read once, into the value or into {@code other_fields}, with no JSON tree in between.
 *
 * <p>Which body fields are typed comes from the schema itself: a body field whose name is a schema field is written
 * there when its JSON type fits; so adding a field to {@code smc-status.avsc} is all it takes to type it. Everything
 * else, including a known field that arrives with another JSON type, goes to {@code other_fields} as JSON text:
 * nothing the SMC sends is lost.
 *
 * <p>Thread safety: holds only what the schema decides, so one instance serves every frame of a task.
 */
final class StatusValueMapper {

    /** Schema fields the connector fills itself; a body field of the same name is kept in other_fields. */
    private static final Set<String> CONNECTOR_FIELDS = Set.of(StatusSchema.ELEMENT_HREF, StatusSchema.ELEMENT_NAME,
            StatusSchema.KEY_SOURCE, StatusSchema.SUBSCRIPTION_TYPE, StatusSchema.SUBSCRIPTION_TARGET,
            StatusSchema.SMC_URL, StatusSchema.RECEIVED_AT, StatusSchema.CHILDREN, StatusSchema.OTHER_FIELDS,
            StatusSchema.PREVIOUS_MONITORING_STATE, StatusSchema.PREVIOUS_MONITORING_STATUS,
            StatusSchema.CHANGED_FIELDS, StatusSchema.LAST_REPORTED_AT);

    private static final String NAME = "name";
    private static final String HREF = "href";
    /** The body lists child references as result (documented) or child (7.1 REST style). */
    private static final List<String> CHILD_LIST_FIELDS = List.of("result", "child");

    private final Schema schema;
    private final Schema childSchema;
    /**
     * Body field name to the schema field it is typed into. Keyed by interned names: Jackson interns the field names
     * it reads, so a lookup finds its key by identity and never compares characters.
     */
    private final Map<String, Field> typedFields = new HashMap<>();
    private final Field elementHref;
    private final Field elementName;
    private final Field keySource;
    private final Field subscriptionType;
    private final Field subscriptionTarget;
    private final Field smcUrlField;
    private final Field receivedAt;
    private final Field monitoringState;
    private final Field monitoringStatus;
    private final Field state;
    private final Field status;
    private final Field children;
    private final Field otherFields;
    private final Field previousMonitoringState;
    private final Field previousMonitoringStatus;
    private final Field changedFields;
    private final Field lastReportedAt;
    /** The URL of the management server in use, which changes on a failover. */
    private final Supplier<String> smcUrl;

    StatusValueMapper(Schema schema, Supplier<String> smcUrl) {
        this.schema = schema;
        this.childSchema = schema.field(StatusSchema.CHILDREN).schema().valueSchema();
        this.smcUrl = smcUrl;
        for (Field field : schema.fields()) {
            if (!CONNECTOR_FIELDS.contains(field.name())) {
                typedFields.put(field.name().intern(), field);
            }
        }
        if (schema.fields().size() > Long.SIZE) {
            // StatusBody marks the typed fields sent in one long.
            throw new IllegalStateException("The value schema has more than " + Long.SIZE + " fields");
        }
        elementHref = schema.field(StatusSchema.ELEMENT_HREF);
        elementName = schema.field(StatusSchema.ELEMENT_NAME);
        keySource = schema.field(StatusSchema.KEY_SOURCE);
        subscriptionType = schema.field(StatusSchema.SUBSCRIPTION_TYPE);
        subscriptionTarget = schema.field(StatusSchema.SUBSCRIPTION_TARGET);
        smcUrlField = schema.field(StatusSchema.SMC_URL);
        receivedAt = schema.field(StatusSchema.RECEIVED_AT);
        monitoringState = schema.field(StatusSchema.MONITORING_STATE);
        monitoringStatus = schema.field(StatusSchema.MONITORING_STATUS);
        state = schema.field("state");
        status = schema.field("status");
        children = schema.field(StatusSchema.CHILDREN);
        otherFields = schema.field(StatusSchema.OTHER_FIELDS);
        previousMonitoringState = schema.field(StatusSchema.PREVIOUS_MONITORING_STATE);
        previousMonitoringStatus = schema.field(StatusSchema.PREVIOUS_MONITORING_STATUS);
        changedFields = schema.field(StatusSchema.CHANGED_FIELDS);
        lastReportedAt = schema.field(StatusSchema.LAST_REPORTED_AT);
    }

    /** Reads the body field {@code name}, whose value the parser stands on, into {@code body}. */
    void read(StatusBody body, String name, JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        boolean kept;
        String text = null;
        if (name.equals(NAME)) {
            kept = token == JsonToken.VALUE_STRING;
            if (kept) {
                body.name = parser.getText();
            }
        } else if (name.equals(HREF)) {
            // Becomes the key (ElementKeyResolver), which element_href holds.
            kept = token == JsonToken.VALUE_STRING;
            if (kept) {
                body.href = parser.getText();
            }
        } else if (body.children == null && CHILD_LIST_FIELDS.contains(name) && token == JsonToken.START_ARRAY) {
            int start = (int) parser.currentTokenLocation().getCharOffset();
            List<Struct> list = readChildren(parser);
            kept = list != null;
            if (kept) {
                body.children = list;
                body.childListField = name;
            } else {
                // The list has a shape the schema cannot hold without loss; the parser has passed its end.
                int end = (int) parser.currentLocation().getCharOffset();
                text = JsonText.of(body.frameText().substring(start, end));
            }
        } else {
            Field field = typedFields.get(name);
            kept = field != null && readTyped(body, field, parser, token);
        }
        // A null in a body field the schema holds is that field's null; any other null is kept like any value.
        if (!kept && !(token == JsonToken.VALUE_NULL && isHeldBySchema(name))) {
            if (body.others == null) {
                body.others = new LinkedHashMap<>();
            }
            body.others.put(name, text != null ? text : JsonText.of(parser));
        }
    }

    private boolean isHeldBySchema(String bodyField) {
        return bodyField.equals(NAME) || bodyField.equals(HREF) || CHILD_LIST_FIELDS.contains(bodyField)
                || typedFields.containsKey(bodyField);
    }

    /** Writes a value that fits {@code field}'s type and returns true; leaves the parser where it is otherwise. */
    private boolean readTyped(StatusBody body, Field field, JsonParser parser, JsonToken token) throws IOException {
        Object value;
        if (token == JsonToken.VALUE_NULL) {
            value = null;
        } else {
            value = switch (field.schema().type()) {
                // Scalars keep their JSON text (a number 1501 becomes "1501"); objects and arrays do not fit.
                case STRING -> switch (token) {
                    case VALUE_STRING, VALUE_NUMBER_INT, VALUE_TRUE, VALUE_FALSE -> parser.getText();
                    // As a JSON tree writes a double, whatever the SMC's spelling (1e3 is 1000.0).
                    case VALUE_NUMBER_FLOAT -> Double.toString(parser.getDoubleValue());
                    default -> null;
                };
                case INT32 -> token == JsonToken.VALUE_NUMBER_INT
                        && parser.getNumberType() == JsonParser.NumberType.INT ? parser.getIntValue() : null;
                case INT64 -> token == JsonToken.VALUE_NUMBER_INT
                        && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER ? parser.getLongValue() : null;
                case BOOLEAN -> token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE
                        ? parser.getBooleanValue() : null;
                case FLOAT64 -> token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT
                        ? parser.getDoubleValue() : null;
                default -> null;
            };
            if (value == null) {
                return false;
            }
        }
        if (value != null) {
            if (body.value == null) {
                body.value = new StatusValue(schema);
            }
            body.value.put(field, value);
        }
        body.typedFieldsSent |= 1L << field.index();
        return true;
    }

    /**
     * The child references of a list the parser stands on, as structs, or null when the list has a shape the schema
     * cannot hold without loss; either way the parser ends on the list's last token.
     */
    private List<Struct> readChildren(JsonParser parser) throws IOException {
        List<Struct> list = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                skipRest(parser, 1);
                return null;
            }
            Struct child = new Struct(childSchema);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                Field field = childSchema.field(parser.currentName());
                JsonToken value = parser.nextToken();
                if (field == null || (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL)) {
                    skipRest(parser, 2);
                    return null;
                }
                if (value == JsonToken.VALUE_STRING) {
                    child.put(field, parser.getText());
                }
            }
            list.add(child);
        }
        return list;
    }

    /** Consumes the value the parser stands on, then the rest of the {@code open} containers around it. */
    private static void skipRest(JsonParser parser, int open) throws IOException {
        parser.skipChildren();
        while (open > 0) {
            JsonToken token = parser.nextToken();
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                parser.skipChildren();
            } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                open--;
            }
        }
    }

    /**
     * The complete value of a body read from a frame of {@code subscription}, keyed by {@code key}: the body's own
     * {@link StatusValue}, which it reuses for its next frame, so the caller turns it into a record value first.
     */
    StatusValue toValue(Subscription subscription, StatusBody body, ElementKey key, long receivedAtMillis) {
        if (body.value == null) {
            body.value = new StatusValue(schema);
        }
        StatusValue value = body.value;
        value.put(elementHref, key.href())
                .put(keySource, key.source().name())
                .put(subscriptionType, subscription.kind().wireName())
                .put(subscriptionTarget, subscription.target())
                .put(smcUrlField, smcUrl.get())
                .put(receivedAt, new Date(receivedAtMillis));
        if (body.name != null) {
            value.put(elementName, body.name);
        }
        if (body.children != null) {
            value.put(children, body.children);
        }
        // SMCs before 6.5 send state/status instead of monitoring_state/monitoring_status.
        if (value.get(monitoringState) == null && value.get(state) != null) {
            value.put(monitoringState, value.get(state));
        }
        if (value.get(monitoringStatus) == null && value.get(status) != null) {
            value.put(monitoringStatus, value.get(status));
        }
        if (body.others != null) {
            value.put(otherFields, body.others);
        }
        return value;
    }

    /** The value's {@code monitoring_state}, as sent or as filled from {@code state}. */
    String monitoringState(StatusValue value) {
        return (String) value.get(monitoringState);
    }

    /** The value's {@code monitoring_status}, as sent or as filled from {@code status}. */
    String monitoringStatus(StatusValue value) {
        return (String) value.get(monitoringStatus);
    }

    /** Adds what the element's previous notification was, as {@link ElementStates} remembers it. */
    void putChange(StatusValue value, ElementStates.Change change) {
        value.put(previousMonitoringState, change.previousMonitoringState())
                .put(previousMonitoringStatus, change.previousMonitoringStatus())
                .put(changedFields, change.changedFields());
    }

    /**
     * The value of a staleness heartbeat: the element's identity, its last known monitoring state and status (also
     * as the previous ones, since nothing changed), no changed fields, and when it last reported.
     */
    StatusValue heartbeatValue(ElementStates.StaleElement element, long now) {
        Subscription subscription = element.subscription();
        return new StatusValue(schema)
                .put(elementHref, element.key().href())
                .put(keySource, element.key().source().name())
                .put(subscriptionType, subscription.kind().wireName())
                .put(subscriptionTarget, subscription.target())
                .put(smcUrlField, smcUrl.get())
                .put(receivedAt, new Date(now))
                .put(monitoringState, element.monitoringState())
                .put(monitoringStatus, element.monitoringStatus())
                .put(previousMonitoringState, element.monitoringState())
                .put(previousMonitoringStatus, element.monitoringStatus())
                .put(changedFields, List.of())
                .put(lastReportedAt, new Date(element.lastReportedAt()));
    }

    /** See {@link StatusBody#forEachField}. */
    void forEachField(StatusBody body, BiConsumer<String, Object> action) {
        if (body.name != null) {
            action.accept(NAME, body.name);
        }
        if (body.href != null) {
            action.accept(HREF, body.href);
        }
        if (body.children != null) {
            action.accept(body.childListField, body.children);
        }
        if (body.typedFieldsSent != 0) {
            for (Field field : schema.fields()) {
                if ((body.typedFieldsSent & (1L << field.index())) != 0) {
                    action.accept(field.name(), body.value == null ? null : body.value.get(field));
                }
            }
        }
        if (body.others != null) {
            body.others.forEach(action);
        }
    }
}
