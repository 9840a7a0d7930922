package io.github.kafkaconnectsmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The task's current-state features against {@link FakeSmc}: re-snapshots, dropped repeats, tombstones, staleness
 * heartbeats, failover to the next management server, and key formats.
 */
class SmcSourceTaskCurrentStateTest {

    private static final String CONNECTOR = "current";
    private static final int FW_SINGLE_ID = 0;
    private static final int NODE_ID = 1;
    private static final String READY = "{\"name\":\"Plano node 1\",\"monitoring_state\":\"READY\"}";

    @RegisterExtension
    final TaskTestBed bed = TaskTestBed.forTask(CONNECTOR, 0)
            .withSettings(smc -> Map.of(SmcSourceConfig.SMC_API_VERSION_CONFIG, FakeSmc.VERSION,
                    SmcSourceConfig.SMC_ELEMENTS_CONFIG, nodeOn(smc)))
            .streamingQuickly();

    private FakeSmc smc;
    private String node;
    private SmcSourceTask task;

    @BeforeEach
    void useTheBed() {
        smc = bed.smc();
        node = nodeOn(smc);
    }

    private static String nodeOn(FakeSmc server) {
        return server.href("elements/single_fw/1649/firewall_node/1650");
    }

    private Map<String, String> props(String... settings) {
        return bed.props(settings);
    }

    /** Starts the task and waits until the SMC has acknowledged both units (one record proves both known). */
    private void startSubscribed(Map<String, String> props) throws InterruptedException {
        task = bed.startSubscribed(props);
    }

    private List<SourceRecord> pollRecords(int count) throws InterruptedException {
        return PollUntil.records(task, count);
    }

    @Test
    void aResnapshotSubscribesEveryUnitAgainAndUnsubscribesTheOldIdsOnlyAfterTheNewOnesAreAcknowledged()
            throws Exception {
        // A scheduled re-snapshot only after an hour: the test starts the one it checks.
        startSubscribed(props("smc.resnapshot.interval.ms", "3600000"));

        task.resnapshotNow();
        Await.until(() -> unsubscribed().size() == 2, () -> "the re-snapshot did not complete: " + smc.commands());

        List<String> commands = smc.commands();
        assertEquals(List.of("{\"context\":\"fw_single\"}", "{\"element\":\"" + node + "\"}"),
                commands.subList(2, 4), "every unit subscribed again, in order");
        assertEquals(List.of(0, 1), unsubscribed().subList(0, 2), "then the ids they replaced");
        // FakeSmc acknowledged them as 2 and 3: the old id is ignored now, the new one streams.
        smc.push(FakeSmc.notification(NODE_ID, "{\"name\":\"Plano node 1\",\"monitoring_state\":\"ERROR\"}"));
        smc.push(FakeSmc.notification(3, "{\"name\":\"Plano node 1\",\"monitoring_state\":\"TIMEOUT\"}"));
        SourceRecord record = pollRecords(1).get(0);
        assertEquals("TIMEOUT", value(record).get("monitoring_state"));
        assertEquals(node, record.key());
        assertEquals("element:" + node, record.sourcePartition().get("subscription"), "the same source partition");
        assertEquals(0L, mbean("frames-rejected-total"), "a replaced id is ignored, not an unknown subscription");
        assertEquals(1L, mbean("resnapshots"));
        assertEquals(2L, mbean("subscriptions-active"));

        stop();
        assertEquals(List.of(0, 1, 2, 3), unsubscribed().stream().sorted().toList(),
                "stop unsubscribes the ids that replaced 0 and 1, and no id twice");
    }

    @Test
    void withRepeatsDroppedOnlyChangesAndTheFirstStatusAfterAResnapshotAreWritten() throws Exception {
        startSubscribed(props("smc.drop.unchanged", "true"));

        smc.push(FakeSmc.notification(NODE_ID, READY));
        smc.push(FakeSmc.notification(NODE_ID, "{\"name\":\"Plano node 1\",\"monitoring_state\":\"ERROR\"}"));
        Struct changed = value(pollRecords(1).get(0));
        assertEquals("ERROR", changed.get("monitoring_state"));
        assertEquals("READY", changed.get("previous_monitoring_state"));
        assertEquals(List.of("monitoring_state"), changed.getArray("changed_fields"));

        task.resnapshotNow();
        Await.until(() -> unsubscribed().size() == 2, () -> "the re-snapshot did not complete: " + smc.commands());
        smc.push(FakeSmc.notification(3, "{\"name\":\"Plano node 1\",\"monitoring_state\":\"ERROR\"}"));
        smc.push(FakeSmc.notification(3, "{\"name\":\"Plano node 1\",\"monitoring_state\":\"ERROR\"}"));
        smc.push(FakeSmc.notification(3, "{\"name\":\"Plano node 1\",\"monitoring_state\":\"OK\"}"));
        List<SourceRecord> records = pollRecords(2);

        assertEquals(List.of("ERROR", "OK"), records.stream().map(r -> value(r).getString("monitoring_state")).toList(),
                "the snapshot on the new subscription and the change; not the repeat");
        assertEquals(List.of(), value(records.get(0)).getArray("changed_fields"));
        assertEquals(2L, mbean("notifications-dropped-unchanged"));
    }

    @Test
    void aDeletedElementsStatusIsFollowedByATombstone() throws Exception {
        startSubscribed(props());

        smc.push(FakeSmc.notification(NODE_ID, "{\"name\":\"Plano node 1\",\"monitoring_state\":\"DELETED\"}"));
        List<SourceRecord> records = pollRecords(2);

        assertEquals("DELETED", value(records.get(0)).get("monitoring_state"));
        assertEquals(node, records.get(1).key());
        assertNull(records.get(1).value());
        assertEquals(1L, mbean("tombstones"));
        assertEquals(0L, mbean("elements-tracked"));
    }

    @Test
    void aSilentElementGetsHeartbeatsAndCountsAsStale() throws Exception {
        startSubscribed(props("smc.stale.after.ms", "100", "smc.stale.heartbeat.enabled", "true"));

        SourceRecord heartbeat = pollRecords(1).get(0);

        assertEquals("stale", header(heartbeat, "smc.heartbeat"));
        assertEquals(node, heartbeat.key());
        Struct value = value(heartbeat);
        assertEquals("READY", value.get("monitoring_state"));
        assertTrue(value.get("last_reported_at") != null);
        // The count follows the queueing, so poll() may hand the heartbeat over a moment before it moves.
        Await.until(() -> mbean("elements-stale") == 1L && mbean("stale-heartbeats") >= 1L,
                "the element does not count as stale, or its heartbeat was not counted");
    }

    @Test
    void aTaskThatCannotReachTheFirstServerLogsInToTheNextAndSubscribesItsElementsThere() throws Exception {
        FakeSmc down = new FakeSmc().start();
        String downUrl = down.baseUrl();
        String nodeOnDown = down.href("elements/single_fw/1649/firewall_node/1650");
        down.close();

        startSubscribed(props("smc.url", downUrl + "," + smc.baseUrl(), "smc.elements", nodeOnDown));

        assertEquals("{\"element\":\"" + node + "\"}", smc.commands().get(1), "moved onto the server in use");
        assertEquals(1L, mbean("smc-url-index"));
        assertTrue(mbean("smc-url-switches") >= 1L);
        SourceRecord record = pollRecordAfterPush();
        assertEquals(nodeOnDown, record.key(), "an element subscription keeps its configured URI as key");
        assertEquals(downUrl, record.sourcePartition().get("smc"), "the first URL names the partition");
        assertEquals(smc.baseUrl(), value(record).get("smc_url"), "the server in use");
    }

    @Test
    void aTaskThatFailedOverMovesBackToTheFirstServerOnceItAcceptsLoginsAgain() throws Exception {
        try (FakeSmc first = new FakeSmc().unavailable().start()) {
            String nodeOnFirst = first.href("elements/single_fw/1649/firewall_node/1650");
            startSubscribed(props("smc.url", first.baseUrl() + "," + smc.baseUrl(), "smc.elements", nodeOnFirst,
                    "smc.failback.interval.ms", "1000"));
            assertEquals(1L, mbean("smc-url-index"));

            first.available();
            Await.until(() -> first.commands().size() == 2, () -> "the task did not move back: " + first.events());

            assertEquals(List.of("{\"context\":\"fw_single\"}", "{\"element\":\"" + nodeOnFirst + "\"}"),
                    first.commands(), "every unit subscribed on the first server");
            assertEquals(0L, mbean("smc-url-index"));
            assertEquals(2L, mbean("smc-url-switches"));
            Await.until(() -> smc.events().contains("PUT /" + FakeSmc.VERSION + "/logout"),
                    () -> "the server left behind was not logged out: " + smc.events());
            assertEquals(List.of(0, 1), unsubscribed(), "the units unsubscribed on the server left behind");
            first.push(FakeSmc.notification(NODE_ID, READY));
            SourceRecord record = pollRecords(1).get(0);
            assertEquals(nodeOnFirst, record.key());
            assertEquals(first.baseUrl(), value(record).get("smc_url"), "the server in use");
            stop();
        }
    }

    /**
     * A notification of the server left behind that waits for room in the queue when the task moves back to the first
     * server is older than the first server's snapshot; handed over after it, it would be the element's latest record
     * with a status that is no longer true.
     */
    @Test
    void aNotificationHeldByBackpressureWhenTheTaskMovesBackIsNotHandedOverAfterTheFirstServersStatus()
            throws Exception {
        try (FakeSmc first = new FakeSmc().unavailable().start()) {
            String nodeOnFirst = first.href("elements/single_fw/1649/firewall_node/1650");
            startSubscribed(props("smc.url", first.baseUrl() + "," + smc.baseUrl(), "smc.elements", nodeOnFirst,
                    "smc.failback.interval.ms", "3600000", "queue.max.records", "1"));
            first.available();

            smc.push(FakeSmc.notification(NODE_ID, "{\"name\":\"Plano node 1\",\"monitoring_state\":\"ERROR\"}"));
            smc.push(FakeSmc.notification(NODE_ID, "{\"name\":\"Plano node 1\",\"monitoring_state\":\"TIMEOUT\"}"));
            Await.until(() -> mbean("notifications-received") == 3L && threadsWaitingForRoom() == 1,
                    "the second notification is not held by the full queue");
            task.checkFirstServerNow().get(Await.DEADLINE_MS, TimeUnit.MILLISECONDS);
            Await.until(() -> first.commands().size() == 2, () -> "not subscribed on the first: " + first.events());
            first.push(FakeSmc.notification(NODE_ID, READY));
            Await.until(() -> mbean("notifications-received") == 4L, "the first server's status was not received");

            List<SourceRecord> handedOver = new ArrayList<>();
            Await.until(() -> {
                List<SourceRecord> batch = task.poll();
                if (batch != null) {
                    handedOver.addAll(batch);
                }
                return threadsWaitingForRoom() == 0 && mbean("queue-size") == 0L;
            }, "records still wait for room");

            assertEquals(List.of("ERROR", "READY"),
                    handedOver.stream().map(r -> value(r).getString("monitoring_state")).toList());
            assertEquals(first.baseUrl(), value(handedOver.get(1)).get("smc_url"));
        }
    }

    /** Threads inside {@code NotificationQueue.put}: readers waiting for room, or about to queue. */
    private static long threadsWaitingForRoom() {
        return Thread.getAllStackTraces().values().stream()
                .filter(stack -> Arrays.stream(stack).anyMatch(frame -> frame.getMethodName().equals("put")
                        && frame.getClassName().equals(NotificationQueue.class.getName())))
                .count();
    }

    @Test
    void aFirstServerThatAcceptsLoginsButRefusesTheSocketIsCheckedLessOftenAfterEachFailedMoveBack()
            throws Exception {
        try (FakeSmc first = new FakeSmc().refusingHandshakeWith(503).start();
             LogCapture logs = LogCapture.start()) {
            // Scheduled checks only after an hour: the test runs the checks itself.
            startSubscribed(props("smc.url", first.baseUrl() + "," + smc.baseUrl(), "smc.failback.interval.ms",
                    "3600000"));
            assertEquals(1L, mbean("smc-url-index"));
            long before = logins(first);

            task.checkFirstServerNow().get(Await.DEADLINE_MS, TimeUnit.MILLISECONDS);
            Await.until(() -> smc.commands().size() == 6, () -> "not back on the second server: " + smc.commands());
            // The server has the subscribe commands; the task must also have their answers, or the next check finds
            // nothing streaming to move and returns without counting as skipped.
            Await.until(() -> mbean("subscriptions-active") == 2L, () -> "the second server's subscriptions are not "
                    + "acknowledged");
            assertEquals(before + 2, logins(first), "the check's login and the move's");
            assertEquals(1, logs.lines(Level.WARN, "failed: the SMC refused the status socket handshake with HTTP 503; "
                    + "the next 1 failback check(s) are skipped").size(), String.join("\n", logs.lines()));

            task.checkFirstServerNow().get(Await.DEADLINE_MS, TimeUnit.MILLISECONDS);
            assertEquals(before + 2, logins(first), "the check after a failed move is skipped");

            task.checkFirstServerNow().get(Await.DEADLINE_MS, TimeUnit.MILLISECONDS);
            Await.until(() -> smc.commands().size() == 10, () -> "not back on the second server: " + smc.commands());
            assertEquals(before + 4, logins(first));
            assertEquals(1, logs.lines(Level.WARN, "the next 2 failback check(s) are skipped").size(),
                    String.join("\n", logs.lines()));
            assertEquals(1L, mbean("smc-url-index"));
            stop();
        }
    }

    private static long logins(FakeSmc server) {
        return server.events().stream().filter(e -> e.equals("POST /" + FakeSmc.VERSION + "/login")).count();
    }

    @Test
    void withPathKeysTheKeyIsThePathBelowTheVersion() throws Exception {
        startSubscribed(props("smc.key.format", "path"));

        SourceRecord record = pollRecordAfterPush();

        assertEquals("elements/single_fw/1649/firewall_node/1650", record.key());
        assertEquals(record.key(), value(record).get("element_href"));
    }

    private SourceRecord pollRecordAfterPush() throws InterruptedException {
        smc.push(FakeSmc.notification(NODE_ID, READY));
        return pollRecords(1).get(0);
    }

    private void stop() {
        bed.stop();
    }

    /** Ids the task unsubscribed, in order. */
    private List<Integer> unsubscribed() {
        return smc.commands().stream().filter(c -> c.startsWith("{\"unsubscribe\":"))
                .map(c -> Integer.valueOf(c.replaceAll("\\D", ""))).toList();
    }

    private long mbean(String attribute) throws Exception {
        return bed.metric(attribute);
    }

    private static Struct value(SourceRecord record) {
        return (Struct) record.value();
    }

    private static String header(SourceRecord record, String name) {
        Header header = record.headers().lastWithName(name);
        return header == null ? null : (String) header.value();
    }
}
