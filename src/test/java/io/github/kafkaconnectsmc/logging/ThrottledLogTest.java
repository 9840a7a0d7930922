package io.github.kafkaconnectsmc.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkaconnectsmc.LogCapture;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ThrottledLogTest {

    private static final long WINDOW_MS = 60_000;
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final ThrottledLog log = new ThrottledLog(LoggerFactory.getLogger(ThrottledLogTest.class), WINDOW_MS,
            nanos::get);

    @Test
    void theFirstOccurrenceIsLoggedAndRepeatsWithinTheWindowAreHeldBack() {
        try (LogCapture logs = LogCapture.start()) {
            assertTrue(log.warn("outage", "SMC down: {}", "refused"));
            for (int i = 0; i < 99; i++) {
                nanos.addAndGet(100_000_000L);
                assertFalse(log.warn("outage", "SMC down: {}", "refused"));
            }

            assertEquals(List.of("SMC down: refused"), messages(logs));
        }
    }

    @Test
    void theFirstOccurrenceAfterTheWindowSaysHowManyWereHeldBack() {
        try (LogCapture logs = LogCapture.start()) {
            log.warn("outage", "SMC down: {}", "refused");
            log.warn("outage", "SMC down: {}", "refused");
            log.warn("outage", "SMC down: {}", "refused");
            nanos.addAndGet(WINDOW_MS * 1_000_000L);

            assertTrue(log.warn("outage", "SMC down: {}", "timeout"));

            assertEquals(List.of("SMC down: refused", "SMC down: timeout (and 2 more like it in the last 60 s)"),
                    messages(logs));
        }
    }

    @Test
    void kindsAreThrottledIndependently() {
        try (LogCapture logs = LogCapture.start()) {
            log.warn("NOT_JSON", "bad frame {}", 1);
            log.warn("TOO_LARGE", "big frame {}", 2);
            log.warn("NOT_JSON", "bad frame {}", 3);

            assertEquals(List.of("bad frame 1", "big frame 2"), messages(logs));
        }
    }

    @Test
    void resetReportsWhatWasHeldBackAndLogsTheNextOccurrenceAtOnce() {
        try (LogCapture logs = LogCapture.start()) {
            log.warn("outage", "down");
            log.warn("outage", "down");
            log.warn("outage", "down");

            assertEquals(2, log.reset("outage"));
            assertTrue(log.warn("outage", "down again"));
            assertEquals(List.of("down", "down again"), messages(logs));
        }
    }

    @Test
    void aTrailingThrowableStaysLastSoItsStackTraceIsPrinted() {
        try (LogCapture logs = LogCapture.start()) {
            log.warn("io", "failed: {}", "x", new IllegalStateException("boom"));
            log.warn("io", "failed: {}", "y", new IllegalStateException("boom"));
            nanos.addAndGet(WINDOW_MS * 1_000_000L);
            log.warn("io", "failed: {}", "z", new IllegalStateException("boom"));

            List<String> lines = messages(logs);
            assertEquals("failed: z (and 1 more like it in the last 60 s)", lines.get(1).lines().findFirst().orElseThrow());
        }
    }

    private static List<String> messages(LogCapture logs) {
        return logs.lines(Level.WARN, "");
    }
}
