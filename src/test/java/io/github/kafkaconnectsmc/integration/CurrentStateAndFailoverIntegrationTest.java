package io.github.kafkaconnectsmc.integration;

import static io.github.kafkaconnectsmc.simulator.StandardCatalog.PLANO_NODE;
import static io.github.kafkaconnectsmc.simulator.StandardCatalog.QUITO_NODE_1;
import static io.github.kafkaconnectsmc.testkit.SentVersusReceived.assertCarries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kafkaconnectsmc.simulator.SentFrame;
import io.github.kafkaconnectsmc.simulator.SmcSimulator;
import io.github.kafkaconnectsmc.testkit.EmbeddedConnect;
import io.github.kafkaconnectsmc.testkit.ConnectorConfigBuilder;
import io.github.kafkaconnectsmc.testkit.SentVersusReceived;
import io.github.kafkaconnectsmc.testkit.StatusRecord;
import io.github.kafkaconnectsmc.testkit.StatusTopic;
import io.github.kafkaconnectsmc.testkit.TaskMetricsOverJmx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestCondition;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Current-state topics, change awareness, re-snapshots, staleness and failover between management servers, with the
 * connector in a real Connect worker on a real KRaft broker, streaming from SMC simulators over TCP. One cluster
 * serves every test; each test has its own simulators, topics and connectors.
 */
@Tag("integration")
class CurrentStateAndFailoverIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicInteger TEST_NUMBER = new AtomicInteger();

    private static EmbeddedConnectCluster connect;

    private final List<SmcSimulator> simulators = new ArrayList<>();
    private final List<String> connectors = new ArrayList<>();
    private final List<StatusTopic> topics = new ArrayList<>();
    private SmcSimulator simulator;
    private String name;

    @BeforeAll
    static void startCluster() {
        connect = EmbeddedConnect.start("smc-current-state");
    }

    @AfterAll
    static void stopCluster() {
        connect.stop();
    }

    @BeforeEach
    void startSimulator() {
        name = "current-" + TEST_NUMBER.incrementAndGet();
        simulator = startSimulatorOfItsOwn();
    }

    @AfterEach
    void stopConnectorsAndSimulators() throws InterruptedException {
        for (String connector : connectors) {
            if (connect.connectors().contains(connector)) {
                connect.deleteConnector(connector);
            }
        }
        waitFor(() -> connectors.stream().noneMatch(connect.connectors()::contains), "connectors deleted");
        // The tasks stop after their connector is gone: let them close their sockets before the simulators go.
        waitFor(() -> simulators.stream().allMatch(smc -> smc.traffic().openSockets().isEmpty()),
                "every task's socket closed");
        topics.forEach(StatusTopic::close);
        simulators.forEach(SmcSimulator::close);
    }

    @Test
    void aCompactedTopicKeepsExactlyTheLiveElementsOnceADeletedOneIsTombstoned() throws InterruptedException {
        String topic = createTopic(name, Map.of("cleanup.policy", "compact"));
        // Schemas on: the tombstone must still be a null value, not an envelope around one.
        start(name, ConnectorConfigBuilder.forSimulator(simulator).topic(topic).contexts("fw_single")
                .with("value.converter.schemas.enable", "true").build());
        StatusTopic records = read(topic);
        records.awaitAtLeast(4, TIMEOUT);

        simulator.control().deleteElement(PLANO_NODE);

        String plano = simulator.href(PLANO_NODE);
        List<StatusRecord> all = records.awaitUntil(r -> r.stream().anyMatch(x -> x.isTombstone()
                && x.key().equals(plano)), TIMEOUT, "the tombstone of " + plano);
        List<StatusRecord> ofPlano = all.stream().filter(r -> r.key().equals(plano)).toList();
        assertEquals(3, ofPlano.size(), "snapshot, DELETED status, tombstone");
        JsonNode deleted = payload(ofPlano.get(1));
        assertEquals("DELETED", deleted.path("monitoring_state").asText());
        assertEquals("READY", deleted.path("previous_monitoring_state").asText());
        assertEquals("OK", deleted.path("previous_monitoring_status").asText());
        assertTrue(ofPlano.get(2).isTombstone());
        assertEquals("RESOLVED", ofPlano.get(2).keySource());
        Set<String> live = simulator.catalog().membersOf("fw_single").orElseThrow().stream()
                .filter(node -> !node.path().equals(PLANO_NODE)).map(simulator::href).collect(Collectors.toSet());
        assertEquals(new TreeSet<>(live), new TreeSet<>(tableOf(all).keySet()),
                "what a compacted topic keeps: the live elements");
    }

    @Test
    void resnapshotsRefreshEveryElementForALateConsumerWithoutLosingOrReorderingAChange() throws InterruptedException {
        String topic = createTopic(name, Map.of());
        start(name, ConnectorConfigBuilder.forSimulator(simulator).topic(topic).contexts("fw_single")
                .elements(List.of(simulator.href(QUITO_NODE_1))).with("smc.resnapshot.interval.ms", "1000").build());
        StatusTopic records = read(topic);
        records.awaitAtLeast(1, TIMEOUT);

        // Changes keep coming while two rounds of re-snapshots replace both subscriptions.
        waitFor(() -> {
            simulator.control().pushChange(PLANO_NODE);
            simulator.control().pushChange(QUITO_NODE_1);
            return simulator.traffic().unsubscriptions() >= 4;
        }, "two rounds of re-snapshots");

        Set<String> everyElement = new TreeSet<>(SentVersusReceived.sentByHref(simulator).keySet());
        assertEquals(5, everyElement.size());
        try (StatusTopic late = StatusTopic.fromNow(connect.kafka().bootstrapServers(), topic)) {
            late.awaitUntil(r -> keys(r).containsAll(everyElement), TIMEOUT,
                    "a consumer starting now sees every element");
        }
        List<StatusRecord> all = records.awaitUntil(this::everyStatusChangeArrived, TIMEOUT,
                "every change the simulator sent");
        assertChangesArrivedInOrder(all);
        waitFor(() -> simulator.traffic().openSockets().size() == 1
                && simulator.traffic().openSockets().get(0).subscriptions().size() == 2, "two live subscriptions");
        assertEquals(0, simulator.traffic().sentFrames(SentFrame.Kind.FAILURE).size(),
                "every unsubscribe named a live subscription");

        connect.deleteConnector(name);
        waitFor(() -> simulator.traffic().openSockets().isEmpty() && simulator.traffic().liveSessions() == 0,
                "the socket closed and the session logged out");
        assertEquals(0, simulator.traffic().sentFrames(SentFrame.Kind.FAILURE).size());
        assertTrue(simulator.traffic().unsubscriptions() >= simulator.traffic().subscriptions() - 2,
                "every acknowledged subscription unsubscribed, but for a round still in flight: "
                        + simulator.traffic().summary());
    }

    @Test
    void aRepeatOnTheSameSubscriptionIsDroppedAndAChangeSaysWhatChanged() throws Exception {
        String topic = createTopic(name, Map.of());
        start(name, ConnectorConfigBuilder.forSimulator(simulator).topic(topic)
                .elements(List.of(simulator.href(PLANO_NODE))).with("smc.drop.unchanged", "true").build());
        StatusTopic records = read(topic);
        records.awaitAtLeast(1, TIMEOUT);
        String snapshot = simulator.traffic().sentFrames(SentFrame.Kind.STATUS).get(0).text();

        simulator.control().sendRawFrame(snapshot);
        simulator.control().pushChange(PLANO_NODE);

        List<StatusRecord> all = records.awaitAtLeast(2, TIMEOUT);
        JsonNode change = all.get(1).value();
        assertEquals("WARNING", change.path("monitoring_status").asText(), "the repeat was dropped: " + all);
        assertEquals("OK", change.path("previous_monitoring_status").asText());
        assertEquals("READY", change.path("previous_monitoring_state").asText());
        assertEquals("[\"monitoring_status\"]", change.path("changed_fields").toString());
        assertTrue(all.get(0).value().path("changed_fields").isNull(), "null on first sight");
        waitFor(() -> metric(name, "notifications-dropped-unchanged") == 1, "the dropped repeat counted");
    }

    @Test
    void aSilentElementCountsAsStaleAndGetsHeartbeatsOnATopicOfTheirOwn() throws Exception {
        String topic = createTopic(name, Map.of());
        String heartbeatTopic = createTopic(name + ".heartbeats", Map.of());
        start(name, ConnectorConfigBuilder.forSimulator(simulator).topic(topic)
                .elements(List.of(simulator.href(PLANO_NODE))).with("smc.stale.after.ms", "1000")
                .with("smc.stale.heartbeat.enabled", "true").with("smc.stale.heartbeat.topic", heartbeatTopic)
                .build());
        StatusTopic records = read(topic);
        StatusTopic heartbeats = read(heartbeatTopic);
        long snapshotAt = records.awaitAtLeast(1, TIMEOUT).get(0).value().path("received_at").asLong();

        StatusRecord first = heartbeats.awaitAtLeast(1, TIMEOUT).get(0);
        waitFor(() -> metric(name, "elements-stale") == 1, "the silent element counted as stale");

        assertEquals(simulator.href(PLANO_NODE), first.key());
        assertEquals("stale", first.headers().get("smc.heartbeat"));
        assertEquals("READY", first.value().path("monitoring_state").asText());
        assertEquals("OK", first.value().path("monitoring_status").asText());
        assertEquals(snapshotAt, first.value().path("last_reported_at").asLong());
        assertTrue(first.value().path("received_at").asLong() >= snapshotAt + 1_000);

        simulator.control().pushChange(PLANO_NODE);
        List<StatusRecord> statuses = records.awaitAtLeast(2, TIMEOUT);
        JsonNode change = statuses.get(1).value();
        assertEquals("READY", change.path("previous_monitoring_state").asText());
        long changedAt = change.path("received_at").asLong();
        heartbeats.awaitUntil(r -> r.stream().anyMatch(h -> h.value().path("last_reported_at").asLong() == changedAt),
                TIMEOUT, "a heartbeat counting from the change");
        assertFalse(statuses.stream().anyMatch(r -> r.headers().containsKey("smc.heartbeat")),
                "no heartbeat on the status topic");
    }

    @Test
    void aTaskThatLosesItsManagementServerLogsInToTheNextAndPathOrCanonicalKeysStayTheSame()
            throws Exception {
        SmcSimulator standby = startSimulatorOfItsOwn();
        Map<String, String> formats = new LinkedHashMap<>();
        formats.put("href", "");
        formats.put("path", "");
        formats.put("canonical", "https://smc.example.net:8082/7.1");
        Map<String, StatusTopic> byFormat = new LinkedHashMap<>();
        for (Map.Entry<String, String> format : formats.entrySet()) {
            String connector = name + "-" + format.getKey();
            String topic = createTopic(connector, Map.of("cleanup.policy", "compact"));
            ConnectorConfigBuilder config = ConnectorConfigBuilder.forSimulator(simulator).topic(topic)
                    .with("smc.url", simulator.baseUrl() + "," + standby.baseUrl())
                    .contexts("fw_single").elements(List.of(simulator.href(QUITO_NODE_1)))
                    .with("smc.key.format", format.getKey())
                    .with("smc.reconnect.backoff.initial.ms", "100").with("smc.reconnect.backoff.max.ms", "500");
            if (!format.getValue().isEmpty()) {
                config.with("smc.key.canonical.base.url", format.getValue());
            }
            start(connector, config.build());
            byFormat.put(format.getKey(), read(topic));
        }
        Map<String, Set<String>> keysBefore = new HashMap<>();
        for (Map.Entry<String, StatusTopic> format : byFormat.entrySet()) {
            keysBefore.put(format.getKey(), keys(format.getValue().awaitAtLeast(5, TIMEOUT)));
        }

        simulator.close();
        simulator.control().dropSockets();

        waitFor(() -> standby.traffic().openSockets().size() == 3 && standby.traffic().openSockets().stream()
                .allMatch(socket -> socket.subscriptions().size() == 2), "every task streaming from the standby");
        assertTrue(standby.traffic().receivedCommands().stream()
                        .anyMatch(c -> c.text().equals("{\"element\":\"" + standby.href(QUITO_NODE_1) + "\"}")),
                "element URIs are subscribed on the server in use");
        Map<String, Set<String>> keysAfter = new HashMap<>();
        for (Map.Entry<String, StatusTopic> format : byFormat.entrySet()) {
            List<StatusRecord> all = format.getValue().awaitUntil(r -> r.stream().filter(x -> standby.baseUrl()
                    .equals(x.value().path("smc_url").asText())).count() >= 5, TIMEOUT, "the standby's snapshot");
            keysAfter.put(format.getKey(), keys(all.stream().filter(x -> standby.baseUrl()
                    .equals(x.value().path("smc_url").asText())).toList()));
            waitFor(() -> metric(name + "-" + format.getKey(), "smc-url-index") == 1, "the standby in use");
        }

        assertEquals(keysBefore.get("path"), keysAfter.get("path"));
        assertTrue(keysAfter.get("path").contains("elements/single_fw/1649/firewall_node/1650"));
        assertEquals(keysBefore.get("canonical"), keysAfter.get("canonical"));
        assertTrue(keysAfter.get("canonical").contains("https://smc.example.net:8082/7.1/elements/fw_cluster/2001"
                + "/firewall_node/2002"));
        Set<String> hrefsKept = new TreeSet<>(keysBefore.get("href"));
        hrefsKept.retainAll(keysAfter.get("href"));
        assertEquals(Set.of(simulator.href(QUITO_NODE_1)), hrefsKept,
                "with href keys only the configured element URI survives; the resolved hrefs name the new server");
    }

    @Test
    void aTaskThatFailedOverReturnsToTheFirstServerOnceItAcceptsLoginsAgain() throws Exception {
        SmcSimulator standby = startSimulatorOfItsOwn();
        String topic = createTopic(name, Map.of());
        start(name, ConnectorConfigBuilder.forSimulator(simulator).topic(topic)
                .with("smc.url", simulator.baseUrl() + "," + standby.baseUrl())
                .contexts("fw_single").with("smc.key.format", "path").with("smc.failback.interval.ms", "1000")
                .with("smc.reconnect.backoff.initial.ms", "100").with("smc.reconnect.backoff.max.ms", "500").build());
        StatusTopic records = read(topic);
        records.awaitAtLeast(1, TIMEOUT);

        // The first server goes down for a while: its socket is cut, and it refuses logins and handshakes.
        simulator.control().refuseLoginsFor(Duration.ofSeconds(4));
        simulator.control().refuseHandshakesFor(Duration.ofSeconds(4));
        simulator.control().dropSockets();

        List<StatusRecord> beforeReturn = records.awaitUntil(r -> r.stream().anyMatch(x -> fromServer(x, standby)),
                TIMEOUT, "the standby's snapshot");
        int failedOverAt = firstIndexFrom(beforeReturn, standby);
        waitFor(() -> metric(name, "smc-url-index") == 0, "the first server in use again");
        waitFor(() -> standby.traffic().openSockets().isEmpty(), "the standby's socket closed");
        Set<String> keysFromStandby = keys(records.awaitAtLeast(failedOverAt + 1, TIMEOUT).stream()
                .skip(failedOverAt).filter(x -> fromServer(x, standby)).toList());
        List<StatusRecord> afterReturn = records.awaitUntil(r -> keys(r.subList(failedOverAt, r.size()).stream()
                        .filter(x -> fromServer(x, simulator)).toList()).containsAll(keysFromStandby), TIMEOUT,
                "every element again from the first server");

        assertEquals(2, metric(name, "smc-url-switches"), "one failover and one return");
        assertTrue(fromServer(afterReturn.get(afterReturn.size() - 1), simulator), "the last record is the first's");
        assertEquals(1, simulator.traffic().openSockets().size(), "streaming from the first server");
    }

    private static int firstIndexFrom(List<StatusRecord> records, SmcSimulator server) {
        for (int i = 0; i < records.size(); i++) {
            if (fromServer(records.get(i), server)) {
                return i;
            }
        }
        throw new AssertionError("no record from " + server.baseUrl());
    }

    private static boolean fromServer(StatusRecord record, SmcSimulator server) {
        return server.baseUrl().equals(payload(record).path("smc_url").asText());
    }

    /** A simulator closed after the test. */
    private SmcSimulator startSimulatorOfItsOwn() {
        SmcSimulator started = SmcSimulator.start();
        simulators.add(started);
        return started;
    }

    private String createTopic(String topic, Map<String, String> topicConfig) {
        connect.kafka().createTopic(topic, 1, 1, topicConfig);
        return topic;
    }

    private void start(String connector, Map<String, String> config) {
        connectors.add(connector);
        connect.configureConnector(connector, config);
    }

    private StatusTopic read(String topic) {
        StatusTopic statusTopic = new StatusTopic(connect.kafka().bootstrapServers(), topic);
        topics.add(statusTopic);
        return statusTopic;
    }

    /** The value without the JsonConverter's schema envelope. */
    private static JsonNode payload(StatusRecord record) {
        return record.value().has("payload") ? record.value().get("payload") : record.value();
    }

    /** What a compacted topic keeps: each key's last record, and no key whose last record is a tombstone. */
    private static Map<String, JsonNode> tableOf(List<StatusRecord> records) {
        Map<String, JsonNode> table = new HashMap<>();
        for (StatusRecord record : records) {
            if (record.isTombstone()) {
                table.remove(record.key());
            } else {
                table.put(record.key(), record.value());
            }
        }
        return table;
    }

    private static Set<String> keys(List<StatusRecord> records) {
        return records.stream().map(StatusRecord::key).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Per element, the statuses the simulator sent, with a status equal to the one before it left out (the same
     * change reported on the old and the new subscription, or a re-snapshot of an unchanged element).
     */
    private Map<String, List<ObjectNode>> distinctStatusesSent() {
        Map<String, List<ObjectNode>> distinct = new LinkedHashMap<>();
        SentVersusReceived.sentByHref(simulator).forEach((href, bodies) -> {
            List<ObjectNode> kept = new ArrayList<>();
            for (ObjectNode body : bodies) {
                if (kept.isEmpty() || !kept.get(kept.size() - 1).equals(body)) {
                    kept.add(body);
                }
            }
            distinct.put(href, kept);
        });
        return distinct;
    }

    /** Per element, the records that report a new status: the first, and each with changed fields. */
    private static Map<String, List<JsonNode>> distinctStatusesReceived(List<StatusRecord> records) {
        Map<String, List<JsonNode>> distinct = new LinkedHashMap<>();
        for (StatusRecord record : records) {
            JsonNode changed = record.value().path("changed_fields");
            if (changed.isNull() || changed.isMissingNode() || !changed.isEmpty()) {
                distinct.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(record.value());
            }
        }
        return distinct;
    }

    private boolean everyStatusChangeArrived(List<StatusRecord> records) {
        Map<String, List<JsonNode>> received = distinctStatusesReceived(records);
        return distinctStatusesSent().entrySet().stream().allMatch(sent ->
                received.getOrDefault(sent.getKey(), List.of()).size() >= sent.getValue().size());
    }

    private void assertChangesArrivedInOrder(List<StatusRecord> records) {
        Map<String, List<JsonNode>> received = distinctStatusesReceived(records);
        distinctStatusesSent().forEach((href, sent) -> {
            List<JsonNode> got = received.get(href);
            assertEquals(sent.size(), got.size(), "distinct statuses of " + href);
            for (int i = 0; i < sent.size(); i++) {
                assertCarries(sent.get(i), got.get(i), href + " status #" + i);
            }
        });
    }

    /** A task metric of {@code connector}'s task 0, over JMX. */
    private static long metric(String connector, String metric) throws Exception {
        return TaskMetricsOverJmx.read(connector, 0, metric);
    }

    private static void waitFor(TestCondition condition, String what) throws InterruptedException {
        TestUtils.waitForCondition(condition, TIMEOUT.toMillis(), "Timed out waiting for " + what);
    }
}
