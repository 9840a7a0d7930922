package io.github.kafkaconnectsmc.testkit;

import static io.github.kafkaconnectsmc.simulator.StandardCatalog.CORPORATE_ENDPOINT;
import static io.github.kafkaconnectsmc.simulator.StandardCatalog.CORPORATE_VPN;
import static io.github.kafkaconnectsmc.simulator.StandardCatalog.PLANO_NODE;
import static io.github.kafkaconnectsmc.simulator.StandardCatalog.QUITO_NODE_1;
import static io.github.kafkaconnectsmc.testkit.SentVersusReceived.assertEveryStatusArrivedInOrder;
import static io.github.kafkaconnectsmc.testkit.SentVersusReceived.statusFramesSent;

import io.github.kafkaconnectsmc.simulator.SmcSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.test.TestUtils;

/**
 * The connector's main job from end to end, for any worker and broker: create a connector over two tasks with
 * contexts and element URIs through the REST API, let the worker create the topic, check that every snapshot and a
 * burst of changes arrive in order keyed by href, then delete the connector and check that it logged out.
 */
public final class EndToEndScenario {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final int CHANGES_PER_ELEMENT = 100;

    private EndToEndScenario() {
    }

    public static void run(ConnectRest rest, String bootstrapServers, SmcSimulator simulator, String connector,
                           String topic) throws InterruptedException {
        Map<String, String> config = ConnectorConfigBuilder.forSimulator(simulator).topic(topic).tasks(2)
                .contexts("fw_single", "vpn")
                .elements(List.of(simulator.href(QUITO_NODE_1), simulator.href(CORPORATE_ENDPOINT)))
                .with("topic.creation.default.partitions", "1")
                .with("topic.creation.default.replication.factor", "-1")
                .build();
        rest.putConnectorConfig(connector, config);
        try (StatusTopic statusTopic = new StatusTopic(bootstrapServers, topic)) {
            TestUtils.waitForCondition(() -> simulator.traffic().openSockets().size() == 2
                            && simulator.traffic().openSockets().stream().mapToInt(s -> s.subscriptions().size())
                            .sum() == 4,
                    TIMEOUT.toMillis(), () -> "two sockets with two subscriptions each: "
                            + simulator.traffic().openSockets());
            assertEveryStatusArrivedInOrder(simulator,
                    statusTopic.awaitAtLeast(statusFramesSent(simulator), TIMEOUT));

            simulator.control().pushChanges(List.of(PLANO_NODE, QUITO_NODE_1, CORPORATE_ENDPOINT, CORPORATE_VPN),
                    CHANGES_PER_ELEMENT);
            assertEveryStatusArrivedInOrder(simulator,
                    statusTopic.awaitAtLeast(statusFramesSent(simulator), TIMEOUT));
        }
        rest.deleteConnector(connector);
        TestUtils.waitForCondition(() -> simulator.traffic().openSockets().isEmpty()
                        && simulator.traffic().liveSessions() == 0,
                TIMEOUT.toMillis(), () -> "every socket closed and every session logged out: "
                        + simulator.traffic().summary());
    }
}
