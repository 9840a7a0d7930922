package io.github.kafkaconnectsmc.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apicurio.registry.utils.converter.avro.AvroData;
import io.github.kafkaconnectsmc.protocol.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/**
 * What {@link StatusRecordMapper} writes besides plain status records: tombstones for deleted elements, the previous
 * values and changed fields of each element, dropped repeats, and staleness heartbeats.
 */
class CurrentStateRecordsTest {

    private static final String SMC = "https://smc.example.net:8082";
    private static final String TOPIC = "smc.status";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PLANO = SMC + "/7.1/elements/single_fw/1649/firewall_node/1650";
    private static final Subscription PLANO_ELEMENT = Subscription.element(PLANO);
    private static final String READY_OK = "{\"name\":\"Plano node 1\",\"monitoring_state\":\"READY\","
            + "\"monitoring_status\":\"OK\",\"engine_node_status\":\"Online\"}";
    private static final String READY_ERROR = "{\"name\":\"Plano node 1\",\"monitoring_state\":\"READY\","
            + "\"monitoring_status\":\"ERROR\",\"engine_node_status\":\"Offline\"}";
    private static final String DELETED = "{\"name\":\"Plano node 1\",\"monitoring_state\":\"DELETED\","
            + "\"monitoring_status\":\"UNKNOWN\"}";

    private final ElementStates states = new ElementStates();

    private StatusRecordMapper mapper(StatusRecordMapper.Options options) {
        return new StatusRecordMapper(TOPIC, () -> SMC, new ElementKeyResolver(new FixedHrefDirectory(Map.of())),
                new SourceOffsets(SMC), states, options);
    }

    private static List<SourceRecord> map(StatusRecordMapper mapper, int serial, String body, long at) {
        return mapper.toRecords(PLANO_ELEMENT, serial, StatusBodies.read(mapper, body), at);
    }

    @Test
    void aDeletedElementsStatusIsFollowedByATombstoneUnderTheSameKeyAndPartition() {
        StatusRecordMapper mapper = mapper(StatusRecordMapper.Options.defaults());
        map(mapper, 1, READY_OK, 1_000);

        List<SourceRecord> records = map(mapper, 1, DELETED, 2_000);

        assertEquals(2, records.size());
        SourceRecord status = records.get(0);
        SourceRecord tombstone = records.get(1);
        assertEquals("DELETED", value(status).get("monitoring_state"));
        assertEquals(PLANO, tombstone.key());
        assertSame(StatusSchema.key(), tombstone.keySchema());
        assertNull(tombstone.value());
        assertNull(tombstone.valueSchema());
        assertEquals(TOPIC, tombstone.topic());
        assertEquals(status.sourcePartition(), tombstone.sourcePartition());
        assertEquals(3L, tombstone.sourceOffset().get("sequence"), "the next sequence after the status record");
        assertEquals(2_000L, tombstone.timestamp());
        assertEquals("SUBSCRIPTION", header(tombstone, StatusRecordMapper.KEY_SOURCE_HEADER));
        assertEquals(1, mapper.tombstones());
        assertEquals(0, states.size(), "a deleted element is forgotten");
    }

    @Test
    void withTombstonesOffADeletedElementGetsItsStatusRecordOnly() {
        StatusRecordMapper mapper = mapper(new StatusRecordMapper.Options(false, false, null, ValueFormat.STRUCT));

        List<SourceRecord> records = map(mapper, 1, DELETED, 1_000);

        assertEquals(1, records.size());
        assertEquals("DELETED", value(records.get(0)).get("monitoring_state"));
        assertEquals(0, mapper.tombstones());
    }

    @Test
    void aTombstoneIsANullValueForJsonConvertersWithAndWithoutSchemasAndForAvroData() {
        SourceRecord tombstone = map(mapper(StatusRecordMapper.Options.defaults()), 1, DELETED, 1_000).get(1);

        for (boolean schemas : new boolean[] {true, false}) {
            JsonConverter converter = new JsonConverter();
            converter.configure(Map.of("schemas.enable", schemas, "converter.type", "value"));
            assertNull(converter.fromConnectData(TOPIC, tombstone.valueSchema(), tombstone.value()),
                    "schemas.enable=" + schemas);
        }
        assertNull(new AvroData(10).fromConnectData(tombstone.valueSchema(), tombstone.value()));
    }

    @Test
    void eachRecordCarriesThePreviousMonitoringValuesAndTheFieldsThatChanged() {
        StatusRecordMapper mapper = mapper(StatusRecordMapper.Options.defaults());

        Struct first = value(map(mapper, 1, READY_OK, 1_000).get(0));
        Struct changed = value(map(mapper, 1, READY_ERROR, 2_000).get(0));
        Struct repeated = value(map(mapper, 1, READY_ERROR, 3_000).get(0));

        assertNull(first.get("previous_monitoring_state"));
        assertNull(first.get("previous_monitoring_status"));
        assertNull(first.get("changed_fields"), "null on first sight");
        assertEquals("READY", changed.get("previous_monitoring_state"));
        assertEquals("OK", changed.get("previous_monitoring_status"));
        assertEquals(List.of("monitoring_status", "engine_node_status"), changed.getArray("changed_fields"));
        assertEquals("ERROR", repeated.get("previous_monitoring_status"));
        assertEquals(List.of(), repeated.getArray("changed_fields"), "empty when nothing changed");
        assertNull(repeated.get("last_reported_at"), "set on heartbeats only");
    }

    @Test
    void repeatsAreDroppedWhenAskedButNeverTheFirstNotificationOnANewerSubscription() {
        StatusRecordMapper mapper = mapper(new StatusRecordMapper.Options(true, true, null, ValueFormat.STRUCT));

        assertEquals(1, map(mapper, 1, READY_OK, 1_000).size());
        assertEquals(List.of(), map(mapper, 1, READY_OK, 2_000), "a repeat on the same subscription");
        assertEquals(1, map(mapper, 2, READY_OK, 3_000).size(), "the re-snapshot on a new subscription");
        assertEquals(1, map(mapper, 2, READY_ERROR, 4_000).size(), "a change");
        assertEquals(1, mapper.droppedUnchanged());
    }

    @Test
    void repeatsAreKeptByDefault() {
        StatusRecordMapper mapper = mapper(StatusRecordMapper.Options.defaults());
        map(mapper, 1, READY_OK, 1_000);

        assertEquals(1, map(mapper, 1, READY_OK, 2_000).size());
        assertEquals(0, mapper.droppedUnchanged());
    }

    @Test
    void aHeartbeatRepeatsTheLastKnownStatusWithAHeaderAndWhenTheElementLastReported() {
        StatusRecordMapper mapper = mapper(
                new StatusRecordMapper.Options(true, false, "smc.heartbeats", ValueFormat.STRUCT));
        SourceRecord status = map(mapper, 1, READY_OK, 1_000).get(0);
        ElementStates.StaleElement stale = DueHeartbeats.at(states, 61_000, 60_000).get(0);

        SourceRecord heartbeat = mapper.heartbeat(stale, 61_000);

        assertEquals("smc.heartbeats", heartbeat.topic());
        assertEquals(PLANO, heartbeat.key());
        assertEquals(status.sourcePartition(), heartbeat.sourcePartition());
        assertEquals(2L, heartbeat.sourceOffset().get("sequence"));
        assertEquals(61_000L, heartbeat.timestamp());
        assertEquals("stale", header(heartbeat, StatusRecordMapper.HEARTBEAT_HEADER));
        assertEquals("SUBSCRIPTION", header(heartbeat, StatusRecordMapper.KEY_SOURCE_HEADER));
        Struct value = value(heartbeat);
        value.validate();
        assertEquals(PLANO, value.get("element_href"));
        assertEquals("element", value.get("subscription_type"));
        assertEquals(PLANO, value.get("subscription_target"));
        assertEquals(SMC, value.get("smc_url"));
        assertEquals(new Date(61_000), value.get("received_at"));
        assertEquals("READY", value.get("monitoring_state"));
        assertEquals("OK", value.get("monitoring_status"));
        assertEquals("READY", value.get("previous_monitoring_state"));
        assertEquals("OK", value.get("previous_monitoring_status"));
        assertEquals(List.of(), value.getArray("changed_fields"));
        assertEquals(new Date(1_000), value.get("last_reported_at"));
    }

    @Test
    void theNewFieldsReachJsonAsConsumersReadThem() throws Exception {
        StatusRecordMapper mapper = mapper(StatusRecordMapper.Options.defaults());
        map(mapper, 1, READY_OK, 1_000);
        SourceRecord changed = map(mapper, 1, READY_ERROR, 2_000).get(0);
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", false, "converter.type", "value"));

        JsonNode json = JSON.readTree(new String(converter.fromConnectData(TOPIC, changed.valueSchema(),
                changed.value()), StandardCharsets.UTF_8));

        assertEquals("OK", json.path("previous_monitoring_status").asText());
        assertEquals("[\"monitoring_status\",\"engine_node_status\"]", json.path("changed_fields").toString());
    }

    @Test
    void theNewFieldsAreValidAvroForTheAvscAndComeBackUnchanged() {
        StatusRecordMapper mapper = mapper(StatusRecordMapper.Options.defaults());
        map(mapper, 1, READY_OK, 1_000);
        Struct changed = value(map(mapper, 1, READY_ERROR, 2_000).get(0));
        Struct heartbeat = value(mapper.heartbeat(DueHeartbeats.at(states, 9_000, 5_000).get(0), 9_000));
        AvroData avro = new AvroData(10);

        for (Struct value : List.of(changed, heartbeat)) {
            Object written = avro.fromConnectData(StatusSchema.value(), value);
            assertEquals(true, GenericData.get().validate(StatusSchema.avro(), written), String.valueOf(written));
            Struct back = (Struct) avro.toConnectData(StatusSchema.avro(), written).value();
            for (String field : List.of("previous_monitoring_state", "previous_monitoring_status", "changed_fields",
                    "last_reported_at")) {
                assertEquals(value.get(field), back.get(field), field);
            }
        }
    }


    private static Struct value(SourceRecord record) {
        assertSame(StatusSchema.value(), record.valueSchema());
        return assertInstanceOf(Struct.class, record.value());
    }

    private static String header(SourceRecord record, String name) {
        Header header = record.headers().lastWithName(name);
        return header == null ? null : (String) header.value();
    }
}
