package io.github.kafkaconnectsmc.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

    @Test
    void ceilingDoublesFromInitialUpToMax() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(1_000), () -> 0.5);

        assertEquals(100, backoff.ceilingMillis(0));
        assertEquals(200, backoff.ceilingMillis(1));
        assertEquals(400, backoff.ceilingMillis(2));
        assertEquals(800, backoff.ceilingMillis(3));
        assertEquals(1_000, backoff.ceilingMillis(4));
        assertEquals(1_000, backoff.ceilingMillis(1_000_000), "many attempts must neither overflow nor pass the max");
    }

    @Test
    void delayIsFullJitterBetweenZeroAndTheCeiling() {
        ReconnectBackoff lowest = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(10), () -> 0.0);
        ReconnectBackoff highest = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(10), () -> 0.999_999);

        assertEquals(Duration.ZERO, lowest.nextDelay());
        assertEquals(Duration.ofMillis(100), highest.nextDelay());
        assertEquals(Duration.ofMillis(200), highest.nextDelay());
        assertEquals(Duration.ofMillis(400), highest.nextDelay());
    }

    @Test
    void realRandomDelaysStayWithinTheirCeilings() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(400));
        for (int attempt = 0; attempt < 200; attempt++) {
            long ceiling = backoff.ceilingMillis(attempt);
            long delay = backoff.nextDelay().toMillis();
            assertTrue(delay >= 0 && delay <= ceiling, "attempt " + attempt + ": " + delay + " outside 0.." + ceiling);
        }
    }

    @Test
    void resetStartsAgainFromTheInitialCeiling() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(10), () -> 0.999_999);
        backoff.nextDelay();
        backoff.nextDelay();
        assertEquals(2, backoff.attempts());

        backoff.reset();

        assertEquals(0, backoff.attempts());
        assertEquals(Duration.ofMillis(100), backoff.nextDelay());
    }

    @Test
    void aConnectionLostAfterItWasStableIsRetriedAtOnceAndTheNextAttemptBacksOffFromTheFirstStep() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(10), () -> 0.999_999);

        assertEquals(Duration.ZERO, backoff.delayAfterLosing(ReconnectBackoff.STABLE_AFTER));
        assertEquals(Duration.ZERO, backoff.delayAfterLosing(Duration.ofHours(1)));
        assertEquals(Duration.ofMillis(100), backoff.nextDelay());
        assertEquals(Duration.ofMillis(200), backoff.nextDelay());
    }

    @Test
    void aConnectionLostSoonAfterItOpenedBacksOffFromTheFirstAttempt() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(10), () -> 0.999_999);

        assertEquals(Duration.ofMillis(100), backoff.delayAfterLosing(ReconnectBackoff.STABLE_AFTER.minusMillis(1)));
        assertEquals(Duration.ofMillis(200), backoff.nextDelay());
    }

    @Test
    void maxBelowInitialIsRaisedToInitial() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(500), Duration.ofMillis(100), () -> 0.999_999);

        assertEquals(500, backoff.ceilingMillis(3));
    }
}
