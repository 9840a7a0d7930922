package io.github.kafkaconnectsmc.smc;

import io.github.kafkaconnectsmc.logging.ShortenedText;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link HrefDirectory} that reads the SMC's element lists through the REST API and caches name to href.
 *
 * <p>On a miss it reads the whole context ({@link ContextRefresh}): its element lists, which name the engines, and
 * every engine's document, which names its nodes. The whole context is read, not just until the missing name is
 * found, because the SMC answers a subscription with the status of every element at once; the caller waits only
 * until its own name is read. Refreshes are rate-limited: a context is re-read at most once per
 * {@code minRefreshInterval}, so a notification for a name the SMC does not list cannot cause a request storm, and
 * misses during a refresh wait for that refresh instead of starting another.
 *
 * <p>Thread safety: used from the socket's reader thread; the cache is concurrent so that refresh threads, and
 * {@link #clear()} and {@link #close()} from other threads, may use it.
 */
public final class RestHrefDirectory implements HrefDirectory {

    private static final Logger log = LoggerFactory.getLogger(RestHrefDirectory.class);

    private final SmcSession session;
    private final long minRefreshNanos;
    private final LongSupplier nanoTime;
    private final Map<String, String> hrefByName = new ConcurrentHashMap<>();
    private final Map<String, Long> lastRefreshByContext = new ConcurrentHashMap<>();
    /** The refresh of each context still running. */
    private final Map<String, ContextRefresh> running = new ConcurrentHashMap<>();
    private final AtomicLong misses = new AtomicLong();
    private volatile boolean closed;

    public RestHrefDirectory(SmcSession session, Duration minRefreshInterval) {
        this(session, minRefreshInterval, System::nanoTime);
    }

    // Visible for testing
    RestHrefDirectory(SmcSession session, Duration minRefreshInterval, LongSupplier nanoTime) {
        this.session = session;
        this.minRefreshNanos = minRefreshInterval.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public Optional<String> hrefOf(String context, String name) {
        String href = hrefByName.get(name);
        if (href == null) {
            try {
                href = awaitRefreshFor(context, name);
            } catch (InterruptedException e) {
                // The task is stopping.
                Thread.currentThread().interrupt();
            }
        }
        if (href == null) {
            misses.incrementAndGet();
            log.debug("SMC element '{}' of context {} is not listed by the REST API", ShortenedText.of(name), context);
        }
        return Optional.ofNullable(href);
    }

    /**
     * Waits for a refresh of {@code context} under way to read {@code name}; when it ends without, or none is under
     * way, starts one if the rate limit allows and waits for that.
     */
    private String awaitRefreshFor(String context, String name) throws InterruptedException {
        ContextRefresh underWay = running.get(context);
        if (underWay != null && !underWay.isFinished()) {
            String href = underWay.awaitName(name);
            if (href != null) {
                return href;
            }
        }
        if (closed || !mayRefresh(context)) {
            return null;
        }
        return startRefresh(context).awaitName(name);
    }

    @Override
    public void prefetch(String context) {
        // Read before (or since the last clear()) is exactly what has a last refresh time.
        if (!closed && lastRefreshByContext.putIfAbsent(context, nanoTime.getAsLong()) == null) {
            startRefresh(context);
        }
    }

    private boolean mayRefresh(String context) {
        long now = nanoTime.getAsLong();
        Long last = lastRefreshByContext.get(context);
        if (last != null && now - last < minRefreshNanos) {
            return false;
        }
        lastRefreshByContext.put(context, now);
        return true;
    }

    private ContextRefresh startRefresh(String context) {
        ContextRefresh[] started = new ContextRefresh[1];
        started[0] = ContextRefresh.start(context, session, hrefByName, () -> running.remove(context, started[0]));
        running.put(context, started[0]);
        return started[0];
    }

    /** Forgets what was cached and abandons refreshes under way (they read with the session that ended). */
    @Override
    public void clear() {
        cancelRunning();
        hrefByName.clear();
        lastRefreshByContext.clear();
    }

    /** Stops refreshes under way, and starts none after. */
    @Override
    public void close() {
        closed = true;
        cancelRunning();
    }

    private void cancelRunning() {
        running.values().forEach(ContextRefresh::cancel);
        running.clear();
    }

    @Override
    public long misses() {
        return misses.get();
    }
}
