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
        String format = "Ignored a status frame ({}, {} so far): {}; frame: {}";
        if (cause == null) {
            throttledLog.warn(reason.name(), format, reason, count, ShortenedText.of(detail), ShortenedText.of(frame));
        } else {
            throttledLog.warn(reason.name(), format, reason, count, ShortenedText.of(detail), ShortenedText.of(frame),
                    cause);
        }
    }

    public long count(FrameRejection reason) {
        return counts.get(reason).get();
    }

    public long total() {
        return counts.values().stream().mapToLong(AtomicLong::get).sum();
    }
}
