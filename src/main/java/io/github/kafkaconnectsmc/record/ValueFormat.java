package io.github.kafkaconnectsmc.record;

import java.util.Locale;
import org.apache.kafka.connect.data.Schema;

/**
 * What a status record's value is handed to the worker as ({@code value.format}).
 *
 * <ul>
 *   <li>{@code struct} (the default): the {@link StatusSchema} struct, for any converter: JsonConverter, an Avro or
 *       Protobuf converter with a schema registry.</li>
 *   <li>{@code json}: the same value already written as the JSON that JsonConverter writes for the struct with
 *       {@code schemas.enable=false}, byte for byte, without making the struct, as bytes (Connect's bytes schema), for the worker's
 *       ByteArrayConverter, as MirrorMaker hands over bytes. The topic receives the same bytes as with the default
 *       and JsonConverter, but the worker's task thread no longer converts each record: it was most of that thread's
 *       time per record (docs/performance.md).</li>
 * </ul>
 * Tombstones have no value and no value schema either way.
 */
public enum ValueFormat {

    STRUCT {
        @Override
        public Schema schema() {
            return StatusSchema.value();
        }

        @Override
        public Object valueOf(StatusValue status) {
            return status.toStruct();
        }
    },

    JSON {
        private final StructJsonWriter writer = new StructJsonWriter(StatusSchema.value());

        @Override
        public Schema schema() {
            return Schema.BYTES_SCHEMA;
        }

        @Override
        public Object valueOf(StatusValue status) {
            return writer.bytesOf(status);
        }
    };

    /** The value schema of status and heartbeat records. */
    public abstract Schema schema();

    /** The value of a status or heartbeat record whose value is {@code status}. */
    public abstract Object valueOf(StatusValue status);

    /** The setting's value: struct or json. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ValueFormat parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
