package io.github.kafkaconnectsmc.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Test;

class SimulatorTrafficTest {

    private final SimulatorTraffic traffic = new SimulatorTraffic(() -> 0, List::of, List::of, true);

    @Test
    void framesSentWhileNotKeptAreCountedButNotKept() {
        traffic.sendAndCount(status(1), () -> true);
        traffic.keepSentFrames(false);
        traffic.sendAndCount(status(2), () -> true);

        assertEquals(2, traffic.framesSent());
        assertEquals(2, traffic.statusFramesSent());
        assertThrows(IllegalStateException.class, traffic::sentFrames);

        traffic.keepSentFrames(true);
        traffic.sendAndCount(status(3), () -> true);

        assertEquals(List.of(1L, 3L), traffic.sentFrames().stream().map(SentFrame::sequence).toList());
    }

    @Test
    void aFrameIsCountedBeforeAnyoneWhoSawItCanAsk() throws Exception {
        AtomicLong countSeenByTheClient = new AtomicLong(-1);
        Thread client = new Thread(() -> countSeenByTheClient.set(traffic.framesSent()), "client");

        traffic.sendAndCount(status(1), () -> {
            // The frame is out: the client reads it and asks for the count before the sender has gone on.
            client.start();
            try {
                TestUtils.waitForCondition(() -> client.getState() == Thread.State.BLOCKED
                        || client.getState() == Thread.State.TERMINATED, "the client has asked");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return true;
        });
        client.join();

        assertEquals(1, countSeenByTheClient.get());
    }

    @Test
    void aFrameTheSocketDidNotTakeIsNotCounted() {
        traffic.sendAndCount(status(1), () -> false);

        assertEquals(0, traffic.framesSent());
        assertEquals(List.of(), traffic.sentFrames());
    }

    private static SentFrame status(long sequence) {
        return new SentFrame(1, SentFrame.Kind.STATUS, 0, "elements/single_fw/1/firewall_node/2", false, "{}",
                SentFrame.nowMicros(), sequence);
    }
}
