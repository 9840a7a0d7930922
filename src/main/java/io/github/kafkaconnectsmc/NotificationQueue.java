package io.github.kafkaconnectsmc;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The bounded hand-off between the status socket's reader thread (the producer) and the task's {@code poll()}
 * (the consumer), after Debezium's {@code ChangeEventQueue}.
 *
 * <ul>
 *   <li>Bounded by record count and by bytes. A producer that finds it full waits (backpressure): the socket is not
 *       read until {@code poll()} makes room, so memory stays bounded and nothing is dropped.</li>
 *   <li>{@link #poll()} waits at most the poll timeout and returns one batch, possibly empty, so the worker's task
 *       thread always regains control.</li>
 *   <li>Records handed over count until Kafka acknowledges them ({@link #acknowledged()}, from
 *       {@code SourceTask.commitRecord}): {@link #poll()} hands over no more than {@code maxUnacknowledged} at a time.
 *       The worker's producer would otherwise take every record polled into its buffers, and keep the buffers a burst
 *       made pooled for as long as the task runs; with the cap, a slow Kafka leaves records here, where the caps
 *       above hold the socket back. Once at the cap, {@code poll()} waits until half of it is acknowledged and then
 *       hands over a large batch: taking room as each produce response frees it would wake the task thread and the
 *       socket's reader once per response (a batch of some 14 records) instead of once per thousand.</li>
 *   <li>A producer-side error is stored by {@link #fail} and thrown by the next {@link #poll()} on the task thread
 *       once every record queued before it has been handed over, so Connect marks the task FAILED without losing
 *       what was received.</li>
 *   <li>{@link #close()} releases a waiting producer; {@link #put} then returns false. So does a record whose
 *       {@link Sender} the task has left while it waited.</li>
 * </ul>
 */
final class NotificationQueue {

    /** Where a record {@link #put} adds comes from: a status socket, which the task may leave while it waits. */
    interface Sender {

        /** A sender that is never left and has nothing to do while it waits. */
        Sender STAYING = () -> false;

        /**
         * True once the task has left this sender for another: a record of it still waiting for room is older than
         * what the sender that follows delivers, and is not queued.
         */
        boolean isLeft();

        /** Run once per wait slice for as long as the queue stays full. */
        default void whileWaiting() {
        }
    }

    private record Entry(SourceRecord record, long bytes) {
    }

    private final int maxRecords;
    private final long maxBytes;
    private final int maxBatch;
    private final int maxUnacknowledged;
    /** {@link #poll()} hands over nothing while more than this many records are unacknowledged: half the cap. */
    private final int resumeUnacknowledged;
    private final long pollTimeoutNanos;
    private final long waitSliceNanos;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    /**
     * Signalled when acknowledgements bring the unacknowledged count down to half its cap. Apart from
     * {@link #notEmpty}: a poll waiting here must not be woken by every record the reader adds, which would cost the
     * reader a thread wake-up per record.
     */
    private final Condition acknowledgedEnough = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final Condition drained = lock.newCondition();

    /** Guarded by {@link #lock}. */
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    /** Guarded by {@link #lock}. */
    private long bytes;
    /** Guarded by {@link #lock}. */
    private boolean closed;
    /** Guarded by {@link #lock}: wait slices producers spent on a full queue. */
    private long backpressureWaits;
    /** Guarded by {@link #lock}: the most records held at once, so that a cap overshot for a moment still shows. */
    private int mostRecords;
    /**
     * Records {@link #poll()} handed over that Kafka has not acknowledged. Incremented under {@link #lock}; decremented
     * without it by the worker's producer thread, which takes the lock only to wake a poll waiting for half the cap.
     */
    private final AtomicInteger unacknowledged = new AtomicInteger();
    /** Set once by the producer side; read by {@link #poll()}. */
    private volatile RuntimeException failure;

    NotificationQueue(int maxRecords, long maxBytes, int maxBatch, int maxUnacknowledged, Duration pollTimeout) {
        this(maxRecords, maxBytes, maxBatch, maxUnacknowledged, pollTimeout, Duration.ofMillis(100));
    }

    /** {@code waitSlice}: how often a producer waiting on a full queue wakes to run its {@code whileWaiting}. */
    NotificationQueue(int maxRecords, long maxBytes, int maxBatch, int maxUnacknowledged, Duration pollTimeout,
                      Duration waitSlice) {
        this.waitSliceNanos = Math.max(1_000_000L, waitSlice.toNanos());
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
        this.maxBatch = maxBatch;
        this.maxUnacknowledged = maxUnacknowledged;
        this.resumeUnacknowledged = maxUnacknowledged / 2;
        this.pollTimeoutNanos = pollTimeout.toNanos();
    }

    /**
     * Adds a record of {@code recordBytes}, waiting while the queue is full. A record larger than the byte cap is
     * admitted into an empty queue, so an oversized frame cannot block forever. Returns false, without adding, once
     * the queue is closed.
     */
    boolean put(SourceRecord record, long recordBytes) throws InterruptedException {
        return put(record, recordBytes, Sender.STAYING);
    }

    /**
     * As {@link #put(SourceRecord, long)}, for a record of {@code sender}: runs its {@code whileWaiting} once per wait
     * slice for as long as the queue stays full (the socket uses it to keep its liveness check from firing during
     * backpressure), and returns false, without adding, once the task has left it. That is checked under the lock
     * with the add, so a sender marked left before its successor starts can never have a record queued after the
     * successor's.
     */
    boolean put(SourceRecord record, long recordBytes, Sender sender) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (!closed && !sender.isLeft() && isFullFor(recordBytes)) {
                backpressureWaits++;
                sender.whileWaiting();
                notFull.awaitNanos(waitSliceNanos);
            }
            if (closed || sender.isLeft()) {
                return false;
            }
            append(record, recordBytes);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds a record if there is room now, never waiting: for records that are better skipped than allowed to hold up
     * their sender (staleness heartbeats, sent from the session thread). Returns false when full or closed.
     */
    boolean offer(SourceRecord record, long recordBytes) {
        lock.lock();
        try {
            if (closed || isFullFor(recordBytes)) {
                return false;
            }
            append(record, recordBytes);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Under {@link #lock}. */
    private void append(SourceRecord record, long recordBytes) {
        entries.addLast(new Entry(record, recordBytes));
        bytes += recordBytes;
        mostRecords = Math.max(mostRecords, entries.size());
        notEmpty.signal();
    }

    private boolean isFullFor(long recordBytes) {
        return !entries.isEmpty() && (entries.size() >= maxRecords || bytes + recordBytes > maxBytes);
    }

    /**
     * Up to {@code maxBatch} records, and no more than the unacknowledged cap leaves room for, waiting at most the
     * poll timeout for the first record, or, while more than half the cap is unacknowledged, for acknowledgements.
     * Throws the stored failure once the queue is empty.
     */
    List<SourceRecord> poll() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long remaining = pollTimeoutNanos;
            while (!closed && remaining > 0) {
                if (entries.isEmpty()) {
                    if (failure != null) {
                        break;
                    }
                    remaining = notEmpty.awaitNanos(remaining);
                } else if (unacknowledged.get() > resumeUnacknowledged) {
                    remaining = acknowledgedEnough.awaitNanos(remaining);
                } else {
                    break;
                }
            }
            if (entries.isEmpty()) {
                RuntimeException error = failure;
                if (error != null) {
                    throw error;
                }
                return List.of();
            }
            int unacknowledgedNow = unacknowledged.get();
            if (unacknowledgedNow > resumeUnacknowledged) {
                return List.of();
            }
            int count = Math.min(Math.min(maxBatch, entries.size()), maxUnacknowledged - unacknowledgedNow);
            List<SourceRecord> batch = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Entry entry = entries.pollFirst();
                bytes -= entry.bytes();
                batch.add(entry.record());
            }
            unacknowledged.addAndGet(count);
            notFull.signalAll();
            if (entries.isEmpty()) {
                drained.signalAll();
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Kafka acknowledged one record {@link #poll()} handed over, or the worker is done with it otherwise (a
     * transformation dropped it, or {@code errors.tolerance=all} skipped a failed send). Called on the worker's
     * producer thread for every record, so it takes the lock only when the count comes down to half the cap, to wake
     * a poll that may be waiting for that; a poll that checked the count under the lock and is about to wait is woken
     * too, as this signal waits for the lock its {@code await} releases.
     */
    void acknowledged() {
        int before = unacknowledged.getAndUpdate(count -> count > 0 ? count - 1 : 0);
        if (before == resumeUnacknowledged + 1) {
            lock.lock();
            try {
                acknowledgedEnough.signal();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Records handed over by {@link #poll()} and not yet acknowledged. */
    int unacknowledged() {
        return unacknowledged.get();
    }

    /** Makes the next {@link #poll()} (after the queued records) fail the task with {@code error}. First wins. */
    void fail(RuntimeException error) {
        lock.lock();
        try {
            if (failure == null) {
                failure = error instanceof ConnectException ? error : new ConnectException(error.getMessage(), error);
            }
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Releases waiting producers and refuses new records. Returns how many records were never polled. */
    int close() {
        lock.lock();
        try {
            closed = true;
            notFull.signalAll();
            notEmpty.signalAll();
            acknowledgedEnough.signalAll();
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

    /** The most records the queue held at once since the task started. */
    int mostRecords() {
        lock.lock();
        try {
            return mostRecords;
        } finally {
            lock.unlock();
        }
    }

    long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    int capacity() {
        return maxRecords;
    }

    /** Waits up to {@code timeout} for {@link #poll()} to empty the queue; returns true when it is empty. */
    boolean awaitEmpty(Duration timeout) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long remaining = timeout.toNanos();
            while (!entries.isEmpty() && remaining > 0) {
                remaining = drained.awaitNanos(remaining);
            }
            return entries.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** True when no record is waiting to be polled. */
    boolean isEmpty() {
        return size() == 0;
    }

    /** Wait slices producers have spent on a full queue, since the task started. */
    long backpressureWaits() {
        lock.lock();
        try {
            return backpressureWaits;
        } finally {
            lock.unlock();
        }
    }
}
