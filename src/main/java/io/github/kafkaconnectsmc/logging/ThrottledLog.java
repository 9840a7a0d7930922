package io.github.kafkaconnectsmc.logging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs a repeated warning once, then a summary: the first occurrence of a kind is logged at WARN; later ones within
 * the window only count; the first occurrence after the window logs again with how many were held back. An SMC
 * outage or a stream of bad frames thus costs a few log lines a minute, not thousands.
 *
 * <p>Thread safety: safe for concurrent use; each kind's counter is updated atomically.
 */
public final class ThrottledLog {

    private static final class Window {
        long startedNanos;
        long suppressed;
    }

    private final Logger log;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public ThrottledLog(Logger log, long windowMillis) {
        this(log, windowMillis, System::nanoTime);
    }

    // Visible for testing
    ThrottledLog(Logger log, long windowMillis, LongSupplier nanoTime) {
        this.log = log;
        this.windowNanos = windowMillis * 1_000_000L;
        this.nanoTime = nanoTime;
    }

    /**
     * Logs {@code format} with {@code args} at WARN unless a warning of the same {@code kind} was logged within the
     * window. Returns true when it logged.
     */
    public boolean warn(String kind, String format, Object... args) {
        long now = nanoTime.getAsLong();
        long heldBack;
        Window window = windows.computeIfAbsent(kind, k -> new Window());
        synchronized (window) {
            if (window.startedNanos != 0 && now - window.startedNanos < windowNanos) {
                window.suppressed++;
                return false;
            }
            heldBack = window.suppressed;
            window.startedNanos = now == 0 ? 1 : now;
            window.suppressed = 0;
        }
        if (heldBack > 0) {
            log.warn(format + " (and {} more like it in the last {} s)", append(args, heldBack, windowNanos / 1_000_000_000L));
        } else {
            log.warn(format, args);
        }
        return true;
    }

    /** Forgets {@code kind}, so that its next occurrence is logged at once (for example after a recovery). */
    public long reset(String kind) {
        Window window = windows.remove(kind);
        if (window == null) {
            return 0;
        }
        synchronized (window) {
            return window.suppressed;
        }
    }

    private static Object[] append(Object[] args, Object... more) {
        // A trailing Throwable must stay last for SLF4J to print its stack trace.
        boolean throwableLast = args.length > 0 && args[args.length - 1] instanceof Throwable;
        Object[] all = new Object[args.length + more.length];
        int plain = throwableLast ? args.length - 1 : args.length;
        System.arraycopy(args, 0, all, 0, plain);
        System.arraycopy(more, 0, all, plain, more.length);
        if (throwableLast) {
            all[all.length - 1] = args[args.length - 1];
        }
        return all;
    }
}
