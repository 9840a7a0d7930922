package io.github.kafkaconnectsmc.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatorTrafficTest {

    private final SimulatorTraffic traffic = new SimulatorTraffic(() -> 0, List::of, List::of, true);

    @Test
    void framesSentWhileNotKeptAreCountedButNotKept() {
        traffic.sent(status(1));
        traffic.keepSentFrames(false);
        traffic.sent(status(2));

        assertEquals(2, traffic.framesSent());
        assertEquals(2, traffic.statusFramesSent());
        assertThrows(IllegalStateException.class, traffic::sentFrames);

        traffic.keepSentFrames(true);
        traffic.sent(status(3));

        assertEquals(List.of(1L, 3L), traffic.sentFrames().stream().map(SentFrame::sequence).toList());
    }

    private static SentFrame status(long sequence) {
        return new SentFrame(1, SentFrame.Kind.STATUS, 0, "elements/single_fw/1/firewall_node/2", false, "{}",
                SentFrame.nowMicros(), sequence);
    }
}
