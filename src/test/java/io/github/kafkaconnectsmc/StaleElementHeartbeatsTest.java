package io.github.kafkaconnectsmc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kafkaconnectsmc.protocol.StatusProtocol;
import io.github.kafkaconnectsmc.protocol.Subscription;
import io.github.kafkaconnectsmc.record.ElementKey;
import io.github.kafkaconnectsmc.record.ElementKeyResolver;
import io.github.kafkaconnectsmc.record.ElementStates;
import io.github.kafkaconnectsmc.record.SourceOffsets;
import io.github.kafkaconnectsmc.record.StatusBody;
import io.github.kafkaconnectsmc.record.StatusRecordMapper;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class StaleElementHeartbeatsTest {

    private static final String SMC = "https://smc.example.net:8082";
    private static final Subscription FW_SINGLE = Subscription.context("fw_single");

    private final AtomicLong clock = new AtomicLong();
    private final ElementStates states = new ElementStates();
    private final StatusRecordMapper mapper = new StatusRecordMapper("smc.status", () -> SMC,
            new ElementKeyResolver(new NoDirectory()), new SourceOffsets(SMC), states,
            StatusRecordMapper.Options.defaults());

    private void report(String name, long at) throws Exception {
        String frame = "{\"status\":{\"status\":{\"name\":\"" + name + "\"}},\"subscription_id\":1}";
        StatusBody body = mapper.newBody(frame);
        StatusProtocol.decode(frame, body);
        states.observe(new ElementKey("unresolved:fw_single/" + name, ElementKey.Source.FALLBACK), FW_SINGLE, 1, body,
                null, null, at);
    }

    @Test
    void eachSilentElementGetsOneHeartbeatPerStalenessPeriod() throws Exception {
        NotificationQueue queue = new NotificationQueue(100, 1_000_000, 100, Duration.ofMillis(10));
        StaleElementHeartbeats heartbeats = new StaleElementHeartbeats(states, mapper, queue, Duration.ofSeconds(1),
                clock::get);
        report("Plano node 1", 0);
        report("Oslo node 2", 600);

        clock.set(1_000);
        heartbeats.run();
        clock.set(1_700);
        heartbeats.run();
        heartbeats.run();

        List<SourceRecord> records = queue.poll();
        assertEquals(List.of("unresolved:fw_single/Plano node 1", "unresolved:fw_single/Oslo node 2"),
                records.stream().map(SourceRecord::key).toList());
        assertEquals(2, heartbeats.written());
    }

    @Test
    void aHeartbeatThatFindsTheQueueFullIsSkippedNotWaitedFor() throws Exception {
        NotificationQueue queue = new NotificationQueue(1, 1_000_000, 100, Duration.ofMillis(10));
        queue.put(new SourceRecord(null, null, "smc.status", null, null), 10);
        StaleElementHeartbeats heartbeats = new StaleElementHeartbeats(states, mapper, queue, Duration.ofSeconds(1),
                clock::get);
        report("Plano node 1", 0);
        clock.set(5_000);

        heartbeats.run();

        assertEquals(1, heartbeats.skipped());
        assertEquals(0, heartbeats.written());
    }

    @Test
    void staleElementsAreLookedForFourTimesPerPeriodWithinBounds() {
        assertEquals(Duration.ofMillis(250), StaleElementHeartbeats.checkInterval(Duration.ofSeconds(1)));
        assertEquals(Duration.ofMillis(50), StaleElementHeartbeats.checkInterval(Duration.ofMillis(100)));
        assertEquals(Duration.ofMinutes(1), StaleElementHeartbeats.checkInterval(Duration.ofHours(1)));
    }

    private static final class NoDirectory implements io.github.kafkaconnectsmc.smc.HrefDirectory {
        @Override
        public Optional<String> hrefOf(String context, String name) {
            return Optional.empty();
        }

        @Override
        public void clear() {
        }

        @Override
        public long misses() {
            return 0;
        }
    }
}
