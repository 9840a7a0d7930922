package io.github.kafkaconnectsmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NotificationQueueTest {

    private static final Duration SHORT_POLL = Duration.ofMillis(20);
    /** For the tests of the queue's own caps, which never acknowledge what they poll. */
    private static final int NO_ACKNOWLEDGEMENT_CAP = Integer.MAX_VALUE;

    private final ExecutorService producer = Executors.newSingleThreadExecutor();
    private final AtomicReference<Thread> producerThread = new AtomicReference<>();

    @AfterEach
    void stopProducer() throws InterruptedException {
        producer.shutdownNow();
        assertTrue(producer.awaitTermination(10, TimeUnit.SECONDS), "the producer thread did not end");
    }

    @Test
    void offerAddsOnlyWhileThereIsRoomAndNeverWaits() throws InterruptedException {
        NotificationQueue queue = new NotificationQueue(1, 1_000_000, 10, NO_ACKNOWLEDGEMENT_CAP, SHORT_POLL);

        assertTrue(queue.offer(record(1), 10));
        assertFalse(queue.offer(record(2), 10), "full");
        assertEquals(1, queue.poll().size());
        queue.close();
        assertFalse(queue.offer(record(3), 10), "closed");
    }

    @Test
    void pollHandsOverRecordsInArrivalOrderUpToTheBatchCap() throws InterruptedException {
        NotificationQueue queue = new NotificationQueue(10, 1_000_000, 2, NO_ACKNOWLEDGEMENT_CAP, SHORT_POLL);
        for (int i = 1; i <= 3; i++) {
            assertTrue(queue.put(record(i), 10));
        }

        assertEquals(List.of(1, 2), numbers(queue.poll()));
        assertEquals(List.of(3), numbers(queue.poll()));
        assertEquals(0, queue.bytes());
    }

    @Test
    void pollOfAnEmptyQueueReturnsAnEmptyBatch() throws InterruptedException {
        NotificationQueue queue = new NotificationQueue(10, 1_000_000, 10, NO_ACKNOWLEDGEMENT_CAP, SHORT_POLL);
        assertEquals(List.of(), queue.poll());
    }

    @Test
    void aFullQueueBlocksTheProducerUntilPollMakesRoomAndDropsNothing() throws Exception {
        int capacity = 3;
        NotificationQueue queue = new NotificationQueue(capacity, 1_000_000, 100, NO_ACKNOWLEDGEMENT_CAP, SHORT_POLL);
        Future<?> producing = produce(queue, capacity + 2, 10);

        awaitBlocked(queue, capacity);
        assertFalse(producing.isDone(), "the producer went on although the queue was full");

        assertEquals(List.of(1, 2, 3), numbers(queue.poll()));
        assertEquals(List.of(4, 5), numbers(PollUntil.records(queue, 2)));
        producing.get(Await.DEADLINE_MS, TimeUnit.MILLISECONDS);
    }

    @Test
    void mostRecordsIsTheLargestNumberHeldAtOnceEvenAfterPollsEmptiedTheQueue() throws Exception {
        int capacity = 3;
        NotificationQueue queue = new NotificationQueue(capacity, 1_000_000, 100, NO_ACKNOWLEDGEMENT_CAP, SHORT_POLL);
        assertEquals(0, queue.mostRecords());
        Future<?> producing = produce(queue, capacity + 2, 10);
        Await.until(() -> queue.backpressureWaits() > 0, "the producer did not find the queue full");

        PollUntil.records(queue, capacity + 2);
        producing.get(Await.DEADLINE_MS, TimeUnit.MILLISECONDS);
        assertTrue(queue.put(record(6), 10));

        assertEquals(1, queue.size());
        assertEquals(capacity, queue.mostRecords(), "a producer held at the cap fills the queue to it, not past it");
    }

    @Test
    void theByteCapBlocksTheProducerLikeTheRecordCap() throws Exception {
        NotificationQueue queue = new NotificationQueue(100, 2_500, 100, NO_ACKNOWLEDGEMENT_CAP, SHORT_POLL);
        Future<?> producing = produce(queue, 3, 1_000);

        awaitBlocked(queue, 2);
        assertEquals(2_000, queue.bytes());

        assertEquals(List.of(1, 2), numbers(queue.poll()));
        producing.get(Await.DEADLINE_MS, TimeUnit.MILLISECONDS);
        assertEquals(List.of(3), numbers(queue.poll()));
    }

    @Test
    void aRecordLargerThanTheByteCapIsAdmittedIntoAnEmptyQueue() throws InterruptedException {
        NotificationQueue queue = new NotificationQueue(10, 1_024, 10, NO_ACKNOWLEDGEMENT_CAP, SHORT_POLL);
        assertTrue(queue.put(record(1), 1_000_000));
        assertEquals(List.of(1), numbers(queue.poll()));
    }

    @Test
    void aFailureIsThrownFromPollOnlyAfterTheRecordsQueuedBeforeIt() throws InterruptedException {
        NotificationQueue queue = new NotificationQueue(10, 1_000_000, 10, NO_ACKNOWLEDGEMENT_CAP, SHORT_POLL);
        queue.put(record(1), 10);
        ConnectException cause = new ConnectException("the SMC closed the status socket");
        queue.fail(cause);
        queue.fail(new ConnectException("a later failure"));

        assertEquals(List.of(1), numbers(queue.poll()));
        assertSame(cause, assertThrows(ConnectException.class, queue::poll));
        assertSame(cause, assertThrows(ConnectException.class, queue::poll), "the failure must stick");
    }

    @Test
    void aFailureThatIsNotAConnectExceptionIsWrappedKeepingItsMessage() {
        NotificationQueue queue = new NotificationQueue(10, 1_000_000, 10, NO_ACKNOWLEDGEMENT_CAP, SHORT_POLL);
        IllegalStateException cause = new IllegalStateException("broken");
        queue.fail(cause);

        ConnectException thrown = assertThrows(ConnectException.class, queue::poll);
        assertEquals("broken", thrown.getMessage());
        assertSame(cause, thrown.getCause());
    }

    @Test
    void closeReleasesABlockedProducerRefusesNewRecordsAndCountsWhatWasLeft() throws Exception {
        NotificationQueue queue = new NotificationQueue(1, 1_000_000, 10, NO_ACKNOWLEDGEMENT_CAP, SHORT_POLL);
        queue.put(record(1), 10);
        Future<Boolean> blocked = producer.submit(() -> {
            producerThread.set(Thread.currentThread());
            return queue.put(record(2), 10);
        });
        awaitBlocked(queue, 1);

        assertEquals(1, queue.close());
        assertFalse(blocked.get(Await.DEADLINE_MS, TimeUnit.MILLISECONDS), "a released producer must not add");
        assertFalse(queue.put(record(3), 10));
        assertEquals(1, queue.size());
    }

    @Test
    void aRecordWhoseSenderIsLeftWhileItWaitsForRoomIsNotQueuedAndNoLaterOneOfItsEither() throws Exception {
        NotificationQueue queue = new NotificationQueue(1, 1_000_000, 10, NO_ACKNOWLEDGEMENT_CAP, SHORT_POLL);
        queue.put(record(1), 10);
        AtomicBoolean left = new AtomicBoolean();
        NotificationQueue.Sender oldSocket = left::get;
        Future<Boolean> waiting = producer.submit(() -> {
            producerThread.set(Thread.currentThread());
            return queue.put(record(2), 10, oldSocket);
        });
        awaitBlocked(queue, 1);

        left.set(true);
        assertEquals(List.of(1), numbers(queue.poll()));

        assertFalse(waiting.get(Await.DEADLINE_MS, TimeUnit.MILLISECONDS), "the left socket's record was queued");
        assertFalse(queue.put(record(3), 10, oldSocket));
        assertTrue(queue.put(record(4), 10, NotificationQueue.Sender.STAYING), "the socket that follows");
        assertEquals(List.of(4), numbers(queue.poll()));
    }

    @Test
    void closeWakesAPollThatIsWaiting() throws Exception {
        NotificationQueue queue = new NotificationQueue(10, 1_000_000, 10, NO_ACKNOWLEDGEMENT_CAP,
                Duration.ofMinutes(5));
        Future<List<SourceRecord>> polled = pollWaitingOnAnotherThread(queue);

        queue.close();
        // Without the wake-up the poll would wait its five minutes and miss this deadline.
        assertEquals(List.of(), polled.get(Await.DEADLINE_MS, TimeUnit.MILLISECONDS));
    }

    @Test
    void pollHandsOverNoMoreThanTheUnacknowledgedCapAndResumesWhenHalfOfItIsAcknowledged()
            throws InterruptedException {
        NotificationQueue queue = new NotificationQueue(10, 1_000_000, 10, 4, SHORT_POLL);
        for (int i = 1; i <= 7; i++) {
            assertTrue(queue.put(record(i), 10));
        }

        assertEquals(List.of(1, 2, 3, 4), numbers(queue.poll()));
        assertEquals(List.of(), queue.poll(), "Kafka has acknowledged nothing yet");
        assertEquals(3, queue.size(), "the rest stays queued");
        queue.acknowledged();
        assertEquals(List.of(), queue.poll(), "three of four unacknowledged: more than half the cap");
        queue.acknowledged();
        assertEquals(List.of(5, 6), numbers(queue.poll()), "half acknowledged: up to the cap again");
        assertEquals(4, queue.unacknowledged());
    }

    @Test
    void theAcknowledgementThatReachesHalfTheCapWakesAPollWaitingForIt() throws Exception {
        NotificationQueue queue = new NotificationQueue(10, 1_000_000, 10, 2, Duration.ofMinutes(5));
        for (int i = 1; i <= 3; i++) {
            queue.put(record(i), 10);
        }
        assertEquals(List.of(1, 2), numbers(queue.poll()));
        Future<List<SourceRecord>> polled = pollWaitingOnAnotherThread(queue);

        queue.acknowledged();
        // Without the wake-up the poll would wait its five minutes and miss this deadline.
        assertEquals(List.of(3), numbers(polled.get(Await.DEADLINE_MS, TimeUnit.MILLISECONDS)));
    }

    @Test
    void moreAcknowledgementsThanRecordsHandedOverMakeNoExtraRoom() throws InterruptedException {
        NotificationQueue queue = new NotificationQueue(10, 1_000_000, 10, 1, SHORT_POLL);
        queue.acknowledged();
        queue.acknowledged();
        for (int i = 1; i <= 3; i++) {
            queue.put(record(i), 10);
        }

        assertEquals(List.of(1), numbers(queue.poll()));
        assertEquals(1, queue.unacknowledged());
    }

    @Test
    void aFailureStillWaitsBehindRecordsHeldAtTheCap() throws InterruptedException {
        NotificationQueue queue = new NotificationQueue(10, 1_000_000, 10, 1, SHORT_POLL);
        queue.put(record(1), 10);
        queue.put(record(2), 10);
        queue.fail(new ConnectException("socket lost"));

        assertEquals(List.of(1), numbers(queue.poll()));
        assertEquals(List.of(), queue.poll(), "record 2 waits for room, and the failure waits behind it");
        queue.acknowledged();
        assertEquals(List.of(2), numbers(queue.poll()));
        assertThrows(ConnectException.class, queue::poll);
    }

    /** Calls {@code queue.poll()} on the producer thread, and returns once that poll waits. */
    private Future<List<SourceRecord>> pollWaitingOnAnotherThread(NotificationQueue queue)
            throws InterruptedException {
        Future<List<SourceRecord>> polled = producer.submit(() -> {
            producerThread.set(Thread.currentThread());
            return queue.poll();
        });
        Await.until(() -> producerThread.get() != null
                && producerThread.get().getState() == Thread.State.TIMED_WAITING, "poll() did not wait");
        return polled;
    }

    /** Puts records 1..count of {@code bytes} each from the producer thread. */
    private Future<?> produce(NotificationQueue queue, int count, long bytes) {
        return producer.submit(() -> {
            producerThread.set(Thread.currentThread());
            for (int i = 1; i <= count; i++) {
                queue.put(record(i), bytes);
            }
            return null;
        });
    }

    /** Waits until the producer thread waits inside put() with {@code queued} records in the queue. */
    private void awaitBlocked(NotificationQueue queue, int queued) throws InterruptedException {
        Await.until(() -> {
            Thread thread = producerThread.get();
            return thread != null && queue.size() == queued
                    && (thread.getState() == Thread.State.TIMED_WAITING || thread.getState() == Thread.State.WAITING);
        }, "the producer did not block with " + queued + " record(s) queued");
    }

    static SourceRecord record(int number) {
        return new SourceRecord(Map.of("p", 0), Map.of("n", number), "smc.status", null, null, null, null, number);
    }

    private static List<Integer> numbers(List<SourceRecord> records) {
        return records.stream().map(r -> (Integer) r.value()).toList();
    }
}
