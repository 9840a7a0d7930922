package io.github.kafkaconnectsmc.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kafkaconnectsmc.SampleFrames;
import io.github.kafkaconnectsmc.protocol.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
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

    private static final ObjectMapper JSON = new ObjectMapper();
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
    void randomBodiesOfEveryJsonShapeAreWrittenAsJsonConverterWritesThem() {
        // Seeded, so that a failure names the seed to replay it with; a new seed each run widens the search.
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int compared = 0;
        for (int body = 0; body < 2_000; body++) {
            String frame = "{\"status\":{\"status\":" + RandomBodies.body(random) + "},\"subscription_id\":0}";
            if (!StatusBodies.isNotification(frame)) {
                // A body field named status holding an object reads as another frame shape (StatusProtocolTest).
                continue;
            }
            try {
                assertSameRecordsButJsonValues(frame, 1_000L + body);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ", body " + body + ": " + frame, e);
            }
            compared++;
        }
        assertTrue(compared > 1_500, "most random bodies are notifications: " + compared);
    }

    @Test
    void aHeartbeatIsWrittenAsJsonConverterWritesItsStruct() {
        mappers.map("{\"name\":\"Plano node 1\",\"monitoring_state\":\"READY\"}", 1_000);
        ElementStates.StaleElement structStale = DueHeartbeats.at(mappers.structStates, 61_000, 60_000).get(0);
        ElementStates.StaleElement jsonStale = DueHeartbeats.at(mappers.jsonStates, 61_000, 60_000).get(0);

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

    /** Status bodies of random fields: the schema's own names and others, with values of every JSON type. */
    private static final class RandomBodies {
        private static final List<String> NAMES = List.of("name", "href", "result", "child", "monitoring_state",
                "monitoring_status", "state", "status", "health_in_percent", "traffic_in_bits_per_sec",
                "latency_in_ms", "dyn_up", "version", "master_node", "element_href", "other_fields", "hw_info",
                "link", "x");

        static String body(Random random) {
            StringBuilder body = new StringBuilder("{");
            int fields = random.nextInt(12);
            for (int field = 0; field < fields; field++) {
                if (field > 0) {
                    body.append(',');
                }
                body.append(text(NAMES.get(random.nextInt(NAMES.size())))).append(':');
                value(random, body, 0);
            }
            return body.append('}').toString();
        }

        private static void value(Random random, StringBuilder out, int depth) {
            switch (random.nextInt(depth < 2 ? 9 : 7)) {
                case 0 -> out.append("null");
                case 1 -> out.append(random.nextBoolean());
                case 2 -> out.append(random.nextInt());
                case 3 -> out.append(random.nextLong());
                case 4 -> out.append(random.nextBoolean() ? "1234567890123456789012345" : "-0.5e-3");
                case 5 -> out.append(random.nextDouble() * 1e6);
                case 6 -> out.append(text(randomText(random)));
                case 7 -> {
                    out.append('[');
                    int items = random.nextInt(4);
                    for (int item = 0; item < items; item++) {
                        out.append(item > 0 ? "," : "");
                        if (random.nextBoolean()) {
                            // Shaped like a child reference, so that some lists are typed as children.
                            out.append("{\"href\":").append(text(randomText(random))).append(",\"name\":");
                            value(random, out, 2);
                            out.append('}');
                        } else {
                            value(random, out, depth + 1);
                        }
                    }
                    out.append(']');
                }
                default -> {
                    out.append("{\"k\":");
                    value(random, out, depth + 1);
                    out.append('}');
                }
            }
        }

        /** Text with controls, quotes, backslashes, accents, a surrogate pair and an unpaired surrogate. */
        private static String randomText(Random random) {
            String[] pieces = {"a", "Plano node 1", "\"", "\\", "\n", "\u0001", "\u001f", "é", "\u20ac",
                    "\ud83d\udd25", "\ud800", "/", "<", " "};
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(6);
            for (int i = 0; i < length; i++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            return text.toString();
        }

        private static String text(String value) {
            try {
                return JSON.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
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
