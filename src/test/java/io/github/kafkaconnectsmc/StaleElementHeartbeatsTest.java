package io.github.kafkaconnectsmc;

import static io.github.kafkaconnectsmc.MappingFixture.queue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kafkaconnectsmc.protocol.StatusProtocol;
import io.github.kafkaconnectsmc.protocol.Subscription;
import io.github.kafkaconnectsmc.record.ElementKey;
import io.github.kafkaconnectsmc.record.StatusBody;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class StaleElementHeartbeatsTest {

    private static final Subscription FW_SINGLE = Subscription.context("fw_single");

    private final AtomicLong clock = new AtomicLong();
    private final MappingFixture fixture = new MappingFixture();

    private void report(String name, long at) throws Exception {
        String frame = "{\"status\":{\"status\":{\"name\":\"" + name + "\"}},\"subscription_id\":1}";
        StatusBody body = fixture.mapper.newBody(frame);
        StatusProtocol.decode(frame, body);
        fixture.states.observe(new ElementKey("unresolved:fw_single/" + name, ElementKey.Source.FALLBACK), FW_SINGLE, 1,
                body, null, null, at);
    }

    private StaleElementHeartbeats heartbeatsEverySecond(NotificationQueue queue) {
        return new StaleElementHeartbeats(fixture.states, fixture.mapper, queue, Duration.ofSeconds(1), clock::get);
    }

    @Test
    void eachSilentElementGetsOneHeartbeatPerStalenessPeriod() throws Exception {
        NotificationQueue queue = queue(100);
        StaleElementHeartbeats heartbeats = heartbeatsEverySecond(queue);
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
        NotificationQueue queue = queue(1);
        queue.put(new SourceRecord(null, null, "smc.status", null, null), 10);
        StaleElementHeartbeats heartbeats = heartbeatsEverySecond(queue);
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
}
