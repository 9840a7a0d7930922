package io.github.kafkaconnectsmc.record;

import java.util.Locale;
import java.util.function.Function;
import org.apache.kafka.connect.data.Schema;

/**
 * What a status record's value is handed to the worker as ({@code value.format}).
 *
 * <ul>
 *   <li>{@code struct} (the default): the {@link StatusSchema} struct, for any converter: JsonConverter, an Avro or
 *       Protobuf converter with a schema registry.</li>
 *   <li>{@code json}: the same value already written as the JSON that JsonConverter writes for the struct with
 *       {@code schemas.enable=false}, byte for byte, without making the struct, as bytes (Connect's bytes schema),
 *       for the worker's ByteArrayConverter, as MirrorMaker hands over bytes. The topic receives the same bytes as
 *       with the default and JsonConverter, but the worker's task thread no longer converts each record: it was most
 *       of that thread's time per record (docs/performance.md).</li>
 * </ul>
 * Tombstones have no value and no value schema either way.
 */
public enum ValueFormat {

    STRUCT,
    JSON;

    /** The value schema of status and heartbeat records. */
    public Schema schema() {
        return this == STRUCT ? StatusSchema.value() : Schema.BYTES_SCHEMA;
    }

    /**
     * What turns a record's {@link StatusValue} into the value handed over, one per task: for JSON it keeps a
     * buffer from record to record, which tasks sharing one would take from each other.
     */
    public Function<StatusValue, Object> newValueMaker() {
        if (this == STRUCT) {
            return StatusValue::toStruct;
        }
        StructJsonWriter writer = new StructJsonWriter(StatusSchema.value());
        return writer::bytesOf;
    }

    public static ValueFormat parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
