package io.github.kafkaconnectsmc.protocol;

import io.github.kafkaconnectsmc.logging.ShortenedText;
import io.github.kafkaconnectsmc.logging.ThrottledLog;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the frames that did not become records, by {@link FrameRejection}, and logs them at WARN with the frame
 * and the detail (which may quote the frame, as a failure reply's reason does) each cut to
 * {@link ShortenedText#MAX_CHARS} characters: the first of each reason at once, then at most one line a minute per
 * reason with the count of those held back, so a huge or hostile stream of frames cannot flood the worker log.
 */
public final class RejectedFrames {

    private static final Logger log = LoggerFactory.getLogger(RejectedFrames.class);

    /** How long repeated rejections of one reason are summarised instead of logged. */
    static final long LOG_WINDOW_MILLIS = 60_000L;

    private static final String LINE = "Ignored a status frame ({}, {} so far): {}; frame: {}";

    private final Map<FrameRejection, AtomicLong> counts = new EnumMap<>(FrameRejection.class);
    private final ThrottledLog throttledLog = new ThrottledLog(log, LOG_WINDOW_MILLIS);

    public RejectedFrames() {
        for (FrameRejection reason : FrameRejection.values()) {
            counts.put(reason, new AtomicLong());
        }
    }

    public void reject(FrameRejection reason, String detail, String frame) {
        reject(reason, detail, frame, null);
    }

    /** As {@link #reject(FrameRejection, String, String)}, logging the stack trace of {@code cause} as well. */
    public void reject(FrameRejection reason, String detail, String frame, Throwable cause) {
        long count = counts.get(reason).incrementAndGet();
        if (cause == null) {
            throttledLog.warn(reason.name(), LINE, reason, count, ShortenedText.of(detail), ShortenedText.of(frame));
        } else {
            throttledLog.warn(reason.name(), LINE, reason, count, ShortenedText.of(detail), ShortenedText.of(frame),
                    cause);
        }
    }

    /**
     * Counts a failure reply the SMC gave to the subscribe command of {@code subscription}, and logs it as
     * {@link #reject(FrameRejection, String, String)} does, but throttled per subscription rather than per reason:
     * each unit the SMC refuses (a mistyped context, an element URI it does not know) is a setting to correct, and the
     * log must name every one of them, not only the first refused within the window.
     */
    public void refused(Subscription subscription, String detail, String frame) {
        FrameRejection reason = FrameRejection.FAILURE_REPLY;
        long count = counts.get(reason).incrementAndGet();
        throttledLog.warn(reason.name() + " " + subscription, LINE, reason, count, ShortenedText.of(detail),
                ShortenedText.of(frame));
    }

    public long count(FrameRejection reason) {
        return counts.get(reason).get();
    }

    public long total() {
        return counts.values().stream().mapToLong(AtomicLong::get).sum();
    }
}
