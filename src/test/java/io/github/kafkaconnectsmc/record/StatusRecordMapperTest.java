package io.github.kafkaconnectsmc.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kafkaconnectsmc.SampleFrames;
import io.github.kafkaconnectsmc.protocol.StatusFrame;
import io.github.kafkaconnectsmc.protocol.StatusProtocol;
import io.github.kafkaconnectsmc.protocol.Subscription;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class StatusRecordMapperTest {

    private static final String SMC = "http://localhost:8082";
    private static final String TOPIC = "smc.status";
    private static final long RECEIVED_AT = 1_767_225_600_123L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String OSLO = "http://smc.example.net:8082/7.1/elements/single_fw/77/firewall_node/78";
    private static final String PERTH = "http://smc.example.net:8082/7.1/elements/single_fw/91/firewall_node/92";
    private static final String SEOUL = "http://smc.example.net:8082/7.1/elements/single_fw/93/firewall_node/94";
    private static final String QUITO = "http://smc.example.net:8082/7.1/elements/fw_cluster/2001";

    private static final Subscription FW_SINGLE = Subscription.context("fw_single");

    private final FixedHrefDirectory directory = new FixedHrefDirectory(Map.of(
            "Oslo node 2", OSLO, "Perth node 1", PERTH, "Seoul node 1", SEOUL, "Cluster Quito", QUITO));
    private final SourceOffsets offsets = new SourceOffsets(SMC);
    private final StatusRecordMapper mapper =
            new StatusRecordMapper(TOPIC, SMC, new ElementKeyResolver(directory), offsets);

    @Test
    void theDocumentedEngineNodeExampleIsKeyedBySubscribedUriAndTypesItsState() {
        Subscription node = Subscription.element(SampleFrames.SEED_ENGINE_NODE);

        SourceRecord record = map(node, SampleFrames.seedExample("Plano node 1"));

        assertEquals(TOPIC, record.topic());
        assertEquals(SampleFrames.SEED_ENGINE_NODE, record.key());
        assertSame(StatusSchema.key(), record.keySchema());
        assertEquals("SUBSCRIPTION", keySourceHeader(record));
        assertEquals(RECEIVED_AT, record.timestamp());
        assertEquals(Map.of("smc", SMC, "subscription", "element:" + SampleFrames.SEED_ENGINE_NODE),
                record.sourcePartition());
        assertEquals(Map.of("sequence", 1L, "received_at", RECEIVED_AT), record.sourceOffset());

        Struct value = value(record);
        assertEquals(Map.of(
                "element_href", SampleFrames.SEED_ENGINE_NODE,
                "element_name", "Plano node 1",
                "key_source", "SUBSCRIPTION",
                "subscription_type", "element",
                "subscription_target", SampleFrames.SEED_ENGINE_NODE,
                "smc_url", SMC,
                "received_at", new Date(RECEIVED_AT),
                "monitoring_state", "READY",
                "monitoring_status", "OK"), nonNullFields(value));
    }

    @Test
    void theDocumentedVpnEndpointExampleTypesEveryMetricAndListsItsTwelveTunnelsAsChildren() {
        Subscription endpoint = Subscription.element(SampleFrames.SEED_VPN_ENDPOINT);

        SourceRecord record = map(endpoint, SampleFrames.seedExample("Corporate VPN"));

        assertEquals(SampleFrames.SEED_VPN_ENDPOINT, record.key());
        Struct value = value(record);
        assertEquals("Corporate VPN", value.get("element_name"));
        assertEquals("READY", value.get("monitoring_state"));
        assertEquals("OK", value.get("monitoring_status"));
        assertEquals("Idle", value.get("vpn_status_code"));
        assertEquals(71, value.get("health_in_percent"));
        assertEquals(3, value.get("jitter_in_ms"));
        assertEquals(71, value.get("latency_in_ms"));
        assertEquals(361, value.get("packet_loss_in_permyriad"));
        assertEquals(1_881_231_412L, value.get("traffic_in_bits_per_sec"));
        assertNull(value.get("other_fields"), "every field of the example is typed");

        List<Struct> children = value.getArray("children");
        assertEquals(12, children.size());
        assertEquals(child("http://localhost:8082/7.2.1/elements/vpn/5/tunnels/NTkjNjU=",
                "Gateway Tunnel Helsinki VPN Gateway-Paris VPN Gateway", "gateway_tunnel"), children.get(0));
        assertEquals(child("http://localhost:8082/7.2.1/elements/vpn/5/tunnels/NTkjNjE=",
                "Gateway Tunnel Helsinki VPN Gateway-Madrid VPN Gateway", "gateway_tunnel"), children.get(11));
    }

    @Test
    void aContextNotificationIsKeyedByTheResolvedHrefAndTypesEveryEngineNodeField() {
        SourceRecord record = map(FW_SINGLE, SampleFrames.containing("Oslo node 2"));

        assertEquals(OSLO, record.key());
        assertEquals("RESOLVED", keySourceHeader(record));
        assertEquals(Map.of("smc", SMC, "subscription", "context:fw_single"), record.sourcePartition());
        assertEquals(Map.ofEntries(
                Map.entry("element_href", OSLO),
                Map.entry("element_name", "Oslo node 2"),
                Map.entry("key_source", "RESOLVED"),
                Map.entry("subscription_type", "context"),
                Map.entry("subscription_target", "fw_single"),
                Map.entry("smc_url", SMC),
                Map.entry("received_at", new Date(RECEIVED_AT)),
                Map.entry("monitoring_state", "READY"),
                Map.entry("monitoring_status", "WARNING"),
                Map.entry("engine_node_status", "Standby"),
                Map.entry("configuration_status", "Installed"),
                Map.entry("installed_policy", "Branch Policy"),
                Map.entry("version", "version 7.1.2 #30123"),
                Map.entry("platform", "x86-64-small"),
                Map.entry("dyn_up", "1501")), nonNullFields(value(record)));
    }

    @Test
    void anUnresolvedContextNotificationGetsTheFallbackKeyAndSaysSo() {
        SourceRecord record = map(FW_SINGLE, SampleFrames.containing("Lima node 1"));

        assertEquals("unresolved:fw_single/Lima node 1", record.key());
        assertEquals("FALLBACK", keySourceHeader(record));
        assertEquals("FALLBACK", value(record).get("key_source"));
        assertEquals("TIMEOUT", value(record).get("monitoring_state"));
        assertEquals("Unknown", value(record).get("engine_node_status"));
    }

    @Test
    void aPre65StateAndStatusAreKeptAndFillTheMonitoringFields() {
        Struct value = value(map(FW_SINGLE, SampleFrames.containing("Old SMC node 1")));

        assertEquals("READY", value.get("state"));
        assertEquals("OK", value.get("status"));
        assertEquals("READY", value.get("monitoring_state"));
        assertEquals("OK", value.get("monitoring_status"));
        assertNull(value.get("other_fields"));
    }

    @Test
    void theMonitoringFieldsWinOverThePre65NamesWhenBothAreSent() {
        Struct value = value(map(FW_SINGLE,
                "{\"monitoring_state\":\"READY\",\"state\":\"ERROR\",\"monitoring_status\":\"OK\",\"status\":\"ERROR\"}"));

        assertEquals("READY", value.get("monitoring_state"));
        assertEquals("OK", value.get("monitoring_status"));
        assertEquals("ERROR", value.get("state"));
    }

    @Test
    void aDeletedElementIsARecordOfItsLastStateUnderItsUsualKey() {
        SourceRecord record = map(FW_SINGLE, SampleFrames.containing("Perth node 1"));

        assertEquals(PERTH, record.key());
        assertEquals("DELETED", value(record).get("monitoring_state"));
        assertEquals("UNKNOWN", value(record).get("monitoring_status"));
    }

    @Test
    void theChildListOf71AndLaterBecomesChildrenAndItsLinksAreKeptAsJsonText() throws Exception {
        String frame = SampleFrames.containing("Cluster Quito");
        Struct value = value(map(FW_SINGLE, frame));

        assertEquals(List.of(
                child("http://smc.example.net:8082/7.1/elements/fw_cluster/2001/firewall_node/2002",
                        "Cluster Quito node 1", "firewall_node"),
                child("http://smc.example.net:8082/7.1/elements/fw_cluster/2001/firewall_node/2003",
                        "Cluster Quito node 2", "firewall_node")), value.getArray("children"));
        Map<String, String> others = value.getMap("other_fields");
        assertEquals(Set.of("link"), others.keySet());
        assertEquals(JSON.readTree(frame).path("status").path("status").get("link"), JSON.readTree(others.get("link")));
    }

    @Test
    void fieldsNoSchemaKnowsAreKeptAsJsonText() throws Exception {
        Struct value = value(map(FW_SINGLE, SampleFrames.containing("a_field_no_schema_knows")));

        assertEquals(Map.of(
                "a_field_no_schema_knows", "{\"nested\":[1,2,3]}",
                "another", "\"value\""), value.getMap("other_fields"));
        assertEquals("Seoul node 1", value.get("element_name"));
    }

    @Test
    void aKnownFieldOfAnUnexpectedJsonTypeIsKeptInOtherFieldsNotLost() {
        Struct value = value(map(FW_SINGLE,
                "{\"name\":\"Oslo node 2\",\"health_in_percent\":\"high\",\"latency_in_ms\":12.5,"
                        + "\"result\":\"none\",\"installed_policy\":{\"name\":\"p\"}}"));

        assertNull(value.get("health_in_percent"));
        assertNull(value.get("latency_in_ms"));
        assertNull(value.get("children"));
        assertNull(value.get("installed_policy"));
        assertEquals(Map.of(
                "health_in_percent", "\"high\"",
                "latency_in_ms", "12.5",
                "result", "\"none\"",
                "installed_policy", "{\"name\":\"p\"}"), value.getMap("other_fields"));
    }

    @Test
    void aChildListThatBreaksOffMidwayIsKeptWholeAsCompactJsonTextAndTheFieldsAfterItStillTyped() {
        Struct value = value(map(FW_SINGLE, "{\"name\":\"Oslo node 2\",\"result\":[{\"href\":\"h:1\",\"name\":\"a\"},"
                + " {\"href\":\"h:2\",\"extra\":{\"n\":[1, 2]},\"name\":\"b\"}, {\"href\":\"h:3\"}],\"jitter_in_ms\":3}"));

        assertNull(value.get("children"));
        assertEquals(Map.of("result", "[{\"href\":\"h:1\",\"name\":\"a\"},{\"href\":\"h:2\",\"extra\":{\"n\":[1,2]},"
                + "\"name\":\"b\"},{\"href\":\"h:3\"}]"), value.getMap("other_fields"));
        assertEquals(3, value.get("jitter_in_ms"));
    }

    @Test
    void aListItemThatIsNotAnObjectKeepsTheListInOtherFields() {
        Struct value = value(map(FW_SINGLE, "{\"child\":[{\"href\":\"h:1\"},[\"h:2\"],\"h:3\"],\"name\":\"Oslo node 2\"}"));

        assertNull(value.get("children"));
        assertEquals(Map.of("child", "[{\"href\":\"h:1\"},[\"h:2\"],\"h:3\"]"), value.getMap("other_fields"));
        assertEquals("Oslo node 2", value.get("element_name"));
    }

    @Test
    void aSecondChildListIsKeptInOtherFields() {
        Struct value = value(map(FW_SINGLE, "{\"result\":[{\"name\":\"a\"}],\"child\":[{\"name\":\"b\"}]}"));

        assertEquals(List.of(child(null, "a", null)), value.getArray("children"));
        assertEquals(Map.of("child", "[{\"name\":\"b\"}]"), value.getMap("other_fields"));
    }

    @Test
    void theBodyListsEveryFieldItCarriesAsMapped() {
        StatusBody body = body("{\"name\":\"Oslo node 2\",\"monitoring_state\":\"READY\",\"master_node\":null,"
                + "\"health_in_percent\":71,\"result\":[{\"name\":\"a\"}],\"hw_info\":{\"cpu\":4}}");
        Map<String, Object> fields = new java.util.LinkedHashMap<>();

        body.forEachField(fields::put);

        Map<String, Object> expected = new java.util.HashMap<>();
        expected.put("name", "Oslo node 2");
        expected.put("result", List.of(child(null, "a", null)));
        expected.put("monitoring_state", "READY");
        expected.put("master_node", null);
        expected.put("health_in_percent", 71);
        expected.put("hw_info", "{\"cpu\":4}");
        assertEquals(expected, fields);
    }

    @Test
    void aNumberTooLargeForItsFieldIsKeptInOtherFields() {
        Struct value = value(map(FW_SINGLE, "{\"health_in_percent\":9999999999}"));

        assertNull(value.get("health_in_percent"));
        assertEquals(Map.of("health_in_percent", "9999999999"), value.getMap("other_fields"));
    }

    @Test
    void aBodyFieldNamedLikeAConnectorFieldCannotOverwriteIt() {
        Struct value = value(map(FW_SINGLE,
                "{\"name\":\"Oslo node 2\",\"smc_url\":\"http://evil:1\",\"key_source\":\"NOTIFICATION\"}"));

        assertEquals(SMC, value.get("smc_url"));
        assertEquals("RESOLVED", value.get("key_source"));
        assertEquals(Map.of("smc_url", "\"http://evil:1\"", "key_source", "\"NOTIFICATION\""),
                value.getMap("other_fields"));
    }

    @Test
    void anUnknownFieldSentAsNullIsKeptInOtherFields() {
        Struct value = value(map(FW_SINGLE, "{\"name\":\"Oslo node 2\",\"master_node\":null,\"hw_info\":null}"));

        assertNull(value.get("master_node"));
        assertEquals(Map.of("hw_info", "null"), value.getMap("other_fields"));
    }

    @Test
    void theSequenceCountsRecordsPerSubscription() {
        Subscription node = Subscription.element(SampleFrames.SEED_ENGINE_NODE);
        map(node, SampleFrames.seedExample("Plano node 1"));
        map(FW_SINGLE, SampleFrames.containing("Oslo node 2"));

        assertEquals(2L, map(node, SampleFrames.seedExample("Plano node 1")).sourceOffset().get("sequence"));
        assertEquals(2L, map(FW_SINGLE, SampleFrames.containing("Oslo node 2")).sourceOffset().get("sequence"));
    }

    @Test
    void everyValueIsValidForTheValueSchema() {
        for (String frame : SampleFrames.all()) {
            StatusBody body = mapper.newBody(frame);
            if (StatusProtocol.decode(frame, body) instanceof StatusFrame.Notification) {
                Struct value = value(mapper.toRecord(FW_SINGLE, body, RECEIVED_AT));
                value.validate();
                assertSame(StatusSchema.value(), value.schema());
            }
        }
    }

    @Test
    void recordsShareNoMutableHeadersOrOffsets() {
        SourceRecord first = map(FW_SINGLE, "{\"name\":\"Oslo node 2\",\"monitoring_state\":\"READY\"}");
        SourceRecord second = map(FW_SINGLE, "{\"name\":\"Oslo node 2\",\"monitoring_state\":\"READY\"}");

        // A transformation that adds a header to one record must not add it to the other.
        first.headers().addString("added.by.a.transformation", "x");
        assertNull(second.headers().lastWithName("added.by.a.transformation"));
        assertEquals(1, second.headers().size());
        assertEquals("RESOLVED", keySourceHeader(second));
        assertEquals(1L, first.sourceOffset().get(SourceOffsets.SEQUENCE_KEY));
        assertEquals(2L, second.sourceOffset().get(SourceOffsets.SEQUENCE_KEY));
        assertSame(first.sourcePartition(), second.sourcePartition());
    }

    @Test
    void aRecycledBodyReadsTheNextFrameWithNothingLeftOfThePreviousOne() {
        String vpn = SampleFrames.seedExample("Corporate VPN");
        StatusBody first = mapper.newBody(vpn);
        assertInstanceOf(StatusFrame.Notification.class, StatusProtocol.decode(vpn, first));
        Struct vpnValue = value(mapper.toRecord(FW_SINGLE, first, RECEIVED_AT));
        Map<String, Object> vpnFields = nonNullFields(vpnValue);
        mapper.recycle(first);

        String small = "{\"status\":{\"status\":{\"name\":\"Oslo node 2\",\"hw\":{\"cpu\":1}}},\"subscription_id\":0}";
        StatusBody second = mapper.newBody(small);
        assertSame(first, second);
        assertInstanceOf(StatusFrame.Notification.class, StatusProtocol.decode(small, second));
        Struct smallValue = value(mapper.toRecord(FW_SINGLE, second, RECEIVED_AT));

        assertEquals(Set.of("element_href", "element_name", "key_source", "subscription_type", "subscription_target",
                "smc_url", "received_at", "other_fields"), nonNullFields(smallValue).keySet());
        assertEquals(Map.of("hw", "{\"cpu\":1}"), smallValue.get("other_fields"));
        assertEquals(2, second.fieldCount());
        // The first record keeps what it was made with.
        assertEquals(vpnFields, nonNullFields(vpnValue));
        assertEquals(12, vpnValue.getArray("children").size());
    }

    @Test
    void aBodyGrownByAFrameOfVeryManyFieldsIsNotKept() {
        StringBuilder fields = new StringBuilder("{\"name\":\"Oslo node 2\"");
        for (int i = 0; i < 300; i++) {
            fields.append(",\"f").append(i).append("\":").append(i);
        }
        StatusBody large = body(fields.append('}').toString());
        mapper.recycle(large);

        assertNotSame(large, mapper.newBody(SampleFrames.containing("Oslo node 2")));
    }

    private SourceRecord map(Subscription subscription, String frameOrBody) {
        return mapper.toRecord(subscription, body(frameOrBody), RECEIVED_AT);
    }

    /** The status body of a whole frame, or of a bare body. */
    private StatusBody body(String frameOrBody) {
        return StatusBodies.read(mapper, frameOrBody);
    }

    private static Struct value(SourceRecord record) {
        assertSame(StatusSchema.value(), record.valueSchema());
        return assertInstanceOf(Struct.class, record.value());
    }

    private static String keySourceHeader(SourceRecord record) {
        Header header = record.headers().lastWithName(StatusRecordMapper.KEY_SOURCE_HEADER);
        return header == null ? null : (String) header.value();
    }

    private static Struct child(String href, String name, String type) {
        Struct child = new Struct(StatusSchema.value().field("children").schema().valueSchema());
        return child.put("href", href).put("name", name).put("type", type);
    }

    private static Map<String, Object> nonNullFields(Struct value) {
        return value.schema().fields().stream()
                .filter(f -> value.get(f) != null)
                .collect(Collectors.toMap(Field::name, value::get));
    }
}
