package io.github.kafkaconnectsmc.smc;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Delays between reconnect attempts: exponential with full jitter (a uniformly random delay between zero and
 * {@code min(max, initial * 2^attempt)}), so that the tasks of many workers that lost the same SMC do not come back
 * in lock step. {@link #reset()} after a connection proved healthy.
 *
 * <p>The first attempt after losing a connection that had been up for a while ({@link #STABLE_AFTER}) goes at once
 * ({@link #delayAfterLosing}): the SMC answered a moment ago, and every moment of waiting delays the fresh snapshot
 * the task needs. The attempts after it back off as usual. A connection lost sooner than that backs off from the
 * first attempt, so that an SMC which drops every socket soon after accepting it is not retried in a tight loop.
 *
 * <p>Not thread safe: used by the task's session thread only.
 */
public final class ReconnectBackoff {

    /** A connection that stayed up at least this long is retried at once when lost. */
    public static final Duration STABLE_AFTER = Duration.ofSeconds(1);

    private final long initialMillis;
    private final long maxMillis;
    private final DoubleSupplier random;
    private int attempt;

    public ReconnectBackoff(Duration initial, Duration max) {
        this(initial, max, Math::random);
    }

    // Visible for testing
    ReconnectBackoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.min(Math.max(this.initialMillis, max.toMillis()), Long.MAX_VALUE / 4);
        this.random = random;
    }

    /** The delay before the next attempt; each call counts as one more attempt. */
    public Duration nextDelay() {
        long ceiling = ceilingMillis(attempt);
        attempt++;
        return Duration.ofMillis((long) (random.getAsDouble() * (ceiling + 1)));
    }

    /**
     * The delay before the first attempt after losing a connection that had been up for {@code upFor}: none when it
     * was up for at least {@link #STABLE_AFTER} (not counted as an attempt, so the next delay is the first backoff
     * step), else {@link #nextDelay()}.
     */
    public Duration delayAfterLosing(Duration upFor) {
        return upFor.compareTo(STABLE_AFTER) >= 0 ? Duration.ZERO : nextDelay();
    }

    /** The largest delay the next attempt may get. */
    long ceilingMillis(int forAttempt) {
        long ceiling = initialMillis;
        // Stops doubling at the cap, so the product cannot overflow however many attempts were made.
        for (int i = 0; i < forAttempt && ceiling < maxMillis; i++) {
            ceiling = Math.min(ceiling * 2, maxMillis);
        }
        return ceiling;
    }

    public void reset() {
        attempt = 0;
    }

    public int attempts() {
        return attempt;
    }
}
