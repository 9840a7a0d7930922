package io.github.kafkaconnectsmc.integration;

import static io.github.kafkaconnectsmc.simulator.StandardCatalog.CORPORATE_ENDPOINT;
import static io.github.kafkaconnectsmc.simulator.StandardCatalog.CORPORATE_VPN;
import static io.github.kafkaconnectsmc.simulator.StandardCatalog.PLANO_NODE;
import static io.github.kafkaconnectsmc.simulator.StandardCatalog.QUITO_NODE_1;
import static io.github.kafkaconnectsmc.testkit.SentVersusReceived.assertEveryStatusArrivedInOrder;
import static io.github.kafkaconnectsmc.testkit.SentVersusReceived.statusFramesSent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kafkaconnectsmc.LogCapture;
import io.github.kafkaconnectsmc.record.StatusRecordMapper;
import io.github.kafkaconnectsmc.simulator.SentFrame;
import io.github.kafkaconnectsmc.simulator.SmcSimulator;
import io.github.kafkaconnectsmc.simulator.SocketView;
import io.github.kafkaconnectsmc.testkit.EmbeddedConnect;
import io.github.kafkaconnectsmc.testkit.ConnectorConfigBuilder;
import io.github.kafkaconnectsmc.testkit.StatusRecord;
import io.github.kafkaconnectsmc.testkit.StatusTopic;
import io.github.kafkaconnectsmc.testkit.TaskMetricsOverJmx;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.rest.errors.ConnectRestException;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestCondition;
import org.apache.kafka.test.TestUtils;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The connector in a real Connect worker on a real KRaft broker, streaming from the SMC simulator over TCP. One
 * cluster serves every test (starting it is the slow part); each test has its own simulator, topic and connector.
 */
@Tag("integration")
class StatusStreamingIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicInteger TEST_NUMBER = new AtomicInteger();

    private static EmbeddedConnectCluster connect;

    private SmcSimulator simulator;
    private String connector;
    private String topic;
    private StatusTopic statusTopic;

    @BeforeAll
    static void startCluster() {
        connect = EmbeddedConnect.start("smc-integration");
    }

    @AfterAll
    static void stopCluster() {
        connect.stop();
    }

    @BeforeEach
    void startSimulator() {
        int number = TEST_NUMBER.incrementAndGet();
        simulator = SmcSimulator.start();
        connector = "smc-" + number;
        topic = "smc.status." + number;
        connect.kafka().createTopic(topic, 1);
        statusTopic = new StatusTopic(connect.kafka().bootstrapServers(), topic);
    }

    @AfterEach
    void stopConnectorAndSimulator() throws InterruptedException {
        if (connect.connectors().contains(connector)) {
            connect.deleteConnector(connector);
            waitFor(() -> !connect.connectors().contains(connector), "connector " + connector + " deleted");
        }
        statusTopic.close();
        simulator.close();
    }

    @Test
    void eachTaskHoldsExactlyOneSessionAndOneSocket() throws InterruptedException {
        startConnector(contextsAndElementsOverTwoTasks());

        waitFor(() -> subscriptionsOfOpenSockets().size() == 2 && everySubscriptionAcknowledged(4),
                "two sockets with two subscriptions each");
        statusTopic.awaitAtLeast(statusFramesSent(simulator), TIMEOUT);

        List<SocketView> sockets = simulator.traffic().openSockets();
        assertEquals(2, simulator.traffic().logins());
        assertEquals(2, simulator.traffic().liveSessions());
        assertEquals(2, simulator.traffic().socketsOpened());
        assertNotEquals(sockets.get(0).sessionOrdinal(), sockets.get(1).sessionOrdinal(), "one session per task");
        List<String> units = sockets.stream().flatMap(socket -> socket.subscriptions().stream()).sorted().toList();
        assertEquals(List.of("context:fw_single", "context:vpn", "element:" + QUITO_NODE_1,
                "element:" + CORPORATE_ENDPOINT), units, "each unit on exactly one socket");
    }

    @Test
    void everySnapshotArrivesOncePerElementKeyedByHref() throws InterruptedException {
        startConnector(contextsAndElementsOverTwoTasks());
        waitFor(() -> everySubscriptionAcknowledged(4), "four subscriptions acknowledged");
        int snapshots = statusFramesSent(simulator);

        List<StatusRecord> records = statusTopic.awaitAtLeast(snapshots, TIMEOUT);

        assertEquals(8, snapshots, "4 fw_single nodes, 2 VPNs, a cluster node and a tunnel endpoint");
        assertEquals(snapshots, records.size());
        Map<String, String> keySourceByHref = records.stream()
                .collect(Collectors.toMap(StatusRecord::key, StatusRecord::keySource));
        Map<String, String> expected = new HashMap<>();
        simulator.catalog().membersOf("fw_single").orElseThrow()
                .forEach(node -> expected.put(simulator.href(node), "RESOLVED"));
        simulator.catalog().membersOf("vpn").orElseThrow()
                .forEach(vpn -> expected.put(simulator.href(vpn), "RESOLVED"));
        expected.put(simulator.href(QUITO_NODE_1), "SUBSCRIPTION");
        expected.put(simulator.href(CORPORATE_ENDPOINT), "SUBSCRIPTION");
        assertEquals(expected, keySourceByHref);
        assertEveryStatusArrivedInOrder(simulator, records);
    }

    @Test
    void aBurstOfChangesArrivesCompleteAndInOrderPerElement() throws InterruptedException {
        startConnector(contextsAndElementsOverTwoTasks());
        waitFor(() -> everySubscriptionAcknowledged(4), "four subscriptions acknowledged");

        simulator.control().pushChanges(List.of(PLANO_NODE, QUITO_NODE_1, CORPORATE_ENDPOINT, CORPORATE_VPN), 250);

        int sent = statusFramesSent(simulator);
        assertEquals(8 + 4 * 250, sent);
        assertEveryStatusArrivedInOrder(simulator, statusTopic.awaitAtLeast(sent, TIMEOUT));
    }

    @Test
    void withOneRecordUnacknowledgedAtATimeEveryRecordStillArrivesAndDroppedOnesFreeTheirPlaceToo()
            throws Exception {
        String dropping = connector + "-dropping";
        try (SmcSimulator droppingSmc = SmcSimulator.start()) {
            startConnector(ConnectorConfigBuilder.forSimulator(simulator).topic(topic).contexts("fw_single", "vpn")
                    .with("unacknowledged.max.records", "1").build());
            // Every record of this one is dropped by a transformation: the worker acknowledges it without metadata.
            connect.configureConnector(dropping, ConnectorConfigBuilder.forSimulator(droppingSmc).topic(topic)
                    .contexts("fw_single", "vpn").with("unacknowledged.max.records", "1")
                    .with("transforms", "dropAll")
                    .with("transforms.dropAll.type", "org.apache.kafka.connect.transforms.Filter")
                    .with("transforms.dropAll.predicate", "everyRecord")
                    .with("predicates", "everyRecord")
                    .with("predicates.everyRecord.type",
                            "org.apache.kafka.connect.transforms.predicates.HasHeaderKey")
                    .with("predicates.everyRecord.name", StatusRecordMapper.KEY_SOURCE_HEADER).build());
            waitFor(() -> everySubscriptionAcknowledged(2) && droppingSmc.traffic().openSockets().stream()
                    .mapToInt(socket -> socket.subscriptions().size()).sum() == 2, "both connectors subscribed");

            simulator.control().pushChanges(List.of(PLANO_NODE, CORPORATE_VPN), 100);
            droppingSmc.control().pushChanges(List.of(PLANO_NODE, CORPORATE_VPN), 100);

            int sent = statusFramesSent(simulator);
            assertEquals(6 + 2 * 100, sent);
            assertEveryStatusArrivedInOrder(simulator, statusTopic.awaitAtLeast(sent, TIMEOUT));
            int sentToDropping = statusFramesSent(droppingSmc);
            waitFor(() -> TaskMetricsOverJmx.read(dropping, 0, "records-handed-to-kafka") == sentToDropping,
                    "every record of the dropping connector handed over, one at a time");
            assertEquals(0, TaskMetricsOverJmx.read(dropping, 0, "records-written"));
        } finally {
            connect.deleteConnector(dropping);
        }
    }

    @Test
    void jsonValuesReachKafkaThroughByteArrayConverterAsTheStructValuesDoThroughJsonConverter()
            throws InterruptedException {
        String jsonConnector = connector + "-json";
        String jsonTopic = topic + ".json";
        connect.kafka().createTopic(jsonTopic, 1);
        try (StatusTopic jsonValues = new StatusTopic(connect.kafka().bootstrapServers(), jsonTopic)) {
            startConnector(ConnectorConfigBuilder.forSimulator(simulator).topic(topic).contexts("fw_single", "vpn")
                    .build());
            connect.configureConnector(jsonConnector, ConnectorConfigBuilder.forSimulator(simulator)
                    .topic(jsonTopic).contexts("fw_single", "vpn")
                    .with("value.format", "json")
                    .with("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter").build());
            waitFor(() -> everySubscriptionAcknowledged(4), "both connectors subscribed");
            int snapshots = statusFramesSent(simulator) / 2;

            Map<String, JsonNode> fromStructs = valuesByKeyWithoutReceiveTime(statusTopic.awaitAtLeast(snapshots,
                    TIMEOUT));
            Map<String, JsonNode> fromJson = valuesByKeyWithoutReceiveTime(jsonValues.awaitAtLeast(snapshots,
                    TIMEOUT));

            assertEquals(6, snapshots, "4 fw_single nodes and 2 VPNs");
            assertEquals(snapshots, fromJson.size());
            assertEquals(fromStructs, fromJson);
            assertTrue(fromJson.values().stream().allMatch(value -> value.path("monitoring_state").isTextual()),
                    fromJson.toString());
        } finally {
            connect.deleteConnector(jsonConnector);
        }
    }

    @Test
    void aJsonValueFormatWithAConverterThatWouldMangleItIsRefusedAtCreation() {
        Map<String, String> config = ConnectorConfigBuilder.forSimulator(simulator).topic(topic)
                .contexts("fw_single").with("value.format", "json").build();

        ConnectRestException refused = assertThrows(ConnectRestException.class,
                () -> connect.configureConnector(connector, config));

        assertTrue(refused.getMessage().contains("value.format=json"), refused.getMessage());
        assertFalse(connect.connectors().contains(connector));
    }

    @Test
    void changingContextsUnsubscribesTheOldAndServesTheNew() throws InterruptedException {
        Map<String, String> config = ConnectorConfigBuilder.forSimulator(simulator).topic(topic)
                .contexts("fw_single").build();
        startConnector(config);
        waitFor(() -> subscriptionsOfOpenSockets().equals(Set.of(List.of("context:fw_single"))),
                "subscribed to fw_single");
        statusTopic.awaitAtLeast(4, TIMEOUT);
        int oldSocket = simulator.traffic().openSockets().get(0).socketId();

        Map<String, String> changed = new HashMap<>(config);
        changed.put("smc.contexts", "fw_cluster");
        connect.configureConnector(connector, changed);

        waitFor(() -> subscriptionsOfOpenSockets().equals(Set.of(List.of("context:fw_cluster")))
                && simulator.traffic().liveSessions() == 1, "only fw_cluster subscribed, by one live session");
        assertTrue(simulator.traffic().receivedCommands().stream()
                        .anyMatch(c -> c.socketId() == oldSocket && c.text().equals("{\"unsubscribe\":0}")),
                "the old subscription was unsubscribed");
        assertEquals(1, simulator.traffic().logouts(), "the old task logged out");
        int planoFrames = framesAbout(PLANO_NODE);
        simulator.control().pushChange(PLANO_NODE);
        simulator.control().pushChange(QUITO_NODE_1);
        assertEquals(planoFrames, framesAbout(PLANO_NODE), "nothing subscribes to fw_single any more");
        List<StatusRecord> records = statusTopic.awaitUntil(all -> count(all, QUITO_NODE_1) == 2, TIMEOUT,
                "the fw_cluster snapshot and change of " + QUITO_NODE_1);
        assertEquals(4, records.stream().filter(r -> r.key().contains("/fw_cluster/")).map(StatusRecord::key)
                .distinct().count(), "a snapshot of each fw_cluster node");
    }

    @Test
    void deletingTheConnectorUnsubscribesClosesEverySocketAndLogsOut() throws InterruptedException {
        startConnector(contextsAndElementsOverTwoTasks());
        waitFor(() -> everySubscriptionAcknowledged(4), "four subscriptions acknowledged");
        // Snapshots follow acknowledgements, so once they are in Kafka the tasks know every subscription id.
        statusTopic.awaitAtLeast(statusFramesSent(simulator), TIMEOUT);

        connect.deleteConnector(connector);

        waitFor(() -> simulator.traffic().openSockets().isEmpty() && simulator.traffic().liveSessions() == 0,
                "no socket open and no session live");
        assertEquals(2, simulator.traffic().logouts());
        assertEquals(4, simulator.traffic().unsubscriptions());
    }

    @Test
    void aWrongApiKeyFailsTheTaskNamingTheSettingButNeverTheKey() throws InterruptedException {
        String wrongKey = "wrong-key-" + UUID.randomUUID();
        // The connector at TRACE and the worker's runtime and config classes at DEBUG, so that the check covers
        // every line they could write. The test's own REST client (EmbeddedConnect) stays quiet: it logs the
        // request it sends, key included, playing the operator.
        Map<String, Level> verbose = Map.of("io.github.kafkaconnectsmc", Level.TRACE,
                "org.apache.kafka.connect.runtime", Level.DEBUG, "org.apache.kafka.common.config", Level.DEBUG);
        Map<String, Level> previous = new HashMap<>();
        verbose.keySet().forEach(logger -> previous.put(logger, LogManager.getLogger(logger).getLevel()));
        try (LogCapture logs = LogCapture.start()) {
            Configurator.setLevel(verbose);
            startConnector(ConnectorConfigBuilder.forSimulator(simulator).topic(topic).contexts("fw_single")
                    .with("smc.api.key", wrongKey).build());

            waitFor(() -> taskState().equals("FAILED"), "the task failed");

            String trace = connect.connectorStatus(connector).tasks().get(0).trace();
            assertTrue(trace.contains("smc.api.key"), trace);
            assertFalse(trace.contains(wrongKey), "the task's trace holds the key");
            List<String> lines = logs.lines();
            assertTrue(lines.stream().anyMatch(line -> line.contains("refused the login")),
                    "the refusal was logged (the capture works)");
            assertFalse(lines.stream().anyMatch(line -> line.contains(wrongKey)), "a log line holds the key");
            assertEquals(0, simulator.traffic().logins());
            assertTrue(simulator.traffic().refusedLogins() >= 1);
        } finally {
            Configurator.setLevel(previous);
        }
    }

    /** Two contexts and two element URIs that cover no element twice, over two tasks (two units each). */
    private Map<String, String> contextsAndElementsOverTwoTasks() {
        return ConnectorConfigBuilder.forSimulator(simulator).topic(topic).tasks(2)
                .contexts("fw_single", "vpn")
                .elements(List.of(simulator.href(QUITO_NODE_1), simulator.href(CORPORATE_ENDPOINT)))
                .build();
    }

    /** Each record's value by key, without received_at: two connectors receive the same status at other times. */
    private static Map<String, JsonNode> valuesByKeyWithoutReceiveTime(List<StatusRecord> records) {
        Map<String, JsonNode> values = new HashMap<>();
        for (StatusRecord record : records) {
            ObjectNode value = (ObjectNode) record.value().deepCopy();
            assertTrue(value.remove("received_at").isNumber(), value.toString());
            values.put(record.key(), value);
        }
        return values;
    }

    private void startConnector(Map<String, String> config) {
        connect.configureConnector(connector, config);
    }

    private String taskState() {
        ConnectorStateInfo status = connect.connectorStatus(connector);
        return status.tasks().isEmpty() ? "NONE" : status.tasks().get(0).state();
    }

    private Set<List<String>> subscriptionsOfOpenSockets() {
        return simulator.traffic().openSockets().stream().map(SocketView::subscriptions).collect(Collectors.toSet());
    }

    private boolean everySubscriptionAcknowledged(int expected) {
        return simulator.traffic().openSockets().stream().mapToInt(s -> s.subscriptions().size()).sum() == expected;
    }

    private int framesAbout(String path) {
        return (int) simulator.traffic().sentFrames(SentFrame.Kind.STATUS).stream()
                .filter(frame -> frame.elementPath().equals(path)).count();
    }

    private long count(List<StatusRecord> records, String path) {
        String href = simulator.href(path);
        return records.stream().filter(record -> record.key().equals(href)).count();
    }

    private static void waitFor(TestCondition condition, String what) throws InterruptedException {
        TestUtils.waitForCondition(condition, TIMEOUT.toMillis(), "Timed out waiting for " + what);
    }
}
