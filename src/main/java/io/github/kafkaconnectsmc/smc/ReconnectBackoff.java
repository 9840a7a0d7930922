package io.github.kafkaconnectsmc.smc;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Delays between reconnect attempts: exponential with full jitter (a uniformly random delay between zero and
 * {@code min(max, initial * 2^attempt)}), so that the tasks of many workers that lost the same SMC do not come back
 * in lock step. {@link #reset()} after a connection proved healthy.
 *
 * <p>Not thread safe: used by the task's session thread only.
 */
public final class ReconnectBackoff {

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
