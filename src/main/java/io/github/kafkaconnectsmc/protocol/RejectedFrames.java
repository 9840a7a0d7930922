package io.github.kafkaconnectsmc.protocol;

import io.github.kafkaconnectsmc.logging.ThrottledLog;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the frames that did not become records, by {@link FrameRejection}, and logs them at WARN with the frame
 * cut to {@link #MAX_LOGGED_CHARS} characters: the first of each reason at once, then at most one line a minute per
 * reason with the count of those held back, so a huge or hostile stream of frames cannot flood the worker log.
 */
public final class RejectedFrames {

    private static final Logger log = LoggerFactory.getLogger(RejectedFrames.class);

    public static final int MAX_LOGGED_CHARS = 300;

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
        long count = counts.get(reason).incrementAndGet();
        throttledLog.warn(reason.name(), "Ignored a status frame ({}, {} so far): {}; frame: {}", reason, count,
                detail, truncate(frame));
    }

    public long count(FrameRejection reason) {
        return counts.get(reason).get();
    }

    public long total() {
        return counts.values().stream().mapToLong(AtomicLong::get).sum();
    }

    static String truncate(String frame) {
        if (frame.length() <= MAX_LOGGED_CHARS) {
            return frame;
        }
        return frame.substring(0, MAX_LOGGED_CHARS) + "... (" + frame.length() + " characters)";
    }
}
