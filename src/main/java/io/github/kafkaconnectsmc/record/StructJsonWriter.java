package io.github.kafkaconnectsmc.record;

import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Writes a {@link StatusValue} (a struct not yet made) of one schema as the JSON that Connect's
 * {@code JsonConverter} writes for its struct with {@code schemas.enable=false}, byte for byte: compact UTF-8, fields
 * in schema order, a null field as {@code null}, a timestamp as epoch milliseconds, a map with text keys as an object
 * in the map's order. For {@link ValueFormat#JSON}: the connector hands the worker finished bytes, so the worker's
 * converter does no work.
 *
 * <p>Streams straight to bytes: JsonConverter builds a JSON tree of the struct first, then serializes the tree,
 * which is most of a worker task thread's time per status record (docs/performance.md). Field names and separators
 * are bytes made once per schema; values go through {@link JsonOutput}, which spells them as Jackson does.
 *
 * <p>The schema is checked once, when the writer is made: a type or a default value this writer does not write as
 * JsonConverter would is refused there, not found on a record. Thread safe.
 */
public final class StructJsonWriter {

    /** Writes one non-null value of the schema it was made for. */
    @FunctionalInterface
    private interface ValueWriter {
        void write(JsonOutput out, Object value);
    }

    private final Schema schema;
    /** The whole schema turned into writers once, so that writing a record looks nothing up. */
    private final ValueWriter writer;
    /**
     * One output kept between records, as StatusRecordMapper keeps a status body. Records are written one at a time on
     * a socket's reader thread; a heartbeat written meanwhile simply makes an output of its own.
     */
    private final AtomicReference<JsonOutput> spareOutput = new AtomicReference<>();

    public StructJsonWriter(Schema schema) {
        if (schema.type() != Schema.Type.STRUCT) {
            throw new IllegalArgumentException("Not a struct schema: " + schema.type());
        }
        this.schema = schema;
        this.writer = writerOf(schema, schema.name() == null ? "struct" : schema.name());
    }

    /**
     * The JSON bytes of {@code value}, a value of this writer's schema: those JsonConverter writes for
     * {@code value.toStruct()}, without making the struct.
     */
    public byte[] bytesOf(StatusValue value) {
        if (value.schema() != schema) {
            throw new IllegalArgumentException("A value of another schema: " + value.schema().name());
        }
        JsonOutput output = spareOutput.getAndSet(null);
        if (output == null) {
            output = new JsonOutput();
        }
        writer.write(output, value);
        byte[] bytes = output.toByteArray();
        // Only an output that wrote a whole value is kept: a value that failed half way is not in it.
        output.reset();
        spareOutput.setRelease(output);
        return bytes;
    }

    /**
     * The writer of {@code schema}'s values; refuses what would not come out as JsonConverter writes it.
     * {@code where} names the schema's place in the value for the message.
     */
    private static ValueWriter writerOf(Schema schema, String where) {
        if (schema.defaultValue() != null) {
            // JsonConverter writes a null field's default in its place (replace.null.with.default).
            throw new IllegalArgumentException(where + ": a default value other than null is not supported");
        }
        if (schema.name() != null && schema.type() != Schema.Type.STRUCT
                && !(schema.name().equals(Timestamp.LOGICAL_NAME))) {
            throw new IllegalArgumentException(where + ": logical type " + schema.name() + " is not supported");
        }
        return switch (schema.type()) {
            case STRING -> (out, value) -> out.string((String) value);
            case BOOLEAN -> (out, value) -> out.bool((Boolean) value);
            case INT32 -> (out, value) -> out.number((Integer) value);
            case INT64 -> Timestamp.LOGICAL_NAME.equals(schema.name())
                    ? (out, value) -> out.number(((Date) value).getTime())
                    : (out, value) -> out.number((Long) value);
            case FLOAT64 -> (out, value) -> out.number((Double) value);
            case STRUCT -> structWriterOf(schema, where);
            case ARRAY -> {
                ValueWriter elements = writerOf(schema.valueSchema(), where + "[]");
                yield (out, value) -> {
                    out.raw('[');
                    boolean first = true;
                    for (Object element : (List<?>) value) {
                        if (!first) {
                            out.raw(',');
                        }
                        first = false;
                        writeNullable(out, elements, element);
                    }
                    out.raw(']');
                };
            }
            case MAP -> {
                if (schema.keySchema().type() != Schema.Type.STRING) {
                    // JsonConverter writes such a map as an array of pairs.
                    throw new IllegalArgumentException(where + ": a map whose keys are not text is not supported");
                }
                ValueWriter values = writerOf(schema.valueSchema(), where + "{}");
                yield (out, value) -> {
                    out.raw('{');
                    boolean first = true;
                    for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                        if (!first) {
                            out.raw(',');
                        }
                        first = false;
                        out.string((String) entry.getKey());
                        out.raw(':');
                        writeNullable(out, values, entry.getValue());
                    }
                    out.raw('}');
                };
            }
            default -> throw new IllegalArgumentException(where + ": type " + schema.type() + " is not supported");
        };
    }

    private static ValueWriter structWriterOf(Schema schema, String where) {
        List<Field> fields = schema.fields();
        if (fields.isEmpty()) {
            return (out, value) -> {
                out.raw('{');
                out.raw('}');
            };
        }
        // Each field's name with what comes before it: {"first": and then ,"next":
        byte[][] names = new byte[fields.size()][];
        // The same followed by null, written in one piece: most fields of a status are null.
        byte[][] nullFields = new byte[fields.size()][];
        ValueWriter[] writers = new ValueWriter[fields.size()];
        for (Field field : fields) {
            byte[] quoted = JsonOutput.quoted(field.name());
            byte[] name = new byte[quoted.length + 2];
            name[0] = (byte) (field.index() == 0 ? '{' : ',');
            System.arraycopy(quoted, 0, name, 1, quoted.length);
            name[name.length - 1] = ':';
            names[field.index()] = name;
            nullFields[field.index()] = JsonOutput.followedByNull(name);
            writers[field.index()] = writerOf(field.schema(), where + "." + field.name());
        }
        // The value of a record is a StatusValue; a struct within it (a child reference) is a Struct. Both are read
        // field by field in schema order.
        return (out, value) -> {
            StatusValue status = value instanceof StatusValue given ? given : null;
            Struct struct = status == null ? (Struct) value : null;
            for (int index = 0; index < names.length; index++) {
                Field field = fields.get(index);
                Object fieldValue = status != null ? status.get(field) : struct.get(field);
                if (fieldValue == null) {
                    out.raw(nullFields[index]);
                } else {
                    out.raw(names[index]);
                    writers[index].write(out, fieldValue);
                }
            }
            out.raw('}');
        };
    }

    private static void writeNullable(JsonOutput out, ValueWriter writer, Object value) {
        if (value == null) {
            out.nullValue();
        } else {
            writer.write(out, value);
        }
    }
}
