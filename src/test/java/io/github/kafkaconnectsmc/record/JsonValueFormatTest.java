package io.github.kafkaconnectsmc.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkaconnectsmc.SampleFrames;
import io.github.kafkaconnectsmc.protocol.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.converters.ByteArrayConverter;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code value.format=json}: every record a struct-valued mapper makes, a json-valued mapper makes with the bytes
 * JsonConverter (schemas off) writes for the struct, byte for byte, and with everything else the same.
 */
class JsonValueFormatTest {

    private static final String SMC = "https://smc.example.net:8082";
    private static final String TOPIC = "smc.status";
    private static final Subscription FW_SINGLE = Subscription.context("fw_single");
    private static final Map<String, String> HREFS = Map.of(
            "Oslo node 2", SMC + "/7.1/elements/single_fw/77/firewall_node/78",
            "Plano node 1", SMC + "/7.1/elements/single_fw/1649/firewall_node/1650");

    /** A struct-valued and a json-valued mapper, each with its own element states, fed the same notifications. */
    private final Pair mappers = new Pair(new StatusRecordMapper.Options(true, false, null, ValueFormat.STRUCT),
            new StatusRecordMapper.Options(true, false, null, ValueFormat.JSON));
    private final JsonConverter jsonConverter = jsonConverter();

    @Test
    void everySampleAndDocumentedNotificationBecomesTheBytesJsonConverterWritesForItsStruct() {
        List<String> notifications = new ArrayList<>();
        SampleFrames.all().stream().filter(StatusBodies::isNotification).forEach(notifications::add);
        notifications.add(SampleFrames.seedExample("Plano node 1"));
        notifications.add(SampleFrames.seedExample("Corporate VPN"));
        assertTrue(notifications.size() >= 10, "the samples hold notifications: " + notifications.size());

        // Twice over, so that the second round carries previous states and changed fields too.
        for (int round = 1; round <= 2; round++) {
            for (String frame : notifications) {
                assertSameRecordsButJsonValues(frame, 1_000L * round);
            }
        }
    }

    @Test
    void aChangeADeletionAndItsTombstoneCarryTheSameFieldsAsJson() {
        String ready = "{\"name\":\"Plano node 1\",\"monitoring_state\":\"READY\",\"monitoring_status\":\"OK\"}";
        String deleted = "{\"name\":\"Plano node 1\",\"monitoring_state\":\"DELETED\",\"monitoring_status\":\"OK\"}";

        assertSameRecordsButJsonValues(ready, 1_000);
        List<SourceRecord> last = assertSameRecordsButJsonValues(deleted, 2_000);

        assertEquals(2, last.size(), "the status record and its tombstone");
        assertNull(last.get(1).value());
        assertNull(last.get(1).valueSchema());
        String json = new String((byte[]) last.get(0).value(), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"previous_monitoring_state\":\"READY\",\"previous_monitoring_status\":\"OK\","
                + "\"changed_fields\":[\"monitoring_state\"]"), json);
    }

    @Test
    void textThatJsonMustEscapeIsEscapedAsJsonConverterEscapesIt() {
        String body = "{\"name\":\"Oslo node 2\",\"installed_policy\":\"tab\\there \\\"quoted\\\" back\\\\slash "
                + "\\u0001 \\u00e9t\\u00e9 \\ud83d\\udd25 </script>\",\"odd\":{\"a\\nb\":[1.5e3,null,true]}}";

        List<SourceRecord> records = assertSameRecordsButJsonValues(body, 1_000);

        String json = new String((byte[]) records.get(0).value(), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"installed_policy\":\"tab\\there \\\"quoted\\\" back\\\\slash \\u0001 été "
                + "\\uD83D\\uDD25 </script>\""), json);
    }

    @Test
    void aHeartbeatIsWrittenAsJsonConverterWritesItsStruct() {
        mappers.map("{\"name\":\"Plano node 1\",\"monitoring_state\":\"READY\"}", 1_000);
        ElementStates.StaleElement structStale = mappers.structStates.dueHeartbeats(61_000, 60_000).get(0);
        ElementStates.StaleElement jsonStale = mappers.jsonStates.dueHeartbeats(61_000, 60_000).get(0);

        SourceRecord struct = mappers.struct.heartbeat(structStale, 61_000);
        SourceRecord json = mappers.json.heartbeat(jsonStale, 61_000);

        assertSameButValue(struct, json);
        assertArrayEquals(jsonConverter.fromConnectData(TOPIC, struct.valueSchema(), struct.value()),
                (byte[]) json.value());
    }

    @Test
    void byteArrayConverterHandsTheBytesToKafkaAsTheyAre() {
        SourceRecord json = mappers.map(SampleFrames.containing("Oslo node 2"), 1_000).json().get(0);
        ByteArrayConverter converter = new ByteArrayConverter();
        converter.configure(Map.of(), false);

        assertSame(json.value(), converter.fromConnectData(TOPIC, json.valueSchema(), json.value()));
    }

    @Test
    void aSchemaTheWriterCannotWriteAsJsonConverterDoesIsRefusedWhenTheWriterIsMade() {
        Schema decimal = SchemaBuilder.struct().name("Money").field("amount", Decimal.schema(2)).build();
        Schema defaulted = SchemaBuilder.struct().field("state",
                SchemaBuilder.string().optional().defaultValue("READY").build()).build();
        Schema numberKeys = SchemaBuilder.struct().field("by_id",
                SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).build()).build();

        assertEquals("Money.amount: logical type " + Decimal.LOGICAL_NAME + " is not supported",
                assertThrows(IllegalArgumentException.class, () -> new StructJsonWriter(decimal)).getMessage());
        assertEquals("struct.state: a default value other than null is not supported",
                assertThrows(IllegalArgumentException.class, () -> new StructJsonWriter(defaulted)).getMessage());
        assertEquals("struct.by_id: a map whose keys are not text is not supported",
                assertThrows(IllegalArgumentException.class, () -> new StructJsonWriter(numberKeys)).getMessage());
    }

    /** Maps {@code frameOrBody} with both mappers and checks that only the value's form differs. */
    private List<SourceRecord> assertSameRecordsButJsonValues(String frameOrBody, long receivedAt) {
        Mapped mapped = mappers.map(frameOrBody, receivedAt);
        assertEquals(mapped.struct().size(), mapped.json().size(), frameOrBody);
        for (int index = 0; index < mapped.struct().size(); index++) {
            SourceRecord struct = mapped.struct().get(index);
            SourceRecord json = mapped.json().get(index);
            assertSameButValue(struct, json);
            if (struct.value() == null) {
                assertNull(json.value(), "a tombstone stays a tombstone");
                assertNull(json.valueSchema());
            } else {
                assertSame(Schema.BYTES_SCHEMA, json.valueSchema());
                byte[] expected = jsonConverter.fromConnectData(TOPIC, struct.valueSchema(), struct.value());
                assertArrayEquals(expected, assertInstanceOf(byte[].class, json.value()),
                        () -> new String(expected, StandardCharsets.UTF_8) + "\n" + new String((byte[]) json.value(),
                                StandardCharsets.UTF_8));
            }
        }
        return mapped.json();
    }

    private static void assertSameButValue(SourceRecord struct, SourceRecord json) {
        assertEquals(struct.topic(), json.topic());
        assertEquals(struct.key(), json.key());
        assertSame(struct.keySchema(), json.keySchema());
        assertEquals(struct.sourcePartition(), json.sourcePartition());
        assertEquals(struct.sourceOffset(), json.sourceOffset());
        assertEquals(struct.timestamp(), json.timestamp());
        assertEquals(struct.headers(), json.headers());
    }

    private static JsonConverter jsonConverter() {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", false, "converter.type", "value"));
        return converter;
    }

    private record Mapped(List<SourceRecord> struct, List<SourceRecord> json) {
    }

    private static final class Pair {
        final ElementStates structStates = new ElementStates();
        final ElementStates jsonStates = new ElementStates();
        final StatusRecordMapper struct;
        final StatusRecordMapper json;

        Pair(StatusRecordMapper.Options structOptions, StatusRecordMapper.Options jsonOptions) {
            struct = mapper(structStates, structOptions);
            json = mapper(jsonStates, jsonOptions);
        }

        Mapped map(String frameOrBody, long receivedAt) {
            return new Mapped(
                    struct.toRecords(FW_SINGLE, 1, StatusBodies.read(struct, frameOrBody), receivedAt),
                    json.toRecords(FW_SINGLE, 1, StatusBodies.read(json, frameOrBody), receivedAt));
        }

        private static StatusRecordMapper mapper(ElementStates states, StatusRecordMapper.Options options) {
            return new StatusRecordMapper(TOPIC, () -> SMC,
                    new ElementKeyResolver(new FixedHrefDirectory(HREFS)), new SourceOffsets(SMC), states, options);
        }
    }
}
