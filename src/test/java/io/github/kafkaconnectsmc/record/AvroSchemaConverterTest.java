package io.github.kafkaconnectsmc.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.apicurio.registry.utils.converter.avro.AvroData;
import io.github.kafkaconnectsmc.SampleFrames;
import io.github.kafkaconnectsmc.protocol.Subscription;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.util.Utf8;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The Connect schema the connector derives from {@code smc-status.avsc} must be the one an Avro converter derives
 * (Apicurio's {@code AvroData}, the converter users pair with a registry), and its values must survive Avro.
 */
class AvroSchemaConverterTest {

    /** Apicurio keeps Avro docs in these struct parameters (Confluent's names) instead of {@link Schema#doc()}. */
    private static final String APICURIO_RECORD_DOC = "io.confluent.connect.avro.record.doc";
    private static final String APICURIO_FIELD_DOC = "io.confluent.connect.avro.field.doc.";

    private final AvroData apicurio = new AvroData(10);

    @Test
    void theValueSchemaIsWhatApicuriosAvroDataDerivesFromTheAvsc() {
        Schema expected = apicurio.toConnectSchema(StatusSchema.avro());

        assertEquals(describe(expected, null, ""), describe(StatusSchema.value(), null, ""));
    }

    @Test
    void aFieldDefaultCarriesOverAsApicurioCarriesIt() {
        org.apache.avro.Schema avro = new org.apache.avro.Schema.Parser().parse("""
                {"type":"record","name":"Defaults","namespace":"t","fields":[
                  {"name":"count","type":"int","default":5},
                  {"name":"label","type":"string","default":"none"},
                  {"name":"big","type":["long","null"],"default":7},
                  {"name":"flag","type":"boolean","default":true},
                  {"name":"since","type":{"type":"long","logicalType":"timestamp-millis"},"default":1000},
                  {"name":"maybe","type":["null","string"],"default":null}]}""");

        assertEquals(describe(apicurio.toConnectSchema(avro), null, ""),
                describe(AvroSchemaConverter.toConnect(avro), null, ""));
    }

    @Test
    void avroFeaturesTheStatusSchemaDoesNotUseAreRefusedNotApproximated() {
        org.apache.avro.Schema threeWayUnion = new org.apache.avro.Schema.Parser().parse("""
                {"type":"record","name":"U","fields":[{"name":"x","type":["null","string","int"]}]}""");
        org.apache.avro.Schema withEnum = new org.apache.avro.Schema.Parser().parse("""
                {"type":"record","name":"E","fields":[{"name":"x","type":{"type":"enum","name":"C","symbols":["A"]}}]}""");

        assertThrows(IllegalArgumentException.class, () -> AvroSchemaConverter.toConnect(threeWayUnion));
        assertThrows(IllegalArgumentException.class, () -> AvroSchemaConverter.toConnect(withEnum));
    }

    static Stream<String> frames() {
        return Stream.concat(
                Stream.of(SampleFrames.seedExample("Corporate VPN"), SampleFrames.seedExample("Plano node 1")),
                SampleFrames.all().stream().filter(StatusBodies::isNotification));
    }

    @ParameterizedTest
    @MethodSource("frames")
    void aRecordValueRoundTripsThroughAvroBinaryAndValidatesAgainstTheAvsc(String frame) throws IOException {
        Struct value = valueOf(frame);

        Object avro = apicurio.fromConnectData(StatusSchema.value(), value);
        GenericRecord written = assertInstanceOf(GenericRecord.class, avro);
        assertTrue(GenericData.get().validate(StatusSchema.avro(), written), "not valid for the .avsc: " + written);

        GenericRecord read = decode(encode(written));
        assertTrue(GenericData.get().validate(StatusSchema.avro(), read), "not valid for the .avsc: " + read);
        SchemaAndValue back = apicurio.toConnectData(StatusSchema.avro(), read);
        assertEquals(plain(value), plain(back.value()));
    }

    private static Struct valueOf(String frame) {
        StatusBody body = StatusBodies.read(frame);
        // Context mapping with a directory that knows nothing: exercises the fallback key and every body field.
        StatusRecordMapper mapper = new StatusRecordMapper("smc.status", "http://localhost:8082",
                new ElementKeyResolver(new FixedHrefDirectory(Map.of())), new SourceOffsets("http://localhost:8082"));
        return (Struct) mapper.toRecord(Subscription.context("fw_single"), body, 1_767_225_600_123L).value();
    }

    private static byte[] encode(GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(StatusSchema.avro()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static GenericRecord decode(byte[] bytes) throws IOException {
        return new GenericDatumReader<GenericRecord>(StatusSchema.avro())
                .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    }

    /**
     * The schema as text: type, optionality, name, version, default and doc of every schema, struct fields in order.
     *
     * <p>Normalised, because the two converters legitimately place docs differently: Apicurio (like Confluent's
     * AvroData) keeps the record doc and each field doc as struct parameters ({@code io.confluent.connect.avro.*}),
     * where the connector sets {@link Schema#doc()} on the struct and on each field's schema. Both are read here as
     * "the doc", and no other parameter is compared (the connector sets none).
     */
    private static String describe(Schema schema, String fieldDoc, String indent) {
        String doc = fieldDoc != null ? fieldDoc : schema.doc();
        if (schema.type() == Schema.Type.STRUCT && doc == null && schema.parameters() != null) {
            doc = schema.parameters().get(APICURIO_RECORD_DOC);
        }
        StringBuilder text = new StringBuilder(indent).append(schema.type())
                .append(schema.isOptional() ? " optional" : " required")
                .append(" name=").append(schema.name())
                .append(" version=").append(schema.version())
                .append(" default=").append(schema.defaultValue())
                .append(" doc=").append(doc).append('\n');
        switch (schema.type()) {
            case STRUCT -> {
                for (Field field : schema.fields()) {
                    String paramDoc = schema.parameters() == null ? null
                            : schema.parameters().get(APICURIO_FIELD_DOC + field.name());
                    String thisDoc = paramDoc != null ? paramDoc : field.schema().doc();
                    text.append(indent).append("  field ").append(field.index()).append(' ').append(field.name())
                            .append('\n').append(describe(field.schema(), thisDoc, indent + "    "));
                }
            }
            case ARRAY -> text.append(describe(schema.valueSchema(), null, indent + "  items "));
            case MAP -> text.append(describe(schema.keySchema(), null, indent + "  keys "))
                    .append(describe(schema.valueSchema(), null, indent + "  values "));
            default -> {
            }
        }
        return text.toString();
    }

    /** A value as plain Java: structs as ordered maps by field name, Avro's Utf8 as String. */
    private static Object plain(Object value) {
        if (value instanceof Struct struct) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (Field field : struct.schema().fields()) {
                fields.put(field.name(), plain(struct.get(field)));
            }
            return fields;
        }
        if (value instanceof List<?> list) {
            List<Object> items = new ArrayList<>();
            list.forEach(item -> items.add(plain(item)));
            return items;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> entries = new LinkedHashMap<>();
            map.forEach((k, v) -> entries.put(plain(k), plain(v)));
            return entries;
        }
        if (value instanceof Utf8 || value instanceof CharSequence) {
            return value.toString();
        }
        if (value instanceof ByteBuffer buffer) {
            return List.of(buffer.array());
        }
        return value;
    }
}
