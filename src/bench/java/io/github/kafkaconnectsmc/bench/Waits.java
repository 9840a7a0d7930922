package io.github.kafkaconnectsmc.bench;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Waiting for a condition with a deadline, checking it at a fixed interval. */
final class Waits {

    /** A condition that may throw what its check throws. */
    interface Check {
        boolean holds() throws Exception;
    }

    private Waits() {
    }

    static void until(Check condition, Duration timeout, Duration interval, Supplier<String> what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("Timed out after " + timeout + " waiting for " + what.get());
            }
            pause(interval);
        }
    }

    /** Does nothing for {@code duration}: a measurement window of a quiet process. */
    static void pause(Duration duration) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
