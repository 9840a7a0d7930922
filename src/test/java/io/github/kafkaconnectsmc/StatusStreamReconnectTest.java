package io.github.kafkaconnectsmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkaconnectsmc.smc.ReconnectBackoff;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How soon a task opens the status socket again after losing one: at once when the socket had been streaming for
 * {@link ReconnectBackoff#STABLE_AFTER}, after the backoff when it was lost sooner. The task's clock is the test's, so
 * that neither a real wait nor a slow machine decides which. The backoff is an hour, so a task that waited for it would
 * not subscribe again within any test's deadline.
 */
class StatusStreamReconnectTest {

    private static final String HOUR_MS = "3600000";

    private FakeSmc smc;
    /** Not zero: the stream takes a start time of zero for "no socket streaming". */
    private final AtomicLong nanoTime = new AtomicLong(Duration.ofHours(1).toNanos());
    private final SmcSourceTask task = new SmcSourceTask(nanoTime::get);

    @BeforeEach
    void startSmc() throws IOException {
        smc = new FakeSmc().start();
    }

    @AfterEach
    void stopEverything() {
        task.stop();
        smc.close();
    }

    @Test
    void aSocketLostAfterStreamingForAWhileIsOpenedAgainAtOnce() throws Exception {
        startStreaming();
        nanoTime.addAndGet(ReconnectBackoff.STABLE_AFTER.toNanos());

        try (LogCapture logs = LogCapture.start()) {
            smc.closeSocket(1011, "restart");

            Await.until(() -> smc.commands().size() == 2,
                    () -> "the task did not subscribe again without the hour of backoff: " + smc.events());
            assertEquals(1, logs.lines(Level.WARN, "reconnecting in 0 ms").size(), logs.text());
        }
    }

    @Test
    void aSocketLostSoonAfterOpeningWaitsForTheBackoff() throws Exception {
        try (LogCapture logs = LogCapture.start()) {
            startStreaming();
            // Up for just less than it takes to prove stable.
            nanoTime.addAndGet(ReconnectBackoff.STABLE_AFTER.toNanos() - 1);

            smc.closeSocket(1011, "restart");

            Await.until(() -> !logs.lines(Level.WARN, "reconnecting in").isEmpty(), "the reconnect to be scheduled");
            List<String> scheduled = logs.lines(Level.WARN, "reconnecting in");
            assertFalse(scheduled.get(0).contains("reconnecting in 0 ms"), scheduled.toString());
            assertEquals(1, smc.commands().size(), "subscribed again before the backoff ended");
        }
    }

    @Test
    void anSmcThatDropsEverySocketRightAfterTheAcknowledgementIsWarnedAboutOnceAndBackedOffFrom() throws Exception {
        smc.closingSocketAfterSubscribe();
        try (LogCapture logs = LogCapture.start()) {
            // The task's clock stands still: no socket ever streams for a second by it.
            task.start(props("10", "2000"));

            Await.until(() -> smc.commands().size() >= 5, () -> "the task did not keep reconnecting: " + smc.events());

            assertEquals(1, logs.lines(Level.WARN, "Lost the SMC at").size(), logs.text());
            assertEquals(List.of(), logs.lines(Level.INFO, "Reconnected to the SMC"));

            smc.keepingSocketsOpen();
            Await.until(() -> !logs.lines(Level.INFO, "Reconnected to the SMC").isEmpty(),
                    () -> "no recovery was logged once a socket stayed open: " + logs.text());
            String recovered = logs.lines(Level.INFO, "Reconnected to the SMC").get(0);
            // Every socket lost within the second counted as one more failed attempt of the same outage, and so as
            // one more step of the backoff; the warnings about them were held back.
            Matcher attempts = Pattern.compile("after (\\d+) failed attempt\\(s\\) in \\d+ ms \\((\\d+) warnings "
                    + "held back\\)").matcher(recovered);
            assertTrue(attempts.find(), recovered);
            assertTrue(Integer.parseInt(attempts.group(1)) >= 5, recovered);
            assertEquals(Integer.parseInt(attempts.group(1)) - 1, Integer.parseInt(attempts.group(2)), recovered);
            assertEquals(1, logs.lines(Level.WARN, "Lost the SMC at").size(), logs.text());
        }
    }

    private Map<String, String> props(String backoffInitialMs, String backoffMaxMs) {
        Map<String, String> props = new HashMap<>();
        props.put("name", "reconnect");
        props.put(SmcSourceConfig.SMC_URL_CONFIG, smc.baseUrl());
        props.put(SmcSourceConfig.SMC_API_KEY_CONFIG, FakeSmc.API_KEY);
        props.put(SmcSourceConfig.SMC_ELEMENTS_CONFIG, SampleFrames.SEED_ENGINE_NODE);
        props.put(SmcSourceConfig.POLL_TIMEOUT_MS_CONFIG, "50");
        props.put(SmcSourceConfig.SMC_RECONNECT_BACKOFF_INITIAL_MS_CONFIG, backoffInitialMs);
        props.put(SmcSourceConfig.SMC_RECONNECT_BACKOFF_MAX_MS_CONFIG, backoffMaxMs);
        return props;
    }

    private void startStreaming() throws Exception {
        task.start(props(HOUR_MS, HOUR_MS));
        Await.until(() -> smc.commands().size() == 1, () -> "the task did not subscribe: " + smc.events());
        smc.push(FakeSmc.notification(0, "{\"name\":\"Plano node 1\"}"));
        assertTrue(PollUntil.records(task, 1).size() == 1, "the first notification became no record");
        // The acknowledgement, read before that notification, had the session thread note when the socket proved
        // healthy; a failback check queued behind that returns once it ran. Only then may the clock move.
        task.checkFirstServerNow().get(Await.DEADLINE_MS, TimeUnit.MILLISECONDS);
    }
}
