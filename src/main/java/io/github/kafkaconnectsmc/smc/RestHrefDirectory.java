package io.github.kafkaconnectsmc.smc;

import io.github.kafkaconnectsmc.logging.ShortenedText;
import io.github.kafkaconnectsmc.logging.ThrottledLog;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link HrefDirectory} that reads the SMC's element lists through the REST API and caches each context's names
 * with their hrefs ({@link ContextNames}: a name that several elements of a context share resolves to none, and
 * looking it up starts no refresh).
 *
 * <p>On a miss it reads the whole context ({@link ContextRefresh}): its element lists, which name the engines, and
 * every engine's document, which names its nodes. The whole context is read, not just until the missing name is
 * found, because the SMC answers a subscription with the status of every element at once; the caller waits only
 * until its own name is read. Refreshes are rate-limited: a context is re-read at most once per
 * {@code minRefreshInterval}, so a notification for a name the SMC does not list cannot cause a request storm, and
 * misses during a refresh wait for that refresh instead of starting another. A caller waits in slices of
 * {@code waitSlice}, running its {@code whileWaiting} after each, as the reader thread does while the queue is full.
 *
 * <p>Thread safety: used from the socket's reader thread; the cache is concurrent so that refresh threads, and
 * {@link #clear()} and {@link #close()} from other threads, may use it.
 */
public final class RestHrefDirectory implements HrefDirectory {

    private static final Logger log = LoggerFactory.getLogger(RestHrefDirectory.class);

    private final SmcSession session;
    private final long minRefreshNanos;
    private final long waitSliceNanos;
    private final LongSupplier nanoTime;
    /** Each context's names, apart: the SMC keeps names apart only within an element type ({@link ContextNames}). */
    private final Map<String, ContextNames> namesByContext = new ConcurrentHashMap<>();
    private final Map<String, Long> lastRefreshByContext = new ConcurrentHashMap<>();
    /** The refresh of each context still running. */
    private final Map<String, ContextRefresh> running = new ConcurrentHashMap<>();
    /**
     * Refreshes whose threads may still run, cancelled ones included: a read that ends after the task's HTTP client
     * was shut down would put its connection back in the pool, open for minutes ({@link #awaitReaders}).
     */
    private final Set<ContextRefresh> started = ConcurrentHashMap.newKeySet();
    /** Engine documents being read at once, by every refresh together ({@link ContextRefresh#PARALLEL_READS}). */
    private final Semaphore reads = new Semaphore(ContextRefresh.PARALLEL_READS);
    private final AtomicLong misses = new AtomicLong();
    private final ThrottledLog failedReads = ContextRefresh.failedReadsLog();
    private volatile boolean closed;

    public RestHrefDirectory(SmcSession session, Duration minRefreshInterval, Duration waitSlice) {
        this(session, minRefreshInterval, waitSlice, System::nanoTime);
    }

    // Visible for testing
    RestHrefDirectory(SmcSession session, Duration minRefreshInterval, Duration waitSlice, LongSupplier nanoTime) {
        this.session = session;
        this.minRefreshNanos = minRefreshInterval.toNanos();
        this.waitSliceNanos = waitSlice.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public Optional<String> hrefOf(String context, String name) {
        return hrefOf(context, name, () -> { });
    }

    @Override
    public Optional<String> hrefOf(String context, String name, Runnable whileWaiting) {
        ContextNames names = namesOf(context);
        String href = names.hrefOf(name);
        if (href == null && !names.isAmbiguous(name)) {
            try {
                href = awaitRefreshFor(context, names, name, whileWaiting);
            } catch (InterruptedException e) {
                // The task is stopping.
                Thread.currentThread().interrupt();
            }
        }
        if (href == null) {
            misses.incrementAndGet();
            log.debug("SMC element '{}' of context {} is not listed by the REST API, or not once",
                    ShortenedText.of(name), context);
        }
        return Optional.ofNullable(href);
    }

    /**
     * Waits for a refresh of {@code context} under way to read {@code name}; when it ends without, or none is under
     * way, starts one if the rate limit allows and waits for that.
     */
    private String awaitRefreshFor(String context, ContextNames names, String name, Runnable whileWaiting)
            throws InterruptedException {
        ContextRefresh underWay = running.get(context);
        if (underWay != null && !underWay.isFinished()) {
            String href = underWay.awaitName(name, waitSliceNanos, whileWaiting);
            if (href != null || names.isAmbiguous(name)) {
                return href;
            }
        }
        // A refresh that ended since the caller looked may have read the name.
        String href = names.hrefOf(name);
        if (href != null || names.isAmbiguous(name) || closed || !mayRefresh(context)) {
            return href;
        }
        ContextRefresh refresh = startRefresh(context);
        return refresh == null ? null : refresh.awaitName(name, waitSliceNanos, whileWaiting);
    }

    @Override
    public void prefetch(String context) {
        // Read before (or since the last clear()) is exactly what has a last refresh time.
        if (!closed && lastRefreshByContext.putIfAbsent(context, nanoTime.getAsLong()) == null) {
            startRefresh(context);
        }
    }

    private ContextNames namesOf(String context) {
        return namesByContext.computeIfAbsent(context, newContext -> new ContextNames());
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

    /**
     * Starts a refresh of {@code context}, or none (null) once closed. Synchronized with {@link #close()}: a refresh
     * started as the directory closes is either refused or cancelled by the close, never left reading.
     */
    private synchronized ContextRefresh startRefresh(String context) {
        if (closed) {
            return null;
        }
        started.removeIf(ContextRefresh::isTerminated);
        ContextRefresh[] refresh = new ContextRefresh[1];
        refresh[0] = ContextRefresh.start(context, session, namesOf(context), reads, failedReads,
                () -> running.remove(context, refresh[0]));
        running.put(context, refresh[0]);
        started.add(refresh[0]);
        return refresh[0];
    }

    /** Forgets what was cached and abandons refreshes under way (they read with the session that ended). */
    @Override
    public void clear() {
        cancelRunning();
        namesByContext.clear();
        lastRefreshByContext.clear();
    }

    /** Stops refreshes under way, and starts none after; {@link #awaitReaders} waits for their threads. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        cancelRunning();
    }

    /**
     * After {@link #close()}, waits up to {@code timeout} for the threads of every refresh to end. A cancelled read
     * ends at its next read from the socket, or when the client's calls are cancelled; one that had its answer
     * already ends normally, and returns its connection to the client's pool, which must be emptied after it.
     */
    public boolean awaitReaders(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ContextRefresh refresh : started) {
            if (!refresh.awaitTermination(deadline - System.nanoTime())) {
                return false;
            }
        }
        return true;
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
