package io.github.kafkaconnectsmc.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkaconnectsmc.testkit.FaultRun;
import io.github.kafkaconnectsmc.testkit.FaultTestBed;
import io.github.kafkaconnectsmc.testkit.TaskMetricsRecorder;
import java.util.List;
import java.util.Map;
import kafka.server.BrokerServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Faults on the Kafka side that make the worker stop the connector's tasks, each injected into a steady stream of
 * changes as in {@link FaultInjectionIntegrationTest} (see {@link FaultRun} for what is checked and how), on a worker
 * with default settings: the worker restarted, and the broker gone for longer than the worker's
 * {@code heartbeat.interval.ms}. A stopped task cannot hand over what it still holds: it must report it, and the
 * restarted tasks must bring every element's current status. {@link BrokerOutageRiddenOutIntegrationTest} shows the
 * outage ridden out without loss when the worker is set to wait.
 *
 * <p>Both faults disturb the whole cluster, so they have one of their own. The test kit binds each listener's port
 * once and binds the same port again when a broker restarts, so clients find the restarted broker where it was.
 */
@Tag("integration")
class KafkaSideFaultIntegrationTest {

    @RegisterExtension
    static final FaultTestBed faults = FaultTestBed.onCluster("smc-kafka-faults");

    @Test
    void aRestartedWorkerStartsTheTasksAgainAndTheyResubscribe() throws InterruptedException {
        FaultRun run = faults.startRun(Map.of());

        run.inject("worker restarted", () -> {
            faults.connect().removeWorker();
            faults.connect().addWorker();
        });
        run.awaitReconnected();
        run.awaitMoreRecords(FaultRun.RECORDS_BEFORE_AND_AFTER);
        FaultRun.Outcome outcome = run.finish(FaultRun.Loss.QUEUED_AT_STOP);

        outcome.untilResnapshot();
        assertEquals(8, outcome.resnapshotted().size(), "every element subscribed again");
        List<TaskMetricsRecorder.TaskRun> runs = TaskMetricsRecorder.runs(faults.connector());
        assertEquals(2 * FaultRun.TASKS, runs.size(), "each task ran twice: " + runs);
        assertEquals(FaultRun.TASKS, runs.stream().filter(TaskMetricsRecorder.TaskRun::ended).count());
        assertEquals(FaultRun.TASKS, faults.simulator().traffic().logouts(), "the stopped tasks logged out");
        assertTrue(faults.connect().connectors().contains(faults.connector()),
                "the new worker read the connector's configuration");
    }

    /**
     * The producer's buffer is small (64 KiB) so that the worker's task thread soon blocks in {@code send()}, as it
     * would after a longer outage with the default 32 MiB; idempotence keeps producer retries from writing a record
     * twice (that would be Kafka's at-least-once delivery, not the connector's doing).
     */
    @Test
    void aBrokerOutageLongerThanTheHeartbeatIntervalStopsTheTasksWhichReportWhatTheyHeldAndResnapshot()
            throws InterruptedException {
        FaultRun run = faults.startRun(Map.of(
                "producer.override.buffer.memory", "65536",
                "producer.override.enable.idempotence", "true"));

        run.inject("broker stopped until the worker stopped the tasks, then started",
                () -> faults.connect().kafka().stopOnlyBrokers());
        run.await(() -> TaskMetricsRecorder.runs(faults.connector()).stream()
                .filter(TaskMetricsRecorder.TaskRun::ended).count() == FaultRun.TASKS,
                "the worker stopped both tasks, the group coordinator being gone");
        faults.connect().kafka().brokersInState(state -> true).forEach(BrokerServer::startup);
        run.awaitReconnected();
        run.awaitMoreRecords(FaultRun.RECORDS_BEFORE_AND_AFTER);
        FaultRun.Outcome outcome = run.finish(FaultRun.Loss.QUEUED_AND_UNWRITTEN_AT_STOP);

        outcome.untilResnapshot();
        assertEquals(8, outcome.resnapshotted().size(), "every element subscribed again");
        assertEquals(2 * FaultRun.TASKS, TaskMetricsRecorder.runs(faults.connector()).size(), "each task ran twice");
    }
}
