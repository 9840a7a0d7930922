package io.github.kafkaconnectsmc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When a task's first re-snapshot goes, so that tasks started together stay apart. */
class ResnapshotScheduleTest {

    private static final Duration INTERVAL = Duration.ofMinutes(10);

    @Test
    void theFirstResnapshotFallsInTheSecondHalfOfTheIntervalWhereTheRandomFractionPutsIt() {
        assertEquals(Duration.ofMinutes(5), StatusStream.firstResnapshotAfter(INTERVAL, 0.0));
        assertEquals(Duration.ofSeconds(450), StatusStream.firstResnapshotAfter(INTERVAL, 0.5));
        assertEquals(INTERVAL, StatusStream.firstResnapshotAfter(INTERVAL, 1.0));
    }

    @Test
    void aFractionOutsideZeroToOneIsHeldToTheInterval() {
        assertEquals(Duration.ofMinutes(5), StatusStream.firstResnapshotAfter(INTERVAL, -0.1));
        assertEquals(INTERVAL, StatusStream.firstResnapshotAfter(INTERVAL, 1.5));
    }

    @Test
    void theShortestIntervalAllowedStillSpreads() {
        assertEquals(Duration.ofMillis(500), StatusStream.firstResnapshotAfter(Duration.ofSeconds(1), 0.0));
        assertEquals(Duration.ofMillis(750), StatusStream.firstResnapshotAfter(Duration.ofSeconds(1), 0.5));
    }
}
