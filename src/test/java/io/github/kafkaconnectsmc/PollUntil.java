package io.github.kafkaconnectsmc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Calls a started task's {@code poll()}, as the worker does, or a queue's, until it hands over records or fails; with
 * a deadline, so that a record that never comes fails the test instead of hanging it.
 */
public final class PollUntil {

    /** One {@code poll()}: a batch, which may be null or empty. */
    @FunctionalInterface
    private interface Poll {
        List<SourceRecord> next() throws InterruptedException;
    }

    private PollUntil() {
    }

    /** Polls until at least {@code count} records have come; returns all of them, in order. */
    public static List<SourceRecord> records(SmcSourceTask task, int count) throws InterruptedException {
        return records(task::poll, count);
    }

    /** As {@link #records(SmcSourceTask, int)}, straight from a task's queue. */
    static List<SourceRecord> records(NotificationQueue queue, int count) throws InterruptedException {
        return records(queue::poll, count);
    }

    private static List<SourceRecord> records(Poll poll, int count) throws InterruptedException {
        List<SourceRecord> records = new ArrayList<>();
        Await.until(() -> {
            List<SourceRecord> batch = poll.next();
            if (batch != null) {
                records.addAll(batch);
            }
            return records.size() >= count;
        }, () -> "poll() returned " + records.size() + " of " + count + " records");
        return records;
    }

    /** Polls until the first non-empty batch and returns it. */
    public static List<SourceRecord> records(SmcSourceTask task) throws InterruptedException {
        return records(task, 1);
    }

    /** Polls until {@code poll()} throws, and returns what it threw. */
    public static ConnectException failure(SmcSourceTask task) throws InterruptedException {
        AtomicReference<ConnectException> failure = new AtomicReference<>();
        Await.until(() -> {
            try {
                task.poll();
                return false;
            } catch (ConnectException e) {
                failure.set(e);
                return true;
            }
        }, "poll() did not fail the task");
        return failure.get();
    }
}
