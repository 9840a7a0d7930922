package io.github.kafkaconnectsmc.testkit;

import io.github.kafkaconnectsmc.simulator.SmcSimulator;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;

/**
 * The in-process broker and Connect worker the fault tests run on: {@link EmbeddedConnect}'s, with every task's
 * metrics followed by {@link TaskMetricsRecorder}.
 */
public final class FaultTestCluster {

    private FaultTestCluster() {
    }

    /** Starts a cluster named {@code name} whose worker also gets {@code workerOverrides}. */
    public static EmbeddedConnectCluster start(String name, Map<String, String> workerOverrides) {
        Map<String, String> workerProps = new HashMap<>(TaskMetricsRecorder.WORKER_PROPERTY);
        workerProps.putAll(workerOverrides);
        return EmbeddedConnect.start(name, workerProps);
    }

    /**
     * Deletes {@code connector} if it exists and waits until its tasks have closed their sockets and logged out of
     * {@code simulator}: deleting stops tasks in the background, and a simulator closed under them would only
     * produce noise.
     */
    public static void deleteConnector(EmbeddedConnectCluster connect, String connector, SmcSimulator simulator)
            throws InterruptedException {
        if (connect.connectors().contains(connector)) {
            connect.deleteConnector(connector);
            TestUtils.waitForCondition(() -> simulator.traffic().openSockets().isEmpty()
                            && simulator.traffic().liveSessions() == 0, FaultRun.DEADLINE.toMillis(),
                    "the tasks of " + connector + " stopped and logged out");
        }
    }
}
