package io.github.kafkaconnectsmc.record;

import java.util.Arrays;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * The value of a status or heartbeat record while it is made: the value schema's fields by index, each holding a
 * value of the field's Connect type (as {@link StatusValueMapper} makes them) or null. It becomes a {@link Struct}
 * ({@link #toStruct}, where every value is checked as {@code Struct.put} checks it) or, for
 * {@link ValueFormat#JSON}, JSON bytes ({@link StructJsonWriter}) without a struct in between: a struct costs a check
 * per field, and in Kafka 4.3 each check builds its message text first.
 *
 * <p>Not thread safe: one record, made on one thread.
 */
public final class StatusValue {

    private final Schema schema;
    private final Object[] fields;
    /** False once a field is put, until {@link #clear}: a body is reset more than once per frame. */
    private boolean empty = true;

    StatusValue(Schema schema) {
        this.schema = schema;
        this.fields = new Object[schema.fields().size()];
    }

    StatusValue put(Field field, Object value) {
        fields[field.index()] = value;
        empty = false;
        return this;
    }

    Object get(Field field) {
        return fields[field.index()];
    }

    /** The value schema this value is of. */
    public Schema schema() {
        return schema;
    }

    /** Empties every field, for a status body read again. */
    void clear() {
        if (!empty) {
            Arrays.fill(fields, null);
            empty = true;
        }
    }

    /** The value as a {@link Struct} of {@link #schema()}, each field checked as it is put. */
    public Struct toStruct() {
        Struct struct = new Struct(schema);
        for (Field field : schema.fields()) {
            Object value = fields[field.index()];
            // A null needs no put: every field starts null, and each put costs a check.
            if (value != null) {
                struct.put(field, value);
            }
        }
        return struct;
    }
}
