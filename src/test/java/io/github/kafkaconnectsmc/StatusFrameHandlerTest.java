package io.github.kafkaconnectsmc;

import static io.github.kafkaconnectsmc.MappingFixture.queue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkaconnectsmc.logging.ShortenedText;
import io.github.kafkaconnectsmc.protocol.FrameRejection;
import io.github.kafkaconnectsmc.protocol.RejectedFrames;
import io.github.kafkaconnectsmc.protocol.Subscription;
import io.github.kafkaconnectsmc.protocol.SubscriptionRegistry;
import io.github.kafkaconnectsmc.record.ElementKeyResolver;
import io.github.kafkaconnectsmc.record.ElementStates;
import io.github.kafkaconnectsmc.record.SourceOffsets;
import io.github.kafkaconnectsmc.record.StatusRecordMapper;
import io.github.kafkaconnectsmc.smc.HrefDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatusFrameHandlerTest {

    private static final Subscription FW_SINGLE = Subscription.context("fw_single");
    private static final Subscription VIRTUAL_FW = Subscription.context("virtual_fw");
    private static final int FRAME_MAX_BYTES = 1_000_000;
    private static final NotificationQueue.Sender NOT_BLOCKED = NotificationQueue.Sender.STAYING;

    private final RejectedFrames rejected = new RejectedFrames();
    private final SubscriptionRegistry registry = new SubscriptionRegistry();
    private final ExecutorService socketThread = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopSocketThread() throws InterruptedException {
        socketThread.shutdownNow();
        assertTrue(socketThread.awaitTermination(10, TimeUnit.SECONDS));
    }

    private StatusFrameHandler handler(NotificationQueue queue) {
        return new StatusFrameHandler(new MappingFixture().mapper, queue, rejected, () -> 1_000L, FRAME_MAX_BYTES);
    }

    /** A handler whose registry holds fw_single, acknowledged as subscription 0. */
    private StatusFrameHandler handlerWithFwSingleAcknowledged(NotificationQueue queue) throws InterruptedException {
        StatusFrameHandler handler = handler(queue);
        registry.subscribing(FW_SINGLE);
        handler.handle(FakeSmc.acknowledgement(0), registry, NOT_BLOCKED);
        return handler;
    }

    @Test
    void aNotificationOfAnAcknowledgedSubscriptionIsQueuedAsARecord() throws InterruptedException {
        NotificationQueue queue = queue(10);
        StatusFrameHandler handler = handler(queue);
        registry.subscribing(FW_SINGLE);

        handler.handle(SampleFrames.containing("Subscribed for status"), registry, NOT_BLOCKED);
        handler.handle(SampleFrames.containing("Plano node 1"), registry, NOT_BLOCKED);

        List<SourceRecord> records = queue.poll();
        assertEquals(1, records.size());
        assertEquals("Plano node 1", ((Struct) records.get(0).value()).get("element_name"));
        assertEquals(1, handler.notifications());
        assertEquals(0, rejected.total());
    }

    @Test
    void acknowledgementsAreMatchedToSubscribeCommandsInTheOrderSent() throws InterruptedException {
        NotificationQueue queue = queue(10);
        StatusFrameHandler handler = handler(queue);
        registry.subscribing(FW_SINGLE);
        registry.subscribing(VIRTUAL_FW);

        handler.handle(FakeSmc.acknowledgement(0), registry, NOT_BLOCKED);
        handler.handle(FakeSmc.acknowledgement(1), registry, NOT_BLOCKED);
        handler.handle(FakeSmc.notification(1, "{\"name\":\"VM 1\"}"), registry, NOT_BLOCKED);

        assertEquals("virtual_fw", ((Struct) queue.poll().get(0).value()).get("subscription_target"));
    }

    @Test
    void aFailureReplyIsCountedLoggedOnceAndRefusesTheOldestWaitingSubscription() throws InterruptedException {
        NotificationQueue queue = queue(10);
        StatusFrameHandler handler = handler(queue);
        registry.subscribing(Subscription.context("fw_singel"));
        registry.subscribing(VIRTUAL_FW);

        try (LogCapture logs = LogCapture.start()) {
            handler.handle(SampleFrames.containing("Unknown context: fw_singel"), registry, NOT_BLOCKED);
            List<String> warnings = logs.lines(Level.WARN, "fw_singel");
            assertEquals(1, warnings.size(), logs.text());
            assertTrue(warnings.get(0).contains("refused the subscription to context:fw_singel"), warnings.get(0));
        }
        handler.handle(FakeSmc.acknowledgement(0), registry, NOT_BLOCKED);

        assertEquals(1, rejected.count(FrameRejection.FAILURE_REPLY));
        assertEquals(Optional.of(VIRTUAL_FW), registry.lookup(0));
    }

    @Test
    void aFrameThatIsNotJsonIsCountedAndLoggedOnceCutToAFewHundredCharacters() throws InterruptedException {
        StatusFrameHandler handler = handler(queue(10));
        String frame = "garbage ".repeat(600) + "TAIL-THAT-MUST-NOT-BE-LOGGED";

        try (LogCapture logs = LogCapture.start()) {
            handler.handle(frame, registry, NOT_BLOCKED);

            List<String> lines = logs.lines(Level.WARN, "garbage garbage");
            assertEquals(1, lines.size());
            assertTrue(lines.get(0).contains(frame.substring(0, ShortenedText.MAX_CHARS)));
            assertTrue(lines.get(0).contains("(" + frame.length() + " characters)"), lines.get(0));
            assertFalse(lines.get(0).contains("TAIL-THAT-MUST-NOT-BE-LOGGED"));
            assertTrue(lines.get(0).length() < 1_000, "logged " + lines.get(0).length() + " characters");
        }
        assertEquals(1, rejected.count(FrameRejection.NOT_JSON));
    }

    @Test
    void aFailureReplyQuotingAHugeReasonIsLoggedCutToAFewHundredCharacters() throws InterruptedException {
        StatusFrameHandler handler = handler(queue(10));
        registry.subscribing(FW_SINGLE);
        String reason = "no such context: " + "x".repeat(5_000) + "TAIL-THAT-MUST-NOT-BE-LOGGED";

        try (LogCapture logs = LogCapture.start()) {
            handler.handle("{\"failure\":\"" + reason + "\"}", registry, NOT_BLOCKED);

            List<String> lines = logs.lines(Level.WARN, "no such context");
            assertEquals(1, lines.size(), logs.text());
            assertFalse(lines.get(0).contains("TAIL-THAT-MUST-NOT-BE-LOGGED"));
            assertTrue(lines.get(0).length() < 1_000, "logged " + lines.get(0).length() + " characters");
        }
        assertEquals(1, rejected.count(FrameRejection.FAILURE_REPLY));
    }

    @Test
    void aNotificationTheConnectorFailsToMapIsCountedAndLoggedWithItsStackTraceAndTheStreamGoesOn()
            throws InterruptedException {
        NotificationQueue queue = queue(10);
        HrefDirectory failingOnce = new HrefDirectory() {
            private boolean failed;

            @Override
            public Optional<String> hrefOf(String context, String name) {
                if (!failed) {
                    failed = true;
                    throw new IllegalStateException("a defect in the href lookup");
                }
                return Optional.of("https://smc.example.net:8082/7.1/elements/single_fw/1/firewall_node/2");
            }

            @Override
            public void clear() {
            }

            @Override
            public long misses() {
                return 0;
            }
        };
        StatusRecordMapper mapper = new StatusRecordMapper(MappingFixture.TOPIC, () -> MappingFixture.SMC,
                new ElementKeyResolver(failingOnce), new SourceOffsets(MappingFixture.SMC), new ElementStates(),
                StatusRecordMapper.Options.defaults());
        StatusFrameHandler handler = new StatusFrameHandler(mapper, queue, rejected, () -> 1_000L, FRAME_MAX_BYTES);
        registry.subscribing(FW_SINGLE);
        handler.handle(FakeSmc.acknowledgement(0), registry, NOT_BLOCKED);

        try (LogCapture logs = LogCapture.start()) {
            handler.handle(FakeSmc.notification(0, "{\"name\":\"node 1\"}"), registry, NOT_BLOCKED);

            List<String> lines = logs.lines(Level.WARN, "a defect in the href lookup");
            assertEquals(1, lines.size(), logs.text());
            assertTrue(lines.get(0).contains("NOT_MAPPED"), lines.get(0));
            assertTrue(lines.get(0).contains("at io.github.kafkaconnectsmc."), "no stack trace: " + lines.get(0));
        }
        handler.handle(FakeSmc.notification(0, "{\"name\":\"node 2\"}"), registry, NOT_BLOCKED);

        assertEquals(1, rejected.count(FrameRejection.NOT_MAPPED));
        assertEquals(List.of("node 2"), queue.poll().stream()
                .map(r -> ((Struct) r.value()).get("element_name")).toList());
    }

    @Test
    void aNotificationForASubscriptionIdNeverAcknowledgedIsCountedNotQueued() throws InterruptedException {
        NotificationQueue queue = queue(10);
        StatusFrameHandler handler = handler(queue);

        handler.handle(SampleFrames.containing("ghost"), registry, NOT_BLOCKED);

        assertEquals(List.of(), queue.poll());
        assertEquals(1, rejected.count(FrameRejection.UNKNOWN_SUBSCRIPTION));
        assertEquals(0, handler.notifications());
    }

    @Test
    void everySampleFrameBecomesARecordOrACountedRejectionLoggedOncePerReason() throws InterruptedException {
        NotificationQueue queue = queue(100);
        StatusFrameHandler handler = handler(queue);
        for (int id = 0; id < 5; id++) {
            registry.subscribing(Subscription.context("context_" + id));
        }
        for (int id = 1; id < 5; id++) {
            handler.handle(FakeSmc.acknowledgement(id), registry, NOT_BLOCKED);
        }

        try (LogCapture logs = LogCapture.start()) {
            for (String frame : SampleFrames.all()) {
                handler.handle(frame, registry, NOT_BLOCKED);
            }
            // Six bad frames of five reasons: the second failure reply is counted but held back from the log.
            assertEquals(5, logs.lines(Level.WARN, "Ignored a status frame").size(), logs.text());
            assertEquals(6, rejected.total());
        }

        List<String> names = new ArrayList<>();
        for (SourceRecord record : queue.poll()) {
            names.add(record.value() == null ? "tombstone " + record.key()
                    : (String) ((Struct) record.value()).get("element_name"));
        }
        // Perth node 1 is DELETED: its status is followed by a tombstone for its key.
        assertEquals(List.of("Plano node 1", "Oslo node 2", "Lima node 1", "Old SMC node 1", "Corporate VPN",
                "Cluster Quito", "Perth node 1", "tombstone unresolved:context_0/Perth node 1", "Seoul node 1"),
                names);
        assertEquals(2, rejected.count(FrameRejection.FAILURE_REPLY));
        assertEquals(1, rejected.count(FrameRejection.UNKNOWN_SUBSCRIPTION));
        assertEquals(1, rejected.count(FrameRejection.MALFORMED_STATUS));
        assertEquals(1, rejected.count(FrameRejection.UNKNOWN_SHAPE));
        assertEquals(1, rejected.count(FrameRejection.NOT_JSON));
    }

    @Test
    void theHandlerBlocksOnAFullQueueUntilPollMakesRoomAndNothingIsDropped() throws Exception {
        int capacity = 2;
        NotificationQueue queue = queue(capacity);
        StatusFrameHandler handler = handlerWithFwSingleAcknowledged(queue);
        AtomicReference<Thread> reader = new AtomicReference<>();

        Future<?> reading = socketThread.submit(() -> {
            reader.set(Thread.currentThread());
            for (int i = 1; i <= capacity + 1; i++) {
                handler.handle(FakeSmc.notification(0, "{\"name\":\"node " + i + "\"}"), registry, NOT_BLOCKED);
            }
            return null;
        });
        Await.until(() -> queue.size() == capacity && reader.get() != null
                        && reader.get().getState() == Thread.State.TIMED_WAITING,
                "the reader did not block on the full queue");
        assertFalse(reading.isDone());

        List<SourceRecord> records = PollUntil.records(queue, capacity + 1);
        reading.get(Await.DEADLINE_MS, TimeUnit.MILLISECONDS);
        assertEquals(List.of("node 1", "node 2", "node 3"),
                records.stream().map(r -> ((Struct) r.value()).get("element_name")).toList());
        assertEquals(0, handler.notHandedOver());
    }

    @Test
    void aFirstStatusThatOvertakesItsAcknowledgementIsQueuedOnceTheAcknowledgementComes()
            throws InterruptedException {
        NotificationQueue queue = queue(10);
        StatusFrameHandler handler = handler(queue);
        registry.subscribing(FW_SINGLE);

        // The SMC documents the acknowledgement first, but nothing says its status pushes cannot overtake it.
        handler.handle(SampleFrames.containing("Plano node 1"), registry, NOT_BLOCKED);
        assertEquals(List.of(), queue.poll(), "a status is not queued before its subscription is known");
        handler.handle(SampleFrames.containing("Subscribed for status"), registry, NOT_BLOCKED);

        List<SourceRecord> records = queue.poll();
        assertEquals(List.of("Plano node 1"), records.stream().map(r -> ((Struct) r.value()).get("element_name"))
                .toList());
        assertEquals("fw_single", ((Struct) records.get(0).value()).get("subscription_target"));
        assertEquals(0, rejected.total());
        assertEquals(1, handler.notifications());
    }

    @Test
    void aStatusHeldForAnAcknowledgementThatNeverComesIsCountedOnceNoSubscribeWaitsAnyMore()
            throws InterruptedException {
        NotificationQueue queue = queue(10);
        StatusFrameHandler handler = handler(queue);
        registry.subscribing(Subscription.context("fw_singel"));

        handler.handle(FakeSmc.notification(0, "{\"name\":\"early\"}"), registry, NOT_BLOCKED);
        assertEquals(0, rejected.count(FrameRejection.UNKNOWN_SUBSCRIPTION), "a subscribe still waits for its answer");
        handler.handle(SampleFrames.containing("Unknown context: fw_singel"), registry, NOT_BLOCKED);

        assertEquals(1, rejected.count(FrameRejection.UNKNOWN_SUBSCRIPTION));
        assertEquals(List.of(), queue.poll());
    }

    @Test
    void aStatusForAnIdBelowTheLastAcknowledgedOneIsRejectedAtOnceEvenWhileASubscribeWaits()
            throws InterruptedException {
        NotificationQueue queue = queue(10);
        StatusFrameHandler handler = handler(queue);
        registry.subscribing(FW_SINGLE);
        registry.subscribing(VIRTUAL_FW);
        registry.subscribing(Subscription.context("vpn"));
        handler.handle(FakeSmc.acknowledgement(0), registry, NOT_BLOCKED);
        handler.handle(FakeSmc.acknowledgement(2), registry, NOT_BLOCKED);

        // Ids only increase on a socket: 1 was never given, and cannot be given any more.
        handler.handle(FakeSmc.notification(1, "{\"name\":\"never subscribed\"}"), registry, NOT_BLOCKED);

        assertEquals(1, rejected.count(FrameRejection.UNKNOWN_SUBSCRIPTION));
    }

    @Test
    void aNotificationOnAnIdAResubscriptionReplacedIsIgnoredWithoutARejection() throws InterruptedException {
        NotificationQueue queue = queue(10);
        StatusFrameHandler handler = handlerWithFwSingleAcknowledged(queue);
        registry.resubscribing(0);
        handler.handle(FakeSmc.acknowledgement(1), registry, NOT_BLOCKED);

        handler.handle(FakeSmc.notification(0, "{\"name\":\"late on the old id\"}"), registry, NOT_BLOCKED);
        handler.handle(FakeSmc.notification(1, "{\"name\":\"on the new id\"}"), registry, NOT_BLOCKED);

        List<SourceRecord> records = queue.poll();
        assertEquals(List.of("on the new id"), records.stream().map(r -> ((Struct) r.value()).get("element_name"))
                .toList());
        assertEquals(0, rejected.total());
        assertEquals(1, handler.notifications());
    }

    @Test
    void aNotificationArrivingAfterTheQueueClosedIsCountedAsNotHandedOver() throws InterruptedException {
        NotificationQueue queue = queue(10);
        StatusFrameHandler handler = handlerWithFwSingleAcknowledged(queue);
        queue.close();

        handler.handle(FakeSmc.notification(0, "{\"name\":\"late\"}"), registry, NOT_BLOCKED);

        assertEquals(1, handler.notHandedOver());
    }

    @Test
    void aNotificationInterruptedWhileWaitingForRoomIsCountedAsNotHandedOver() throws Exception {
        NotificationQueue queue = queue(1);
        StatusFrameHandler handler = handlerWithFwSingleAcknowledged(queue);
        handler.handle(FakeSmc.notification(0, "{\"name\":\"queued\"}"), registry, NOT_BLOCKED);
        AtomicReference<Thread> reader = new AtomicReference<>();
        Future<?> reading = socketThread.submit(() -> {
            reader.set(Thread.currentThread());
            handler.handle(FakeSmc.notification(0, "{\"name\":\"held\"}"), registry, NOT_BLOCKED);
            return null;
        });
        Await.until(() -> reader.get() != null && reader.get().getState() == Thread.State.TIMED_WAITING,
                "the reader did not block on the full queue");

        // Stopping the task's HTTP threads interrupts a reader still waiting for room.
        reader.get().interrupt();

        // handle() declares InterruptedException: the reader's caller (StatusStream) restores the interrupt flag.
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> reading.get(Await.DEADLINE_MS, TimeUnit.MILLISECONDS), "the interrupted reader did not return");
        assertInstanceOf(InterruptedException.class, failed.getCause());
        assertEquals(2, handler.notifications());
        assertEquals(1, handler.notHandedOver(), "every notification is handed over or counted as not");
    }
}
