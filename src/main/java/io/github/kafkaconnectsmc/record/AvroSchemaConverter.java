package io.github.kafkaconnectsmc.record;

import java.util.Date;
import java.util.List;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Turns an Avro schema into the equivalent Kafka Connect schema, following the conventions of the Avro converters
 * (Confluent's and Apicurio's {@code AvroData}): a union of {@code null} and one type is that type made optional,
 * a record's full name is the struct's name, {@code timestamp-millis} is Connect's {@link Timestamp}, and a field's
 * default and doc carry over. Only the Avro features the status schema uses are supported; anything else is refused
 * at load time rather than mapped approximately.
 */
public final class AvroSchemaConverter {

    private AvroSchemaConverter() {
    }

    public static Schema toConnect(org.apache.avro.Schema avro) {
        return toConnect(avro, false, null, null);
    }

    private static Schema toConnect(org.apache.avro.Schema avro, boolean optional, Object defaultValue, String doc) {
        if (avro.getType() == org.apache.avro.Schema.Type.UNION) {
            return toConnect(nonNullBranch(avro), true, defaultValue, doc);
        }
        SchemaBuilder builder = builderFor(avro);
        if (optional) {
            builder.optional();
        }
        if (defaultValue != null && defaultValue != org.apache.avro.JsonProperties.NULL_VALUE) {
            // Avro gives a timestamp-millis default as a number; Connect's Timestamp wants a Date.
            builder.defaultValue(Timestamp.LOGICAL_NAME.equals(builder.name()) && defaultValue instanceof Number millis
                    ? new Date(millis.longValue()) : defaultValue);
        }
        if (doc != null) {
            builder.doc(doc);
        }
        return builder.build();
    }

    private static SchemaBuilder builderFor(org.apache.avro.Schema avro) {
        LogicalType logicalType = avro.getLogicalType();
        switch (avro.getType()) {
            case STRING:
                return SchemaBuilder.string();
            case INT:
                return SchemaBuilder.int32();
            case LONG:
                if (logicalType instanceof LogicalTypes.TimestampMillis) {
                    return Timestamp.builder();
                }
                return SchemaBuilder.int64();
            case BOOLEAN:
                return SchemaBuilder.bool();
            case DOUBLE:
                return SchemaBuilder.float64();
            case FLOAT:
                return SchemaBuilder.float32();
            case BYTES:
                return SchemaBuilder.bytes();
            case ARRAY:
                return SchemaBuilder.array(toConnect(avro.getElementType()));
            case MAP:
                return SchemaBuilder.map(Schema.STRING_SCHEMA, toConnect(avro.getValueType()));
            case RECORD:
                SchemaBuilder struct = SchemaBuilder.struct().name(avro.getFullName());
                if (avro.getDoc() != null) {
                    struct.doc(avro.getDoc());
                }
                for (org.apache.avro.Schema.Field field : avro.getFields()) {
                    // As the Avro converters do, a union field's default is not carried over: it becomes optional.
                    Object defaultValue = field.schema().getType() == org.apache.avro.Schema.Type.UNION
                            ? null : field.defaultVal();
                    struct.field(field.name(), toConnect(field.schema(), false, defaultValue, field.doc()));
                }
                return struct;
            default:
                throw new IllegalArgumentException("Avro type " + avro.getType() + " is not supported by the status schema");
        }
    }

    private static org.apache.avro.Schema nonNullBranch(org.apache.avro.Schema union) {
        List<org.apache.avro.Schema> branches = union.getTypes().stream()
                .filter(branch -> branch.getType() != org.apache.avro.Schema.Type.NULL)
                .toList();
        if (branches.size() != 1 || union.getTypes().size() != 2) {
            throw new IllegalArgumentException("Only unions of null and one type are supported, not " + union);
        }
        return branches.get(0);
    }
}
