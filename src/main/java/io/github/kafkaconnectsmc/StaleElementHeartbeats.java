package io.github.kafkaconnectsmc;

import io.github.kafkaconnectsmc.record.ElementStates;
import io.github.kafkaconnectsmc.record.StatusRecordMapper;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Writes a heartbeat record for each element that has not reported for {@code smc.stale.after.ms}, and again for
 * each further period of silence, so that consumers see staleness in the stream itself
 * ({@code smc.stale.heartbeat.enabled}). Run periodically on the session thread.
 *
 * <p>A heartbeat never waits for room in the queue: when Kafka is so slow that the queue is full, heartbeats of that
 * round are skipped (and counted), since the session thread must stay free to reconnect.
 */
final class StaleElementHeartbeats implements Runnable {

    private final ElementStates states;
    private final StatusRecordMapper mapper;
    private final NotificationQueue queue;
    private final long staleAfterMillis;
    private final LongSupplier clock;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    StaleElementHeartbeats(ElementStates states, StatusRecordMapper mapper, NotificationQueue queue,
                           Duration staleAfter, LongSupplier clock) {
        this.states = states;
        this.mapper = mapper;
        this.queue = queue;
        this.staleAfterMillis = staleAfter.toMillis();
        this.clock = clock;
    }

    /** How often to look for stale elements: a quarter of the staleness time, so a heartbeat is at most that late. */
    static Duration checkInterval(Duration staleAfter) {
        return Duration.ofMillis(Math.max(50, Math.min(60_000, staleAfter.toMillis() / 4)));
    }

    @Override
    public void run() {
        long now = clock.getAsLong();
        states.forEachDueHeartbeat(now, staleAfterMillis, element -> {
            if (queue.offer(mapper.heartbeat(element, now), 0)) {
                written.incrementAndGet();
            } else {
                skipped.incrementAndGet();
            }
        });
    }

    /** Heartbeat records queued. */
    long written() {
        return written.get();
    }

    /** Heartbeats skipped because the queue was full or closed. */
    long skipped() {
        return skipped.get();
    }
}
