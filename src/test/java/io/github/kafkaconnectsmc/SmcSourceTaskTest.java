package io.github.kafkaconnectsmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import mockwebserver3.RecordedRequest;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole task against {@link FakeSmc}: what the SMC sees, what poll() returns, and what stop() leaves behind. */
class SmcSourceTaskTest {

    private static final String CONNECTOR = "unit";
    private static final String THREAD_PREFIX = "smc-" + CONNECTOR + "-1";
    private static final String NODE = SampleFrames.SEED_ENGINE_NODE;
    /** The ids FakeSmc gives the two units: contexts are subscribed first, then elements. */
    private static final int FW_SINGLE_ID = 0;
    private static final int NODE_ID = 1;

    @RegisterExtension
    final TaskTestBed bed = TaskTestBed.forTask(CONNECTOR, 1)
            .withSettings(smc -> Map.of(SmcSourceConfig.SMC_ELEMENTS_CONFIG, NODE))
            .streamingQuickly();

    private FakeSmc smc;
    private SmcSourceTask task;

    @BeforeEach
    void useTheBed() {
        smc = bed.smc();
    }

    private Map<String, String> props() {
        return bed.props();
    }

    private void start(Map<String, String> props) {
        task = bed.start(props);
    }

    private void stop() {
        bed.stop();
    }

    /** The SMC lists one single firewall, Oslo, whose document names its node "Oslo node 2". */
    private void servingOsloNode2() {
        smc.serving("elements/single_fw", "{\"result\":[{\"href\":\"" + smc.href("elements/single_fw/77")
                + "\",\"name\":\"Oslo\",\"type\":\"single_fw\"}]}");
        smc.serving("elements/single_fw/77", "{\"nodes\":[{\"firewall_node\":{\"name\":\"Oslo node 2\",\"link\":"
                + "[{\"rel\":\"self\",\"href\":\"" + smc.href("elements/single_fw/77/firewall_node/78") + "\"}]}}]}");
    }

    /** Starts the task and waits until the SMC has acknowledged both units. */
    private void startSubscribed() throws InterruptedException {
        startSubscribed(props());
    }

    private void startSubscribed(Map<String, String> props) throws InterruptedException {
        task = bed.startSubscribed(props);
    }

    @Test
    void pollHandsOverNoMoreThanKafkaHasLeftUnacknowledgedAndCommitRecordGivesThePlacesBack() throws Exception {
        startSubscribed(bed.props(SmcSourceConfig.UNACKNOWLEDGED_MAX_RECORDS_CONFIG, "3"));
        for (int change = 1; change <= 4; change++) {
            smc.push(FakeSmc.notification(NODE_ID, "{\"name\":\"Plano node 1\",\"monitoring_state\":\"READY\","
                    + "\"change\":" + change + "}"));
        }

        Await.until(() -> bed.metric("queue-size") == 4L, "the four were not queued");

        // The record startSubscribed polled is still unacknowledged: room for two of the four.
        List<SourceRecord> firstTwo = task.poll();
        assertEquals(2, firstTwo.size());
        assertNull(task.poll(), "nothing more until Kafka acknowledges");
        assertEquals(3L, bed.metric("records-unacknowledged"));

        // As the worker calls it: with metadata once written, with none for a record a transformation dropped. Two of
        // three acknowledged leave one, under half the cap.
        task.commitRecord(firstTwo.get(0), null);
        task.commitRecord(firstTwo.get(1), null);

        assertEquals(2, PollUntil.records(task, 2).size(), "the third and the fourth");
        assertEquals(3L, bed.metric("records-unacknowledged"));
    }

    @Test
    void aSnapshotStatusThatOvertakesItsAcknowledgementStillBecomesARecordOfItsUnit() throws Exception {
        smc.sendingStatusOnSubscribe().sendingStatusBeforeAcknowledgement();
        start(props());

        List<SourceRecord> records = PollUntil.records(task, 2);

        Map<Object, Object> targetByName = new HashMap<>();
        for (SourceRecord record : records) {
            Struct value = (Struct) record.value();
            targetByName.put(value.get("element_name"), value.get("subscription_target"));
        }
        assertEquals(Map.of("fw_single node 1", "fw_single", "element node", NODE), targetByName);
        assertEquals(0L, bed.metric("frames-rejected-total"));
    }

    @Test
    void discoversTheVersionLogsInOpensTheSocketWithTheCookieAndSubscribesEachUnit() throws InterruptedException {
        startSubscribed();

        // The context's names are read alongside (theNamesOfEachContextAreReadAsSoonAsTheTaskLogsIn).
        List<String> events = smc.events().stream().filter(event -> !event.startsWith("GET /7.1/elements/")).toList();
        assertEquals(List.of("GET /api", "POST /7.1/login", "GET /7.1/status/socket", "socket open",
                "command {\"context\":\"fw_single\"}", "command {\"element\":\"" + NODE + "\"}"), events);
        RecordedRequest handshake = smc.requests("GET", "/7.1/status/socket").get(0);
        assertEquals("JSESSIONID=" + FakeSmc.SESSION_ID, handshake.getHeaders().get("Cookie"));
        assertNull(handshake.getHeaders().get("Origin"));
    }

    @Test
    void theNamesOfEachContextAreReadAsSoonAsTheTaskLogsIn() throws InterruptedException {
        servingOsloNode2();

        startSubscribed();

        // No notification has arrived: the SMC sends a context's statuses right after the subscription, so the
        // names they carry are read while the socket opens, not when the first of them asks.
        Await.until(() -> smc.requests("GET", "/7.1/elements/single_fw/77").size() == 1,
                "the engine document of the context's only engine was read");
        assertEquals(1, smc.requests("GET", "/7.1/elements/single_fw").size());
        smc.push(SampleFrames.containing("Oslo node 2").replace("\"subscription_id\":1", "\"subscription_id\":"
                + FW_SINGLE_ID));
        assertEquals(smc.href("elements/single_fw/77/firewall_node/78"), PollUntil.records(task, 1).get(0).key());
        assertEquals(1, smc.requests("GET", "/7.1/elements/single_fw").size(), "the lookup used what was read");
    }

    @Test
    void notificationsOfBothKindsOfSubscriptionBecomeKeyedRecords() throws InterruptedException {
        servingOsloNode2();
        startSubscribed();

        smc.push(SampleFrames.containing("Oslo node 2").replace("\"subscription_id\":1", "\"subscription_id\":"
                + FW_SINGLE_ID));
        smc.push(SampleFrames.seedExample("Plano node 1").replace("\"subscription_id\":5", "\"subscription_id\":"
                + NODE_ID));
        List<SourceRecord> records = PollUntil.records(task, 2);

        assertEquals(smc.href("elements/single_fw/77/firewall_node/78"), records.get(0).key());
        assertEquals("Standby", ((Struct) records.get(0).value()).get("engine_node_status"));
        assertEquals(NODE, records.get(1).key());
        assertEquals("element:" + NODE, records.get(1).sourcePartition().get("subscription"));
        assertEquals(2L, records.get(1).sourceOffset().get("sequence"));
    }

    @Test
    void theSocketReaderRunsOnAThreadNamedAfterTheTask() throws InterruptedException {
        String[] readerThread = new String[1];
        start(props());
        Await.until(() -> smc.commands().size() == 2, "the task did not subscribe");

        Await.until(() -> {
            readerThread[0] = Thread.getAllStackTraces().entrySet().stream()
                    // The connector's reader is an OkHttp call reading the socket; FakeSmc's side is not a call.
                    .filter(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getMethodName().equals("loopReader"))
                            && Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().endsWith("RealCall$AsyncCall")))
                    .map(e -> e.getKey().getName())
                    .findFirst().orElse(null);
            return readerThread[0] != null;
        }, "no socket reader thread");
        assertEquals(THREAD_PREFIX + "-socket", readerThread[0], "a thread dump must show whose socket this is");
    }

    @Test
    void theTaskMetricsMoveWithTheStream() throws Exception {
        startSubscribed();
        ObjectName name = bed.metricsName();
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();

        assertEquals(1L, server.getAttribute(name, "connected"));
        assertEquals(2L, server.getAttribute(name, "subscriptions-active"));
        assertEquals(1L, server.getAttribute(name, "logins"));
        assertEquals(1L, server.getAttribute(name, "notifications-received"));
        assertEquals(1L, server.getAttribute(name, "records-handed-to-kafka"));
        assertEquals(Long.valueOf(SmcSourceConfig.QUEUE_MAX_RECORDS_DEFAULT), server.getAttribute(name, "queue-capacity"));

        smc.push("not json at all");
        smc.push(FakeSmc.notification(NODE_ID, "{\"name\":\"Plano node 1\"}"));
        PollUntil.records(task, 1);
        assertEquals(2L, server.getAttribute(name, "notifications-received"));
        assertEquals(1L, server.getAttribute(name, "frames-rejected-not-json"));
        assertEquals(1L, server.getAttribute(name, "frames-rejected-total"));
        assertTrue((Long) server.getAttribute(name, "last-notification-age-ms") >= 0);

        smc.closeSocket(1011, "restart");
        Await.until(() -> (Long) server.getAttribute(name, "reconnects") == 1L
                && (Long) server.getAttribute(name, "connected") == 1L, "the reconnect did not show in the metrics");

        stop();
        assertFalse(server.isRegistered(name), "stop() must remove the task's metrics");
    }

    @Test
    void pollReturnsNullWhenNothingArrivedWithinThePollTimeout() throws InterruptedException {
        startSubscribed();
        assertNull(task.poll());
    }

    @Test
    void stopUnsubscribesEverySubscriptionThenClosesTheSocketThenLogsOut() throws InterruptedException {
        startSubscribed();
        int before = smc.events().size();

        stop();

        List<String> after = smc.events().subList(before, smc.events().size());
        assertEquals(4, after.size(), after.toString());
        assertEquals(List.of("command {\"unsubscribe\":0}", "command {\"unsubscribe\":1}"),
                after.subList(0, 2).stream().sorted().toList());
        assertEquals(List.of("socket closed 1000", "PUT /7.1/logout"), after.subList(2, 4));
        bed.assertNoThreadOfTheTaskIsAlive();
    }

    @Test
    void stopEndsInBoundedTimeAndLeavesNoThreadWhileTheReaderIsBlockedOnAFullQueue() throws InterruptedException {
        Map<String, String> props = props();
        props.put(SmcSourceConfig.QUEUE_MAX_RECORDS_CONFIG, "1");
        start(props);
        Await.until(() -> smc.commands().size() == 2, "the task did not subscribe");
        for (int i = 1; i <= 3; i++) {
            smc.push(FakeSmc.notification(NODE_ID, "{\"name\":\"Plano node 1\",\"dyn_up\":\"" + i + "\"}"));
        }
        Await.until(SmcSourceTaskTest::aThreadIsBlockedInNotificationQueuePut,
                "the socket reader did not block on the full queue");

        try (LogCapture logs = LogCapture.start()) {
            // Generous for a loaded machine, yet a stop() that hangs fails here instead of holding up the build.
            assertTimeoutPreemptively(SmcSourceTask.STOP_STEP_TIMEOUT.multipliedBy(3), this::stop);
            assertEquals(1, logs.lines(Level.WARN, "not handed to Kafka").size(), logs.text());
        }
        assertTrue(smc.events().contains("PUT /7.1/logout"), smc.events().toString());
        bed.assertNoThreadOfTheTaskIsAlive();
    }

    @Test
    void wrongApiKeyFailsTaskFromPollNamingTheSettingNotTheKey() throws InterruptedException {
        String wrongKey = "WrongKey-0b7e-NEVER-LOGGED-93d1";
        Map<String, String> props = props();
        props.put(SmcSourceConfig.SMC_API_KEY_CONFIG, wrongKey);

        try (LogCapture logs = LogCapture.startAtEveryLevel()) {
            start(props);
            ConnectException failure = pollUntilFailure();

            assertTrue(failure.getMessage().contains("HTTP 401"), failure.getMessage());
            assertTrue(failure.getMessage().contains(SmcSourceConfig.SMC_API_KEY_CONFIG), failure.getMessage());
            assertFalse(failure.getMessage().contains(wrongKey));
            stop();
            for (String line : logs.lines()) {
                assertFalse(line.contains(wrongKey), line);
            }
        }
        assertFalse(smc.events().contains("GET /7.1/status/socket"), "no socket without a session");
    }

    @Test
    void theApiKeyAndTheSessionCookieNeverAppearInLogsExceptionsOrToString() throws InterruptedException {
        Map<String, String> props = props();
        props.put(SmcSourceConfig.SMC_RECONNECT_MAX_ATTEMPTS_CONFIG, "0");
        try (LogCapture logs = LogCapture.startAtEveryLevel()) {
            startSubscribed(props);
            smc.push("not json at all");
            smc.push(SampleFrames.containing("Unknown context"));
            smc.closeSocket(1011, "server restarting");
            ConnectException failure = pollUntilFailure();
            stop();

            List<String> everything = new ArrayList<>(logs.lines());
            everything.add(failure.toString());
            everything.add(task.toString());
            everything.add(new SmcSourceConfig(props()).toString());
            everything.add(new SmcSourceConfig(props()).values().toString());
            for (String text : everything) {
                assertFalse(text.contains(FakeSmc.API_KEY), text);
                assertFalse(text.contains(FakeSmc.SESSION_ID), text);
            }
            assertTrue(logs.lines().size() > 10, "the check must see the task's log lines");
        }
    }

    @Test
    void badFramesAreCountedAndLoggedOnceEachAndStreamingCarriesOn() throws InterruptedException {
        startSubscribed();

        try (LogCapture logs = LogCapture.start()) {
            smc.push("not json at all");
            smc.push(SampleFrames.containing("Element not found"));
            smc.push(SampleFrames.containing("ghost"));
            smc.push(SampleFrames.containing("something_else"));
            smc.push(FakeSmc.notification(NODE_ID, "{\"name\":\"Plano node 1\",\"monitoring_state\":\"ERROR\"}"));

            List<SourceRecord> records = PollUntil.records(task, 1);
            assertEquals("ERROR", ((Struct) records.get(0).value()).get("monitoring_state"));
            List<String> ignored = logs.lines(Level.WARN, "Ignored a status frame");
            assertEquals(4, ignored.size(), String.join("\n", ignored));
            assertEquals(1, ignored.stream().filter(l -> l.contains("frame: not json at all")).count());
        }
    }

    @Test
    void aSocketClosedByTheSmcIsReopenedAndEveryUnitSubscribedAgainWithoutLosingRecords() throws InterruptedException {
        startSubscribed();
        smc.push(FakeSmc.notification(NODE_ID, "{\"name\":\"Plano node 1\",\"monitoring_state\":\"TIMEOUT\"}"));
        smc.closeSocket(1011, "server restarting");

        assertEquals("TIMEOUT", ((Struct) PollUntil.records(task, 1).get(0).value()).get("monitoring_state"));
        Await.until(() -> smc.commands().size() == 4, () -> "the task did not subscribe again: " + smc.events());
        smc.push(FakeSmc.notification(NODE_ID, "{\"name\":\"Plano node 1\",\"monitoring_state\":\"READY\"}"));

        assertEquals("READY", ((Struct) PollUntil.records(task, 1).get(0).value()).get("monitoring_state"));
        assertEquals(2, smc.requests("GET", "/7.1/status/socket").size(), smc.events().toString());
        assertEquals(1, smc.requests("POST", "/7.1/login").size(), "the session was still valid: no new login");
    }

    @Test
    void anExpiredSessionIsRenewedByLoggingInAgainBeforeTheSocketReopens() throws InterruptedException {
        startSubscribed();
        smc.expireSessions();
        smc.closeSocket(1001, "going away");

        Await.until(() -> smc.commands().size() == 4, () -> "the task did not subscribe again: " + smc.events());
        smc.push(FakeSmc.notification(NODE_ID, "{\"name\":\"Plano node 1\"}"));

        assertEquals(1, PollUntil.records(task, 1).size());
        assertEquals(2, smc.requests("POST", "/7.1/login").size(), smc.events().toString());
        List<String> handshakes = smc.events().stream().filter(e -> e.startsWith("GET /7.1/status/socket")).toList();
        assertEquals(3, handshakes.size(), "refused once with the old cookie, then accepted: " + smc.events());
    }

    @Test
    void aHandshakeRefusedPastTheAttemptLimitFailsTheTaskNamingTheStatusAndTheSetting() throws InterruptedException {
        Map<String, String> props = props();
        props.put(SmcSourceConfig.SMC_RECONNECT_MAX_ATTEMPTS_CONFIG, "2");
        smc.refusingHandshakeWith(503);
        start(props);

        ConnectException failure = pollUntilFailure();

        assertTrue(failure.getMessage().contains("HTTP 503"), failure.getMessage());
        assertTrue(failure.getMessage().contains("smc.reconnect.max.attempts=2"), failure.getMessage());
        assertEquals(3, smc.requests("GET", "/7.1/status/socket").size(), "the first attempt and two retries");
    }

    @Test
    void aRefusedHandshakeIsRetriedWithANewSessionUntilTheSmcAcceptsIt() throws InterruptedException {
        smc.refusingHandshakeWith(403);
        start(props());
        Await.until(() -> smc.requests("GET", "/7.1/status/socket").size() >= 3, "the task did not retry the handshake");

        smc.refusingHandshakeWith(101);
        Await.until(() -> smc.commands().size() == 2, () -> "the task did not subscribe: " + smc.events());
        smc.push(FakeSmc.notification(NODE_ID, "{\"name\":\"Plano node 1\"}"));

        assertEquals(1, PollUntil.records(task, 1).size());
        assertTrue(smc.requests("POST", "/7.1/login").size() >= 3, "a 403 handshake means a new session each time");
    }

    @Test
    void socketsTheSmcEndsBeforeAcknowledgingAnythingMakeTheTaskLogInAgain() throws InterruptedException {
        startSubscribed();
        // The session ends, and the SMC (checking it only after the upgrade) opens each socket of it and ends it at
        // once: a handshake never says 401, so only the sockets tell.
        smc.acceptingSocketsOfEndedSessions().expireSessions();
        smc.closeSocket(1001, "fake SMC restarting");

        Await.until(() -> smc.commands().size() == 4, () -> "the task did not subscribe again after "
                + smc.requests("GET", "/7.1/status/socket").size() + " handshakes");
        smc.push(FakeSmc.notification(NODE_ID, "{\"name\":\"Plano node 1\"}"));

        assertEquals(1, PollUntil.records(task, 1).size());
        assertEquals(2, smc.loginsAccepted(), "one login at the start, one after the sockets ended");
    }

    @Test
    void backpressureLongerThanManyPingIntervalsDoesNotCostTheConnection() throws InterruptedException {
        Map<String, String> props = props();
        props.put(SmcSourceConfig.QUEUE_MAX_RECORDS_CONFIG, "1");
        props.put(SmcSourceConfig.SMC_PING_INTERVAL_MS_CONFIG, "50");
        startSubscribed(props);
        for (int i = 1; i <= 4; i++) {
            smc.push(FakeSmc.notification(NODE_ID, "{\"name\":\"Plano node 1\",\"dyn_up\":\"" + i + "\"}"));
        }
        Await.until(SmcSourceTaskTest::aThreadIsBlockedInNotificationQueuePut, "the reader did not block");
        int pingsBefore = smc.pingsReceived();
        // Unexcused, OkHttp fails the socket at the second ping without a pong; wait for many more than that.
        Await.until(() -> smc.pingsReceived() >= pingsBefore + 10, "the connector stopped pinging");

        List<SourceRecord> records = PollUntil.records(task, 4);

        assertEquals(List.of("1", "2", "3", "4"),
                records.stream().map(r -> ((Struct) r.value()).getString("dyn_up")).toList());
        assertEquals(1, smc.requests("GET", "/7.1/status/socket").size(), "the socket survived: " + smc.events());
    }

    @Test
    void waitingForTheSmcToNameAContextsElementsDoesNotCostTheConnection() throws InterruptedException {
        servingOsloNode2();
        // The SMC reads engine documents slowly (a large context on a busy SMC): the first snapshot notification holds
        // the reader until its node is named, for many ping intervals.
        smc.delayingDocumentsUnder("elements/single_fw", Duration.ofMillis(1_500));
        Map<String, String> props = props();
        props.put(SmcSourceConfig.SMC_PING_INTERVAL_MS_CONFIG, "50");
        startSubscribed(props);
        int pingsBefore = smc.pingsReceived();

        smc.push(SampleFrames.containing("Oslo node 2").replace("\"subscription_id\":1", "\"subscription_id\":"
                + FW_SINGLE_ID));

        // Unexcused, OkHttp fails the socket at the second ping without a pong, long before the name is read.
        assertEquals(smc.href("elements/single_fw/77/firewall_node/78"), PollUntil.records(task, 1).get(0).key());
        assertTrue(smc.pingsReceived() >= pingsBefore + 10, "the connector kept pinging while it waited");
        assertEquals(1, smc.requests("GET", "/7.1/status/socket").size(), "the socket survived: " + smc.events());
    }

    @Test
    void aFrameLargerThanTheLimitIsRejectedAndStreamingCarriesOn() throws InterruptedException {
        Map<String, String> props = props();
        props.put(SmcSourceConfig.SMC_FRAME_MAX_BYTES_CONFIG, "1024");
        startSubscribed(props);

        try (LogCapture logs = LogCapture.start()) {
            smc.push(FakeSmc.notification(NODE_ID, "{\"name\":\"Plano node 1\",\"platform\":\"" + "x".repeat(2_000)
                    + "\"}"));
            smc.push(FakeSmc.notification(NODE_ID, "{\"name\":\"Plano node 1\",\"platform\":\"small\"}"));

            assertEquals("small", ((Struct) PollUntil.records(task, 1).get(0).value()).get("platform"));
            List<String> rejected = logs.lines(Level.WARN, "TOO_LARGE");
            assertEquals(1, rejected.size(), logs.text());
            assertTrue(rejected.get(0).length() < 800, "the frame must be cut in the log: " + rejected.get(0).length());
        }
    }

    @Test
    void aTenMegabyteSnapshotFrameIsAcceptedWithTheDefaultLimit() throws InterruptedException {
        startSubscribed();
        // A large context snapshot: one frame of just over 10 MB, all of it kept (here in other_fields).
        String bulk = "y".repeat(10 * 1024 * 1024);
        smc.push(FakeSmc.notification(NODE_ID, "{\"name\":\"Plano node 1\",\"bulk\":\"" + bulk + "\"}"));

        Struct value = (Struct) PollUntil.records(task, 1).get(0).value();

        assertEquals("\"" + bulk + "\"", value.getMap("other_fields").get("bulk"));
    }

    @Test
    void everyUnitTheSmcRefusesIsNamedInTheLogAndCountedWhileTheOthersStream() throws Exception {
        String unknownA = smc.href("elements/single_fw/9001/firewall_node/9002");
        String unknownB = smc.href("elements/single_fw/9003/firewall_node/9004");
        smc.refusingSubscriptionsTo(unknownA).refusingSubscriptionsTo(unknownB);

        try (LogCapture logs = LogCapture.start()) {
            start(bed.props(SmcSourceConfig.SMC_ELEMENTS_CONFIG, unknownA + "," + NODE + "," + unknownB));

            Await.until(() -> bed.metric("frames-rejected-failure-reply") == 2L,
                    () -> "both refusals were not counted: " + smc.events());
            // The refused units got no id: the node is the second unit acknowledged.
            smc.push(FakeSmc.notification(NODE_ID, "{\"name\":\"Plano node 1\",\"monitoring_state\":\"READY\"}"));
            assertEquals(1, PollUntil.records(task, 1).size());
            // Both within a minute: each is a setting to correct, so neither may be held back behind the other.
            assertEquals(1, logs.lines(Level.WARN, "the SMC refused the subscription to element:" + unknownA).size(),
                    logs.text());
            assertEquals(1, logs.lines(Level.WARN, "the SMC refused the subscription to element:" + unknownB).size(),
                    logs.text());
        }
        assertEquals(2L, bed.metric("subscriptions-active"), "fw_single and the node the SMC knows");
        assertEquals(1L, bed.metric("connected"));
    }

    @Test
    void anSmcThatRefusesConnectionsIsWarnedAboutOnceNamingTheSettingWhileReconnectsAreCounted() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        try (LogCapture logs = LogCapture.start()) {
            start(bed.props(SmcSourceConfig.SMC_URL_CONFIG, "http://127.0.0.1:" + closedPort));

            Await.until(() -> bed.metric("reconnects") >= 5L, "the task did not keep trying");
            List<String> warnings = logs.lines(Level.WARN, "Lost the SMC at http://127.0.0.1:" + closedPort);
            assertEquals(1, warnings.size(), logs.text());
            assertTrue(warnings.get(0).contains("check the host and port in smc.url"), warnings.get(0));
        }
        assertEquals(0L, bed.metric("connected"));
    }

    private ConnectException pollUntilFailure() throws InterruptedException {
        ConnectException failure = PollUntil.failure(task);
        assertThrows(ConnectException.class, task::poll, "the failure must stick");
        return failure;
    }

    private static boolean aThreadIsBlockedInNotificationQueuePut() {
        return Thread.getAllStackTraces().entrySet().stream().anyMatch(
                thread -> thread.getKey().getState() == Thread.State.TIMED_WAITING
                        && Arrays.stream(thread.getValue()).anyMatch(
                                frame -> frame.getClassName().equals(NotificationQueue.class.getName())
                                        && frame.getMethodName().equals("put")));
    }
}
