package io.github.kafkaconnectsmc.testkit;

import static io.github.kafkaconnectsmc.simulator.StandardCatalog.CORPORATE_VPN;
import static io.github.kafkaconnectsmc.simulator.StandardCatalog.PLANO_NODE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kafkaconnectsmc.simulator.SentFrame;
import io.github.kafkaconnectsmc.simulator.SimulatorClient;
import io.github.kafkaconnectsmc.simulator.SimulatorClient.RecordingSocket;
import io.github.kafkaconnectsmc.simulator.SmcSimulator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The check the fault tests rely on, against records built from what the simulator sent on two sockets, one after
 * the other, each subscribed to a node (whose states repeat in a cycle) and a VPN (whose measurements do not).
 */
class DeliveredFramesTest {

    private static final int CHANGES = 5;

    private SmcSimulator simulator;
    private SimulatorClient client;
    private List<SentFrame> first;
    private List<SentFrame> second;

    @BeforeEach
    void twoSocketsOneAfterTheOther() {
        simulator = SmcSimulator.start();
        client = new SimulatorClient(simulator);
        streamOnOneSocket();
        simulator.control().dropSockets();
        streamOnOneSocket();
        List<SentFrame> sent = simulator.traffic().sentFrames(SentFrame.Kind.STATUS);
        first = sent.stream().filter(frame -> frame.socketId() == 1).toList();
        second = sent.stream().filter(frame -> frame.socketId() == 2).toList();
    }

    private void streamOnOneSocket() {
        RecordingSocket socket = client.openSocket(client.session(simulator), null);
        socket.send("{\"element\":\"" + simulator.href(PLANO_NODE) + "\"}");
        socket.send("{\"element\":\"" + simulator.href(CORPORATE_VPN) + "\"}");
        for (int i = 0; i < 4; i++) {
            socket.next();
        }
        simulator.control().pushChanges(List.of(PLANO_NODE, CORPORATE_VPN), CHANGES);
        for (int i = 0; i < 2 * CHANGES; i++) {
            socket.next();
        }
    }

    @AfterEach
    void stop() {
        client.close();
        simulator.close();
    }

    @Test
    void everyFrameOfEverySocketMatchesInOrder() {
        List<StatusRecord> records = records(first, second);

        DeliveredFrames delivered = DeliveredFrames.match(simulator, records);

        assertEquals(first.size(), delivered.delivered(1));
        assertEquals(second.size(), delivered.delivered(2));
        assertEquals(second.get(0), delivered.deliveries().get(first.size()).frame());
    }

    @Test
    void aSocketCutShortIsAPrefixOfWhatItSent() {
        List<StatusRecord> records = records(first.subList(0, 5), second);

        DeliveredFrames delivered = DeliveredFrames.match(simulator, records);

        assertEquals(5, delivered.delivered(1));
        assertEquals(first.size(), delivered.sent(1));
        assertEquals(second.size(), delivered.delivered(2));
    }

    @Test
    void aFrameMissingInTheMiddleOfASocketFails() {
        List<SentFrame> withGap = new ArrayList<>(second);
        withGap.remove(indexOfVpnChange(second, 2));

        assertThrows(AssertionError.class, () -> DeliveredFrames.match(simulator, records(first, withGap)));
    }

    @Test
    void aNodeStatusMissingInTheMiddleFailsThoughItsStatesRepeat() {
        List<SentFrame> withGap = new ArrayList<>(first);
        withGap.remove(indexOf(first, PLANO_NODE, 3));

        assertThrows(AssertionError.class, () -> DeliveredFrames.match(simulator, records(withGap, second)));
    }

    @Test
    void aDuplicateFails() {
        List<SentFrame> duplicated = new ArrayList<>(first);
        duplicated.add(indexOfVpnChange(first, 1), first.get(indexOfVpnChange(first, 1)));

        assertThrows(AssertionError.class, () -> DeliveredFrames.match(simulator, records(duplicated, second)));
    }

    @Test
    void twoStatusesOutOfOrderFail() {
        List<SentFrame> swapped = new ArrayList<>(second);
        Collections.swap(swapped, indexOfVpnChange(second, 1), indexOfVpnChange(second, 2));

        assertThrows(AssertionError.class, () -> DeliveredFrames.match(simulator, records(first, swapped)));
    }

    @Test
    void aRecordOfAnElementNeverReportedFails() {
        List<StatusRecord> records = new ArrayList<>(records(first, second));
        records.add(new StatusRecord(simulator.href("elements/vpn/7"), records.get(0).value(), "SUBSCRIPTION"));

        assertThrows(AssertionError.class, () -> DeliveredFrames.match(simulator, records));
    }

    private static int indexOfVpnChange(List<SentFrame> frames, int change) {
        return indexOf(frames, CORPORATE_VPN, change);
    }

    /** The position of the {@code n}th frame (0: the snapshot) about {@code path}. */
    private static int indexOf(List<SentFrame> frames, String path, int n) {
        int seen = 0;
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).elementPath().equals(path) && seen++ == n) {
                return i;
            }
        }
        throw new IllegalArgumentException("No frame #" + n + " about " + path);
    }

    /** Records as the connector writes them (JsonConverter, schemas off) for {@code frames}, in order. */
    @SafeVarargs
    private List<StatusRecord> records(List<SentFrame>... frames) {
        List<StatusRecord> records = new ArrayList<>();
        for (List<SentFrame> socket : frames) {
            for (SentFrame frame : socket) {
                ObjectNode value = frame.body().deepCopy();
                value.set("element_name", value.remove("name"));
                if (value.has("result")) {
                    value.set("children", value.remove("result"));
                }
                records.add(new StatusRecord(simulator.href(frame.elementPath()), value, "SUBSCRIPTION"));
            }
        }
        return records;
    }
}
