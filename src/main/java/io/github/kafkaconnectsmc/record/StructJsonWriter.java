package io.github.kafkaconnectsmc.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * which is most of a worker task thread's time per status record (docs/performance.md).
 *
 * <p>The schema is checked once, when the writer is made: a type or a default value this writer does not write as
 * JsonConverter would is refused there, not found on a record. Thread safe.
 */
public final class StructJsonWriter {

    /**
     * Writes one value after another with nothing between them (a generator by default puts a space between
     * root-level values), so that one generator serves record after record.
     */
    private static final JsonFactory JSON = new JsonFactory().setRootValueSeparator(null);

    /** A generator and the buffer it writes to, kept between records. */
    private record Output(ByteArrayBuilder buffer, JsonGenerator generator) {
    }

    /** Writes one non-null value of the schema it was made for. */
    @FunctionalInterface
    private interface ValueWriter {
        void write(JsonGenerator out, Object value) throws IOException;
    }

    private final Schema schema;
    /** The whole schema turned into writers once, so that writing a record looks nothing up. */
    private final ValueWriter writer;
    /**
     * One output kept between records, as StatusRecordMapper keeps a status body: making a generator per record was
     * a tenth of the socket reader's time. Records are written one at a time on a socket's reader thread; a
     * heartbeat written meanwhile simply makes an output of its own.
     */
    private final AtomicReference<Output> spareOutput = new AtomicReference<>();

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
        Output output = spareOutput.getAndSet(null);
        if (output == null) {
            output = newOutput();
        }
        byte[] bytes;
        try {
            writer.write(output.generator(), value);
            output.generator().flush();
            bytes = output.buffer().toByteArray();
        } catch (IOException e) {
            // Writing to memory does not fail; Jackson declares it because a generator may write to a stream.
            throw new UncheckedIOException(e);
        }
        // Only an output that wrote a whole value is kept (a failure leaves the generator inside it). The buffer keeps
        // its latest block only (at most 128 KiB, Jackson's largest), so a large value is not kept whole.
        output.buffer().reset();
        spareOutput.setRelease(output);
        return bytes;
    }

    private static Output newOutput() {
        // Sized for the engine-node notifications that are most of the traffic; it grows for larger values.
        ByteArrayBuilder buffer = new ByteArrayBuilder(1024);
        try {
            return new Output(buffer, JSON.createGenerator(buffer));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
            case STRING -> (out, value) -> out.writeString((String) value);
            case BOOLEAN -> (out, value) -> out.writeBoolean((Boolean) value);
            case INT32 -> (out, value) -> out.writeNumber((Integer) value);
            case INT64 -> Timestamp.LOGICAL_NAME.equals(schema.name())
                    ? (out, value) -> out.writeNumber(((Date) value).getTime())
                    : (out, value) -> out.writeNumber((Long) value);
            case FLOAT64 -> (out, value) -> out.writeNumber((Double) value);
            case STRUCT -> structWriterOf(schema, where);
            case ARRAY -> {
                ValueWriter elements = writerOf(schema.valueSchema(), where + "[]");
                yield (out, value) -> {
                    out.writeStartArray();
                    for (Object element : (List<?>) value) {
                        writeNullable(out, elements, element);
                    }
                    out.writeEndArray();
                };
            }
            case MAP -> {
                if (schema.keySchema().type() != Schema.Type.STRING) {
                    // JsonConverter writes such a map as an array of pairs.
                    throw new IllegalArgumentException(where + ": a map whose keys are not text is not supported");
                }
                ValueWriter values = writerOf(schema.valueSchema(), where + "{}");
                yield (out, value) -> {
                    out.writeStartObject();
                    for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                        out.writeFieldName((String) entry.getKey());
                        writeNullable(out, values, entry.getValue());
                    }
                    out.writeEndObject();
                };
            }
            default -> throw new IllegalArgumentException(where + ": type " + schema.type() + " is not supported");
        };
    }

    private static ValueWriter structWriterOf(Schema schema, String where) {
        List<Field> fields = schema.fields();
        SerializedString[] names = new SerializedString[fields.size()];
        ValueWriter[] writers = new ValueWriter[fields.size()];
        for (Field field : fields) {
            names[field.index()] = new SerializedString(field.name());
            writers[field.index()] = writerOf(field.schema(), where + "." + field.name());
        }
        // The value of a record is a StatusValue; a struct within it (a child reference) is a Struct. Both are read
        // field by field in schema order.
        return (out, value) -> {
            StatusValue status = value instanceof StatusValue given ? given : null;
            Struct struct = status == null ? (Struct) value : null;
            out.writeStartObject();
            for (int index = 0; index < names.length; index++) {
                Field field = fields.get(index);
                out.writeFieldName(names[index]);
                writeNullable(out, writers[index], status != null ? status.get(field) : struct.get(field));
            }
            out.writeEndObject();
        };
    }

    private static void writeNullable(JsonGenerator out, ValueWriter writer, Object value) throws IOException {
        if (value == null) {
            out.writeNull();
        } else {
            writer.write(out, value);
        }
    }
}
