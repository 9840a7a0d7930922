package io.github.kafkaconnectsmc.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkaconnectsmc.simulator.SmcSimulator;
import io.github.kafkaconnectsmc.testkit.FaultRun;
import io.github.kafkaconnectsmc.testkit.TaskMetricsRecorder;
import kafka.server.BrokerServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Faults on the Kafka side, each injected into a steady stream of changes as in {@link FaultInjectionIntegrationTest}
 * (see {@link FaultRun} for what is checked and how): the broker stopped and restarted while the SMC keeps pushing,
 * and the Connect worker restarted.
 *
 * <p>Both faults disturb the whole cluster, so they have one of their own. The test kit binds each listener's port
 * once and binds the same port again when a broker restarts, so clients find the restarted broker where it was.
 *
 * <p>A Connect worker that cannot reach the group coordinator for longer than its {@code heartbeat.interval.ms}
 * (3 s by default) stops every connector and task it runs, so as not to run tasks outside the group; a stopped task
 * cannot hand over what it still holds (see docs/operations.md). The worker here has a 20 s heartbeat interval
 * (and a 60 s session timeout) so that the broker outage, a few seconds long, is ridden out by backpressure as an
 * operator can choose to, and nothing may be lost.
 */
@Tag("integration")
class KafkaSideFaultIntegrationTest {

    private static final AtomicInteger TEST_NUMBER = new AtomicInteger();

    private static EmbeddedConnectCluster connect;

    private SmcSimulator simulator;
    private String connector;
    private FaultRun run;

    @BeforeAll
    static void startCluster() {
        Map<String, String> workerProps = new HashMap<>(TaskMetricsRecorder.WORKER_PROPERTY);
        workerProps.put("plugin.discovery", "service_load");
        workerProps.put("heartbeat.interval.ms", "20000");
        workerProps.put("session.timeout.ms", "60000");
        connect = new EmbeddedConnectCluster.Builder().name("smc-kafka-faults").numWorkers(1).numBrokers(1)
                .workerProps(workerProps).build();
        connect.start();
    }

    @AfterAll
    static void stopCluster() {
        connect.stop();
    }

    @BeforeEach
    void startSimulator() {
        simulator = SmcSimulator.start();
        connector = "smc-kafka-faults-" + TEST_NUMBER.incrementAndGet();
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        try {
            if (run != null) {
                run.close();
            }
            if (connect.connectors().contains(connector)) {
                connect.deleteConnector(connector);
                TestUtils.waitForCondition(() -> simulator.traffic().openSockets().isEmpty()
                        && simulator.traffic().liveSessions() == 0, FaultRun.DEADLINE.toMillis(),
                        "the tasks of " + connector + " stopped");
            }
        } finally {
            simulator.close();
        }
    }

    /**
     * The producer's buffer is made small (64 KiB) so that, with the broker gone, the worker soon blocks in
     * {@code send()} and stops polling: then the task's queue fills and backpressure holds the socket, which is the
     * situation to prove. Idempotence is on so that a produce request the stopping broker wrote but never acknowledged
     * is not written twice when retried: duplicates from producer retries are Kafka's at-least-once delivery, not
     * the connector's doing, and would blur the check for lost notifications.
     */
    @Test
    void theBrokerStoppedAndRestartedWhileTheSmcPushesLosesNothingAndKeepsMemoryBounded()
            throws InterruptedException {
        int queueCapacity = 50;
        run = FaultRun.start(connect, simulator, connector, "smc.status." + connector, Map.of(
                "queue.max.records", Integer.toString(queueCapacity),
                "producer.override.buffer.memory", "65536",
                "producer.override.enable.idempotence", "true"));
        long[] largestQueue = {0};

        run.inject("broker stopped, restarted after the queues filled", () -> connect.kafka().stopOnlyBrokers());
        run.await(() -> {
            largestQueue[0] = Math.max(largestQueue[0], run.liveMax("queue-size"));
            return run.liveMin("queue-size") == queueCapacity
                    && run.liveMin("last-notification-age-ms") >= 4 * FaultRun.PING_INTERVAL_MS;
        }, "both queues full and no notification read for four ping intervals while the broker is down");
        // BrokerServer.startup alone, not restartOnlyBrokers(): its readiness check would be counted as recovery.
        run.recoverAndAwaitBacklogWritten("broker stopped with full queues, then restarted",
                () -> connect.kafka().brokersInState(state -> true).forEach(BrokerServer::startup));
        run.awaitMoreRecords(FaultRun.RECORDS_BEFORE_AND_AFTER);
        run.finish(false);

        assertEquals(queueCapacity, largestQueue[0], "the queue stays within queue.max.records");
        assertEquals(FaultRun.TASKS, simulator.traffic().socketsOpened(),
                "backpressure kept the sockets: missing pongs were excused");
        assertEquals(0, run.total("reconnects"));
    }

    @Test
    void aRestartedWorkerStartsTheTasksAgainAndTheyResubscribe() throws InterruptedException {
        run = FaultRun.start(connect, simulator, connector, "smc.status." + connector, Map.of());

        run.inject("worker restarted", () -> {
            connect.removeWorker();
            connect.addWorker();
        });
        run.awaitReconnected();
        run.awaitMoreRecords(FaultRun.RECORDS_BEFORE_AND_AFTER);
        FaultRun.Outcome outcome = run.finish(true);

        outcome.untilResnapshot();
        assertEquals(8, outcome.resnapshotted().size(), "every element subscribed again");
        List<TaskMetricsRecorder.TaskRun> runs = TaskMetricsRecorder.runs(connector);
        assertEquals(2 * FaultRun.TASKS, runs.size(), "each task ran twice: " + runs);
        assertEquals(FaultRun.TASKS, runs.stream().filter(TaskMetricsRecorder.TaskRun::ended).count());
        assertEquals(FaultRun.TASKS, simulator.traffic().logouts(), "the stopped tasks logged out");
        assertTrue(connect.connectors().contains(connector), "the new worker read the connector's configuration");
    }
}
