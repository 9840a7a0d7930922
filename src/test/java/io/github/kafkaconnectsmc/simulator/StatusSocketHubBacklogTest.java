package io.github.kafkaconnectsmc.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How {@link StatusSocketHub#awaitBacklogBelow} paces a flood of changes: it looks at the sockets' send queues only
 * once the frames queued since the last look could have taken one over the limit, and then waits while one is.
 */
class StatusSocketHubBacklogTest {

    private static final long LIMIT = 100;

    private final SimulatorOptions options = SimulatorOptions.builder().build();
    private final SimulatorTraffic traffic = new SimulatorTraffic(() -> 0, List::of, List::of, false);
    private final StatusSocketHub hub = new StatusSocketHub(StandardCatalog.create(), new StatusChanges(1),
            new SessionStore(), new RefusalWindows(), new ConnectionTracker(), traffic, options);
    private final ScriptedQueue queue = new ScriptedQueue();

    StatusSocketHubBacklogTest() {
        StatusSocketConnection connection = new StatusSocketConnection(1, 1, new ApiLocation("http://smc", "7.1"),
                hub, StandardCatalog.create(), traffic, false, null, null);
        connection.onOpen(queue, null);
    }

    @Test
    void looksAtNoSocketWhileTheFramesQueuedCannotHaveReachedTheLimit() {
        hub.sendRawToAll("x".repeat(33));

        hub.awaitBacklogBelow(LIMIT, Duration.ofMinutes(1));

        assertEquals(0, queue.looks, "33 characters are at most 99 bytes");
    }

    @Test
    void looksOnceTheFramesQueuedCouldHaveReachedTheLimitAndCountsFromThatLook() {
        hub.sendRawToAll("x".repeat(34));
        queue.sizes.add(60L);

        hub.awaitBacklogBelow(LIMIT, Duration.ofMinutes(1));
        assertEquals(1, queue.looks, "34 characters may be 102 bytes");

        hub.sendRawToAll("x".repeat(13));
        hub.awaitBacklogBelow(LIMIT, Duration.ofMinutes(1));
        assertEquals(1, queue.looks, "60 bytes then, and 39 since");

        queue.sizes.add(70L);
        hub.sendRawToAll("x");
        hub.awaitBacklogBelow(LIMIT, Duration.ofMinutes(1));
        assertEquals(2, queue.looks, "60 bytes then, and 42 since");
    }

    @Test
    void waitsWhileASocketsBacklogIsAboveTheLimit() {
        hub.sendRawToAll("x".repeat(100));
        queue.sizes.addAll(List.of(250L, 180L, 101L, 100L));

        hub.awaitBacklogBelow(LIMIT, Duration.ofMinutes(1));

        assertEquals(4, queue.looks, "until the client had read all but 100 bytes");
    }

    /**
     * A socket whose send queue reports the sizes a test scripts, one per look, then the last one again (at first 0),
     * and counts the looks.
     */
    private static final class ScriptedQueue extends DiscardingWebSocket {

        final Deque<Long> sizes = new ArrayDeque<>();
        int looks;
        private long last;

        @Override
        public synchronized long queueSize() {
            looks++;
            Long next = sizes.pollFirst();
            if (next != null) {
                last = next;
            }
            return last;
        }
    }
}
