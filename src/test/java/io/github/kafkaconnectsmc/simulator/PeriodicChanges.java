package io.github.kafkaconnectsmc.simulator;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps a simulator's statuses moving at a steady rate, on its own daemon thread: one random change every interval
 * (so that a demonstration sees records arrive), or the given elements changed in turn (the steady stream a fault
 * test injects its fault into).
 */
public final class PeriodicChanges implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "simulator-changes");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong pushed = new AtomicLong();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    private PeriodicChanges() {
    }

    /** One change of a random element every {@code interval}. */
    public static PeriodicChanges start(SmcSimulator simulator, Duration interval) {
        return new PeriodicChanges().every(interval, tick -> simulator.control().pushRandomChange());
    }

    /** Every {@code interval}, a change of the next element of {@code paths}, round robin. */
    public static PeriodicChanges cycling(SmcSimulator simulator, List<String> paths, Duration interval) {
        List<String> elements = List.copyOf(paths);
        return new PeriodicChanges().every(interval,
                tick -> simulator.control().pushChange(elements.get((int) (tick % elements.size()))));
    }

    private interface Change {
        void push(long tick);
    }

    private PeriodicChanges every(Duration interval, Change change) {
        timer.scheduleAtFixedRate(() -> {
            try {
                change.push(pushed.get());
                pushed.incrementAndGet();
            } catch (RuntimeException e) {
                // A scheduled task that throws is never run again: keep the cause for the test to see.
                failure.compareAndSet(null, e);
                throw e;
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Changes pushed so far. */
    public long pushed() {
        return pushed.get();
    }

    /** Stops the changes and waits for one in progress to finish; rethrows what stopped them early, if anything. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RuntimeException error = failure.get();
        if (error != null) {
            throw new IllegalStateException("The periodic changes stopped early", error);
        }
    }
}
