package io.github.kafkaconnectsmc;

import static io.github.kafkaconnectsmc.MappingFixture.queue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkaconnectsmc.protocol.RejectedFrames;
import io.github.kafkaconnectsmc.protocol.StatusProtocol;
import io.github.kafkaconnectsmc.protocol.Subscription;
import io.github.kafkaconnectsmc.protocol.SubscriptionRegistry;
import io.github.kafkaconnectsmc.record.ElementKey;
import io.github.kafkaconnectsmc.record.StatusBody;
import io.github.kafkaconnectsmc.record.StatusRecordMapper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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

    /**
     * The session thread makes a heartbeat for an element that went silent; while it does, the reader thread handles
     * the element's DELETED status. The heartbeat must not land after the tombstone: on a compacted topic it would
     * bring the deleted element back, and with its status from before the deletion.
     */
    @Test
    void aHeartbeatMadeAsTheElementIsDeletedNeverLandsAfterItsTombstone() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            AtomicBoolean holdNextRecord = new AtomicBoolean();
            CountDownLatch heartbeatBeingMade = new CountDownLatch(1);
            CountDownLatch heartbeatMayFinish = new CountDownLatch(1);
            MappingFixture held = new MappingFixture(() -> {
                if (holdNextRecord.getAndSet(false)) {
                    heartbeatBeingMade.countDown();
                    awaitQuietly(heartbeatMayFinish);
                }
                return MappingFixture.SMC;
            });
            NotificationQueue queue = queue(100);
            SubscriptionRegistry registry = new SubscriptionRegistry();
            StatusFrameHandler handler = new StatusFrameHandler(held.mapper, queue, new RejectedFrames(), clock::get,
                    1_000_000);
            registry.subscribing(FW_SINGLE);
            handler.handle(FakeSmc.acknowledgement(0), registry, NotificationQueue.Sender.STAYING);
            handler.handle(FakeSmc.notification(0, "{\"name\":\"Plano node 1\",\"monitoring_state\":\"READY\"}"),
                    registry, NotificationQueue.Sender.STAYING);
            assertEquals(1, queue.poll().size());
            clock.set(5_000);
            StaleElementHeartbeats heartbeats = new StaleElementHeartbeats(held.states, held.mapper, queue,
                    Duration.ofSeconds(1), clock::get);

            holdNextRecord.set(true);
            Thread session = new Thread(heartbeats, "session");
            session.start();
            assertTrue(heartbeatBeingMade.await(10, TimeUnit.SECONDS));
            Thread reader = new Thread(() -> {
                try {
                    handler.handle(FakeSmc.notification(0,
                            "{\"name\":\"Plano node 1\",\"monitoring_state\":\"DELETED\"}"), registry,
                            NotificationQueue.Sender.STAYING);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "reader");
            reader.start();
            // The reader either gets its records in first or waits for the heartbeat; both orders are fine.
            Await.until(() -> reader.getState() == Thread.State.TERMINATED || reader.getState() == Thread.State.BLOCKED
                    || reader.getState() == Thread.State.WAITING, "the reader neither finished nor waited");
            heartbeatMayFinish.countDown();
            session.join();
            reader.join();

            List<String> kinds = queue.poll().stream().map(StaleElementHeartbeatsTest::kind).toList();
            assertEquals(1, heartbeats.written() + heartbeats.skipped());
            assertTrue(kinds.equals(List.of("heartbeat", "status", "tombstone"))
                    || kinds.equals(List.of("status", "tombstone")), "records in the queue: " + kinds);
        });
    }

    private static String kind(SourceRecord record) {
        if (record.headers().lastWithName(StatusRecordMapper.HEARTBEAT_HEADER) != null) {
            return "heartbeat";
        }
        return record.value() == null ? "tombstone" : "status";
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the heartbeat");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void staleElementsAreLookedForFourTimesPerPeriodWithinBounds() {
        assertEquals(Duration.ofMillis(250), StaleElementHeartbeats.checkInterval(Duration.ofSeconds(1)));
        assertEquals(Duration.ofMillis(50), StaleElementHeartbeats.checkInterval(Duration.ofMillis(100)));
        assertEquals(Duration.ofMinutes(1), StaleElementHeartbeats.checkInterval(Duration.ofHours(1)));
    }
}
