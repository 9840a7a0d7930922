package io.github.kafkaconnectsmc.simulator;

import static io.github.kafkaconnectsmc.simulator.StandardCatalog.PLANO_NODE;
import static io.github.kafkaconnectsmc.simulator.StandardCatalog.QUITO;
import static io.github.kafkaconnectsmc.simulator.StandardCatalog.QUITO_NODE_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kafkaconnectsmc.simulator.SimulatorClient.RecordingSocket;
import java.util.List;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Test;

class SimulatorControlTest extends SimulatorClientBaseTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aBurstOfChangesIsSentInOrderAndRecordedAsSent() throws JsonProcessingException {
        RecordingSocket socket = subscribedTo(PLANO_NODE);

        simulator.control().pushChanges(List.of(PLANO_NODE), 200);

        List<SentFrame> sent = simulator.traffic().sentFrames(SentFrame.Kind.STATUS);
        assertEquals(201, sent.size(), "the snapshot and 200 changes");
        assertTrue(sent.stream().allMatch(frame -> frame.elementPath().equals(PLANO_NODE)));
        for (int i = 1; i <= 200; i++) {
            assertEquals(JSON.readTree(sent.get(i).text()), socket.next(), "change " + i);
        }
    }

    @Test
    void eachChangeOfANodeMovesItToAnotherState() {
        RecordingSocket socket = subscribedTo(PLANO_NODE);

        simulator.control().pushChange(PLANO_NODE);
        simulator.control().pushChange(PLANO_NODE);

        JsonNode first = socket.next().path("status").path("status");
        JsonNode second = socket.next().path("status").path("status");
        assertEquals("WARNING", first.path("monitoring_status").asText());
        assertNotEquals(first, second);
    }

    @Test
    void aNodeChangeAlsoReportsItsClusterWhenTheDerivedStatusMoves() {
        RecordingSocket socket = subscribedTo(QUITO);
        JsonNode snapshot = socket.next().path("status").path("status");

        simulator.control().pushChange(QUITO_NODE_1);

        assertEquals("PARTIAL_OK", snapshot.path("monitoring_status").asText(), "node 2 starts in Standby/WARNING");
        assertEquals("WARNING", socket.next().path("status").path("status").path("monitoring_status").asText());
        assertEquals(List.of(QUITO), simulator.traffic().sentFrames(SentFrame.Kind.STATUS).stream()
                .skip(1).map(SentFrame::elementPath).toList(), "the node itself has no subscription here");
    }

    @Test
    void randomChangesGoToElementsASubscriptionCovers() {
        subscribedTo(PLANO_NODE);

        for (int i = 0; i < 5; i++) {
            simulator.control().pushRandomChange();
        }

        assertEquals(List.of(PLANO_NODE, PLANO_NODE, PLANO_NODE, PLANO_NODE, PLANO_NODE, PLANO_NODE),
                simulator.traffic().sentFrames(SentFrame.Kind.STATUS).stream().map(SentFrame::elementPath).toList(),
                "the snapshot and five changes");
    }

    @Test
    void aDeletedElementIsReportedOnceAsDeletedThenLeftOutOfSnapshotsAndChanges() {
        RecordingSocket socket = subscribedTo(PLANO_NODE);

        simulator.control().deleteElement(PLANO_NODE);
        simulator.control().pushChange(PLANO_NODE);
        socket.send("{\"context\":\"fw_single\"}");

        JsonNode deleted = socket.next().path("status").path("status");
        assertEquals("DELETED", deleted.path("monitoring_state").asText());
        assertEquals("UNKNOWN", deleted.path("monitoring_status").asText());
        assertEquals("Subscribed for status", socket.next().path("success").asText());
        for (int node = 0; node < 3; node++) {
            assertNotEquals("Plano node 1", socket.next().path("status").path("status").path("name").asText());
        }
        List<String> reported = simulator.traffic().sentFrames(SentFrame.Kind.STATUS).stream()
                .map(SentFrame::elementPath).toList();
        assertEquals(2, reported.stream().filter(PLANO_NODE::equals).count(), "the snapshot and the deletion only");
        assertEquals(5, reported.size(), "the fw_single snapshot has the three other nodes");
    }

    @Test
    void snapshotsAreMarkedAsSuchAndChangesAreNot() {
        subscribedTo(PLANO_NODE);

        simulator.control().pushChange(PLANO_NODE);

        assertEquals(List.of(true, false), simulator.traffic().sentFrames(SentFrame.Kind.STATUS).stream()
                .map(SentFrame::snapshot).toList());
    }

    @Test
    void theCurrentStatusIsTheBodyOfTheLatestNotification() throws JsonProcessingException {
        subscribedTo(PLANO_NODE);

        simulator.control().pushChange(PLANO_NODE);
        simulator.control().pushChange(PLANO_NODE);

        List<SentFrame> sent = simulator.traffic().sentFrames(SentFrame.Kind.STATUS);
        assertEquals(sent.get(2).body(), simulator.currentStatus(PLANO_NODE));
        assertNotEquals(sent.get(1).body(), simulator.currentStatus(PLANO_NODE));
    }

    @Test
    void droppingSocketsCutsTheConnectionWithoutAClose() {
        RecordingSocket socket = subscribedTo(PLANO_NODE);

        simulator.control().dropSockets();

        assertEquals(-1, socket.endCode());
        assertEquals(List.of(), simulator.traffic().openSockets());
    }

    @Test
    void closingSocketsSendsTheGivenCloseCode() {
        RecordingSocket socket = subscribedTo(PLANO_NODE);

        simulator.control().closeSockets(SimulatorControl.GOING_AWAY, "restarting");

        assertEquals(1001, socket.endCode());
    }

    @Test
    void rawFramesGoOutAsTheyAre() {
        RecordingSocket socket = subscribedTo(PLANO_NODE);

        simulator.control().sendRawFrame("{\"status\":{\"status\":{\"name\":\"ghost\"}},\"subscription_id\":9999}");

        assertEquals(9999, socket.next().path("subscription_id").asInt());
        assertEquals(SentFrame.Kind.RAW, simulator.traffic().sentFrames().get(2).kind());
    }

    @Test
    void replayedFramesGoOutAgainInTurnAsManyAsAskedFor() throws JsonProcessingException {
        RecordingSocket socket = subscribedTo(PLANO_NODE);
        simulator.control().pushChanges(List.of(PLANO_NODE), 2);
        List<String> recorded = simulator.traffic().sentFrames(SentFrame.Kind.STATUS).stream().skip(1)
                .map(SentFrame::text).toList();
        socket.next();
        socket.next();

        simulator.control().replayFrames(recorded, 5);

        for (int i = 0; i < 5; i++) {
            assertEquals(JSON.readTree(recorded.get(i % 2)), socket.next(), "replayed frame " + i);
        }
        assertEquals(9, simulator.traffic().framesSent(),
                "the subscription's answer, the snapshot, two changes and five replays");
    }

    @Test
    void expiringSessionsLeavesOpenSocketsOpenButRefusesNewOnes() throws InterruptedException {
        String cookie = client.session(simulator);
        RecordingSocket socket = client.openSocket(cookie, null);
        socket.send("{\"element\":\"" + simulator.href(PLANO_NODE) + "\"}");
        socket.next();
        socket.next();

        simulator.control().expireSessions();
        simulator.control().pushChange(PLANO_NODE);

        assertEquals(0, socket.next().path("subscription_id").asInt());
        assertEquals(401, client.openSocket(cookie, null).handshakeStatus());
        TestUtils.waitForCondition(() -> simulator.traffic().openSockets().size() == 1, "one socket stays open");
    }

    @Test
    void countsWhatItSawAndRecordsTheCommands() {
        subscribedTo(PLANO_NODE);

        assertEquals(1, simulator.traffic().logins());
        assertEquals(1, simulator.traffic().socketsOpened());
        assertEquals(1, simulator.traffic().subscriptions());
        assertEquals(2, simulator.traffic().framesSent());
        assertEquals(List.of(new SimulatorTraffic.ReceivedCommand(1,
                "{\"element\":\"" + simulator.href(PLANO_NODE) + "\"}")), simulator.traffic().receivedCommands());
    }

    @Test
    void aSequenceFieldNumbersEveryStatusFrameAndEachSentFrameRecordsItsNumberAndSendTime() {
        restartWith(SimulatorOptions.builder().sequenceField("seq").build());
        long before = SentFrame.nowMicros();
        RecordingSocket socket = openSocketWithNewSession();
        socket.send("{\"context\":\"fw_cluster\"}");
        socket.next();

        simulator.control().pushChange(QUITO_NODE_1);

        List<SentFrame> sent = simulator.traffic().sentFrames(SentFrame.Kind.STATUS);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), sent.stream().map(SentFrame::sequence).toList(),
                "four cluster nodes in the snapshot, then the change");
        for (SentFrame frame : sent) {
            assertEquals(frame.sequence(), socket.next().path("status").path("status").path("seq").asLong());
            assertTrue(frame.sentAtMicros() >= before && frame.sentAtMicros() <= SentFrame.nowMicros(),
                    "send time " + frame.sentAtMicros());
        }
        assertEquals(-1, simulator.traffic().sentFrames(SentFrame.Kind.SUBSCRIBED).get(0).sequence());
    }

    @Test
    void numberingCanBeTurnedOffAndOnAndGoesOnWhereItStopped() {
        restartWith(SimulatorOptions.builder().sequenceField("seq").build());
        RecordingSocket socket = subscribedTo(PLANO_NODE);

        simulator.control().numberStatusBodies(false);
        simulator.control().pushChange(PLANO_NODE);
        simulator.control().numberStatusBodies(true);
        simulator.control().pushChange(PLANO_NODE);

        assertEquals(List.of(1L, -1L, 2L), simulator.traffic().sentFrames(SentFrame.Kind.STATUS).stream()
                .map(SentFrame::sequence).toList(), "the snapshot, then the two changes");
        assertTrue(socket.next().path("status").path("status").path("seq").isMissingNode());
        assertEquals(2, socket.next().path("status").path("status").path("seq").asLong());
    }

    @Test
    void aSequenceFieldNamedLikeAStatusFieldTakesItsValueWhereItStands() {
        restartWith(SimulatorOptions.builder().sequenceField("name").build());
        subscribedTo(PLANO_NODE);

        simulator.control().pushChange(PLANO_NODE);

        List<SentFrame> sent = simulator.traffic().sentFrames(SentFrame.Kind.STATUS);
        assertEquals(List.of(1L, 2L), sent.stream().map(SentFrame::sequence).toList());
        String text = sent.get(1).text();
        assertTrue(text.startsWith("{\"status\":{\"status\":{\"monitoring_state\":\"READY\","
                + "\"monitoring_status\":\"WARNING\",\"name\":2,\"engine_node_status\":\"Online\","), text);
        assertEquals(1, text.split("\"name\"", -1).length - 1, text);
    }

    @Test
    void withoutASequenceFieldBodiesCarryNone() {
        RecordingSocket socket = subscribedTo(PLANO_NODE);

        simulator.control().pushChange(PLANO_NODE);

        assertTrue(socket.next().path("status").path("status").path("seq").isMissingNode());
        assertEquals(-1, simulator.traffic().sentFrames(SentFrame.Kind.STATUS).get(1).sequence());
    }

    @Test
    void forgettingSentFramesKeepsCountingFromThere() {
        subscribedTo(PLANO_NODE);

        simulator.traffic().forgetSentFrames();
        simulator.control().pushChange(PLANO_NODE);

        assertEquals(1, simulator.traffic().framesSent());
    }

    /** A socket subscribed to the element at {@code path}, with the acknowledgement and snapshot read. */
    /** Replaces this test's simulator, and the client of it, by one started with {@code options}. */
    private void restartWith(SimulatorOptions options) {
        simulator.close();
        simulator = SmcSimulator.start(options);
        client.close();
        client = new SimulatorClient(simulator);
    }

    private RecordingSocket subscribedTo(String path) {
        RecordingSocket socket = openSocketWithNewSession();
        socket.send("{\"element\":\"" + simulator.href(path) + "\"}");
        socket.next();
        if (!path.equals(QUITO)) {
            socket.next();
        }
        return socket;
    }
}
