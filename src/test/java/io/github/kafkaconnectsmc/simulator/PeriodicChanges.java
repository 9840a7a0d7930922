package io.github.kafkaconnectsmc.simulator;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a simulator's statuses moving: one random change every interval, on its own daemon thread, so that a
 * demonstration or manual test sees records arrive. Tests push their changes themselves instead.
 */
public final class PeriodicChanges implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "smc-simulator-changes");
        thread.setDaemon(true);
        return thread;
    });

    private PeriodicChanges() {
    }

    public static PeriodicChanges start(SmcSimulator simulator, Duration interval) {
        PeriodicChanges changes = new PeriodicChanges();
        changes.timer.scheduleAtFixedRate(() -> simulator.control().pushRandomChange(), interval.toMillis(),
                interval.toMillis(), TimeUnit.MILLISECONDS);
        return changes;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
