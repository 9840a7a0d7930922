package io.github.kafkaconnectsmc.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kafkaconnectsmc.testkit.FaultRun;
import io.github.kafkaconnectsmc.testkit.FaultTestBed;
import java.util.Map;
import kafka.server.BrokerServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker stopped and restarted while the SMC keeps pushing a steady stream of changes (see {@link FaultRun} for
 * what is checked and how): the tasks' queues fill to {@code queue.max.records} and stay there, backpressure holds the
 * sockets, missing pongs are excused, and once the broker is back everything received is written: nothing is lost and
 * no socket is reconnected.
 *
 * <p>A Connect worker that cannot reach the group coordinator for longer than its {@code heartbeat.interval.ms}
 * (3 s by default) stops every task it runs ({@link KafkaSideFaultIntegrationTest} shows what that costs). This
 * worker has a 30 s heartbeat interval and a 90 s session timeout, as an operator who wants short broker outages
 * ridden out would set them (docs/operations.md), hence a cluster of its own.
 */
@Tag("integration")
class BrokerOutageRiddenOutIntegrationTest {

    @RegisterExtension
    static final FaultTestBed faults = FaultTestBed.onCluster("smc-broker-outage",
            Map.of("heartbeat.interval.ms", "30000", "session.timeout.ms", "90000"));

    /**
     * The producer's buffer is small (64 KiB) so that, with the broker gone, the worker soon blocks in
     * {@code send()} and stops polling: then the task's queue fills and backpressure holds the socket, which is the
     * situation to prove. Idempotence keeps a produce request the stopping broker wrote but never acknowledged from
     * being written twice when retried: duplicates from producer retries are Kafka's at-least-once delivery, not the
     * connector's doing, and would blur the check for lost notifications.
     */
    @Test
    void theBrokerStoppedAndRestartedWhileTheSmcPushesLosesNothingAndKeepsMemoryBounded()
            throws InterruptedException {
        int queueCapacity = 50;
        FaultRun run = faults.startRun(Map.of(
                "queue.max.records", Integer.toString(queueCapacity),
                "producer.override.buffer.memory", "65536",
                "producer.override.enable.idempotence", "true"));

        run.inject("broker stopped, restarted after the queues filled",
                () -> faults.connect().kafka().stopOnlyBrokers());
        run.await(() -> run.liveMin("queue-size") == queueCapacity
                        && run.liveMin("last-notification-age-ms") >= 4 * FaultRun.PING_INTERVAL_MS,
                "both queues full and no notification read for four ping intervals while the broker is down");
        // BrokerServer.startup alone, not restartOnlyBrokers(): its readiness check would count as recovery.
        run.recoverAndAwaitBacklogWritten("broker stopped with full queues, then restarted",
                () -> faults.connect().kafka().brokersInState(state -> true).forEach(BrokerServer::startup));
        run.awaitMoreRecords(FaultRun.RECORDS_BEFORE_AND_AFTER);
        run.finish(FaultRun.Loss.NONE);

        assertEquals(queueCapacity, run.max("queue-size-max"),
                "the queues filled to queue.max.records and never held more");
        assertEquals(FaultRun.TASKS, faults.simulator().traffic().socketsOpened(),
                "backpressure kept the sockets: missing pongs were excused");
        assertEquals(0, run.total("reconnects"));
    }
}
