package io.github.kafkaconnectsmc.integration;

import static io.github.kafkaconnectsmc.simulator.StandardCatalog.PLANO_NODE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkaconnectsmc.testkit.FaultRun;
import io.github.kafkaconnectsmc.testkit.FaultTestBed;
import io.github.kafkaconnectsmc.testkit.TaskMetricsRecorder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Faults on the SMC side and in the connector's own life, each injected into a steady stream of changes (one every
 * {@link FaultRun#CHANGE_INTERVAL}) flowing from the simulator through a connector with two tasks in a real worker on
 * a real broker. After each, every element's current status must arrive and every notification a task received must
 * be in the topic, in order, once; {@link FaultRun} explains how both are proved, from the tasks' metrics (read live
 * and at the moment a task stops) and the simulator's record of every frame it sent.
 *
 * <p>One cluster serves every test; each has its own simulator, connector and topic. Reconnects use a 50 ms initial
 * and 1 s maximum backoff, pings every 500 ms. Each test logs its recovery time ("Recovery time: ...").
 */
@Tag("integration")
class FaultInjectionIntegrationTest {

    @RegisterExtension
    static final FaultTestBed faults = FaultTestBed.onCluster("smc-faults");

    /** Rounds of bad frames, each interleaved with a real change. */
    private static final int BAD_ROUNDS = 5;

    @Test
    void droppedSocketsAreReopenedAndResubscribedWithoutLosingWhatWasReceived() throws InterruptedException {
        FaultRun run = faults.startRun(Map.of());

        run.inject("socket dropped", () -> faults.simulator().control().dropSockets());
        run.awaitReconnected();
        run.awaitMoreRecords(FaultRun.RECORDS_BEFORE_AND_AFTER);
        FaultRun.Outcome outcome = run.finish(FaultRun.Loss.NONE);

        outcome.untilResnapshot();
        assertEquals(8, outcome.resnapshotted().size(), "every element subscribed again");
        assertTrue(run.total("reconnects") >= FaultRun.TASKS, "each task scheduled a reconnect");
        assertEquals(FaultRun.TASKS, faults.simulator().traffic().logins(), "the sessions stayed valid: no new login");
    }

    @Test
    void expiredSessionsAreReplacedByANewLoginWhenTheSocketIsLost() throws InterruptedException {
        FaultRun run = faults.startRun(Map.of());

        run.inject("every session expired, then the sockets lost", () -> {
            faults.simulator().control().expireSessions();
            faults.simulator().control().dropSockets();
        });
        run.awaitReconnected();
        run.awaitMoreRecords(FaultRun.RECORDS_BEFORE_AND_AFTER);
        FaultRun.Outcome outcome = run.finish(FaultRun.Loss.NONE);

        outcome.untilResnapshot();
        assertEquals(2 * FaultRun.TASKS, faults.simulator().traffic().logins(), "each task logged in again");
        assertEquals(2 * FaultRun.TASKS, run.total("logins"));
        assertTrue(faults.simulator().traffic().refusedHandshakes() >= FaultRun.TASKS,
                "the old sessions were refused (401)");
    }

    @Test
    void anSmcOutageRefusingHandshakesAndLoginsForSecondsIsRiddenOut() throws InterruptedException {
        FaultRun run = faults.startRun(Map.of());

        // An SMC restarting: sessions gone, sockets cut, handshakes and then logins answered 503 for a while.
        run.inject("SMC outage (503 on handshake for 3 s and on login for 6 s)", () -> {
            faults.simulator().control().refuseHandshakesFor(Duration.ofSeconds(3));
            faults.simulator().control().refuseLoginsFor(Duration.ofSeconds(6));
            faults.simulator().control().expireSessions();
            faults.simulator().control().dropSockets();
        });
        run.awaitReconnected();
        run.awaitMoreRecords(FaultRun.RECORDS_BEFORE_AND_AFTER);
        FaultRun.Outcome outcome = run.finish(FaultRun.Loss.NONE);

        outcome.untilResnapshot();
        assertTrue(faults.simulator().traffic().refusedHandshakes() >= FaultRun.TASKS, "handshakes were refused");
        assertTrue(faults.simulator().traffic().refusedLogins() >= FaultRun.TASKS, "logins were refused");
        assertEquals(2 * FaultRun.TASKS, faults.simulator().traffic().logins());
        assertEquals(0, failedTasks(), "an outage is retried, not fatal");
    }

    @Test
    void garbageFramesMixedIntoTheStreamAreCountedAndSkipped() throws InterruptedException {
        FaultRun run = faults.startRun(Map.of());
        List<String> garbage = List.of("this is not JSON", "[1,2,3]", "{\"status\":{\"status\":{",
                "{\"unexpected\":true}", "{\"status\":\"READY\",\"subscription_id\":0}",
                "{\"status\":{\"status\":{\"name\":\"Plano node 1\"}},\"subscription_id\":\"zero\"}");

        run.inject("garbage frames mixed into the stream", () -> mixIntoTheStream(garbage));
        run.awaitMoreRecords(FaultRun.RECORDS_BEFORE_AND_AFTER);
        FaultRun.Outcome outcome = run.finish(FaultRun.Loss.NONE);

        outcome.untilNextRecord();
        long perSocket = BAD_ROUNDS;
        assertEquals(3 * perSocket * FaultRun.TASKS, run.live("frames-rejected-not-json"));
        assertEquals(perSocket * FaultRun.TASKS, run.live("frames-rejected-unknown-shape"));
        assertEquals(2 * perSocket * FaultRun.TASKS, run.live("frames-rejected-malformed-status"));
        assertStreamWasNeverInterrupted();
    }

    @Test
    void notificationsForUnknownSubscriptionIdsAreCountedAndSkipped() throws InterruptedException {
        FaultRun run = faults.startRun(Map.of());
        List<String> strangers = List.of(
                "{\"status\":{\"status\":{\"name\":\"Plano node 1\",\"monitoring_state\":\"READY\"}},"
                        + "\"subscription_id\":9999}",
                "{\"status\":{\"status\":{\"name\":\"Ghost\",\"monitoring_state\":\"ERROR\"}},\"subscription_id\":4}");

        run.inject("notifications for unknown subscription ids", () -> mixIntoTheStream(strangers));
        run.awaitMoreRecords(FaultRun.RECORDS_BEFORE_AND_AFTER);
        FaultRun.Outcome outcome = run.finish(FaultRun.Loss.NONE);

        outcome.untilNextRecord();
        assertEquals(2L * BAD_ROUNDS * FaultRun.TASKS, run.live("frames-rejected-unknown-subscription"));
        assertStreamWasNeverInterrupted();
    }

    @Test
    void failureRepliesLeaveTheAcknowledgedSubscriptionsStreaming() throws InterruptedException {
        FaultRun run = faults.startRun(Map.of());

        run.inject("failure replies", () -> mixIntoTheStream(List.of(
                "{\"failure\":\"Internal error while computing the status\"}")));
        run.awaitMoreRecords(FaultRun.RECORDS_BEFORE_AND_AFTER);
        FaultRun.Outcome outcome = run.finish(FaultRun.Loss.NONE);

        outcome.untilNextRecord();
        assertEquals((long) BAD_ROUNDS * FaultRun.TASKS, run.live("frames-rejected-failure-reply"));
        assertEquals(FaultRun.SUBSCRIPTIONS, run.live("subscriptions-active"),
                "a failure with no subscribe pending cancels no subscription");
        assertStreamWasNeverInterrupted();
    }

    @Test
    void aPausedConnectorHoldsTheSocketWithBackpressureAndLosesNothingOnResume() throws InterruptedException {
        int queueCapacity = 50;
        FaultRun run = faults.startRun(Map.of("queue.max.records", Integer.toString(queueCapacity)));

        run.inject("connector paused", () -> faults.connect().pauseConnector(faults.connector()));
        // Paused, the worker stops polling: the queues fill, the readers wait, pings go unanswered and are excused.
        run.await(() -> tasksIn("PAUSED") && run.liveMin("queue-size") == queueCapacity
                        && run.liveMin("last-notification-age-ms") >= 4 * FaultRun.PING_INTERVAL_MS,
                "both queues full and no notification read for four ping intervals");
        run.recoverAndAwaitBacklogWritten("connector paused with full queues, then resumed",
                () -> faults.connect().resumeConnector(faults.connector()));
        run.awaitMoreRecords(FaultRun.RECORDS_BEFORE_AND_AFTER);
        run.finish(FaultRun.Loss.NONE);

        assertEquals(queueCapacity, run.max("queue-size-max"),
                "the queues filled to queue.max.records and never held more");
        assertStreamWasNeverInterrupted();
    }

    @Test
    void aTaskRestartedThroughTheRestApiResubscribesAndReportsWhatItCouldNotHandOver()
            throws InterruptedException {
        FaultRun run = faults.startRun(Map.of());

        run.inject("task 0 restarted through the REST API", () -> faults.connect().restartTask(faults.connector(), 0));
        run.awaitReconnected(1);
        run.awaitMoreRecords(FaultRun.RECORDS_BEFORE_AND_AFTER);
        FaultRun.Outcome outcome = run.finish(FaultRun.Loss.QUEUED_AT_STOP);

        outcome.untilResnapshot();
        List<TaskMetricsRecorder.TaskRun> runs = TaskMetricsRecorder.runs(faults.connector());
        assertEquals(3, runs.size(), "task 0 ran twice, task 1 once: " + runs);
        assertEquals(List.of("0"), runs.stream().filter(TaskMetricsRecorder.TaskRun::ended)
                .map(TaskMetricsRecorder.TaskRun::task).toList());
        assertEquals(FaultRun.TASKS + 1, faults.simulator().traffic().logins(), "the new task logged in");
        assertEquals(1, faults.simulator().traffic().logouts(), "the stopped task logged out");
    }

    /** Sends each of {@code frames} on every socket, {@link #BAD_ROUNDS} times, each round followed by a change. */
    private void mixIntoTheStream(List<String> frames) {
        for (int round = 0; round < BAD_ROUNDS; round++) {
            frames.forEach(frame -> faults.simulator().control().sendRawFrame(frame));
            faults.simulator().control().pushChange(PLANO_NODE);
        }
    }

    private void assertStreamWasNeverInterrupted() {
        assertEquals(FaultRun.TASKS, faults.simulator().traffic().socketsOpened(),
                "the first sockets are still the only ones");
        assertEquals(0, faults.run().total("reconnects"));
    }

    private boolean tasksIn(String state) {
        ConnectorStateInfo status = faults.connect().connectorStatus(faults.connector());
        return status.tasks().size() == FaultRun.TASKS
                && status.tasks().stream().allMatch(task -> task.state().equals(state));
    }

    private long failedTasks() {
        return faults.connect().connectorStatus(faults.connector()).tasks().stream()
                .filter(t -> t.state().equals("FAILED")).count();
    }
}
