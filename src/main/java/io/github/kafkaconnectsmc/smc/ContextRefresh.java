package io.github.kafkaconnectsmc.smc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One reading of a context's element names from the SMC, in the background of {@link RestHrefDirectory}: lists the
 * context's element types ({@code GET /{v}/elements/{type}}), which names the engines, then reads each engine's own
 * document, the only place its nodes are named, {@link #PARALLEL_READS} at a time. Each name goes into the
 * directory's cache as soon as it is read, so a caller waiting for one name ({@link #awaitName}) goes on as soon as
 * that name is known, not when the whole context is: the snapshot of a context of thousands of engines flows into
 * Kafka while the rest of the context is still being read.
 *
 * <p>Thread safety: started by the socket's reader thread, run by its own threads ({@code <reader>-href-N}), awaited
 * and cancelled from any thread.
 */
final class ContextRefresh {

    private static final Logger log = LoggerFactory.getLogger(ContextRefresh.class);

    /** Engine documents read at once: enough to hide round trips, few enough not to load the SMC. */
    static final int PARALLEL_READS = 8;

    private final String context;
    private final SmcSession session;
    private final Map<String, String> hrefByName;
    private final Runnable whenFinished;
    private final ExecutorService readers;
    private final long startedNanos = System.nanoTime();
    private final AtomicInteger enginesLeft = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever names were added, and when the refresh finishes. */
    private final Condition progressed = lock.newCondition();
    /** Guarded by {@link #lock}. */
    private boolean finished;
    private volatile boolean cancelled;
    private volatile int listed;

    private ContextRefresh(String context, SmcSession session, Map<String, String> hrefByName, Runnable whenFinished) {
        this.context = context;
        this.session = session;
        this.hrefByName = hrefByName;
        this.whenFinished = whenFinished;
        this.readers = Executors.newFixedThreadPool(PARALLEL_READS,
                readerThreads(Thread.currentThread().getName() + "-href-", MDC.getCopyOfContextMap()));
    }

    /** Starts reading {@code context} into {@code hrefByName}; {@code whenFinished} runs once it is done or cancelled. */
    static ContextRefresh start(String context, SmcSession session, Map<String, String> hrefByName,
                                Runnable whenFinished) {
        ContextRefresh refresh = new ContextRefresh(context, session, hrefByName, whenFinished);
        refresh.readers.execute(refresh::listEngines);
        return refresh;
    }

    /**
     * The href of {@code name}, waiting while this refresh may still find it; null once the refresh finished (or was
     * cancelled) without it.
     */
    String awaitName(String name) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            String href;
            while ((href = hrefByName.get(name)) == null && !finished) {
                progressed.await();
            }
            return href;
        } finally {
            lock.unlock();
        }
    }

    boolean isFinished() {
        lock.lock();
        try {
            return finished;
        } finally {
            lock.unlock();
        }
    }

    /** Stops reading; names read so far stay. Waiters are released. */
    void cancel() {
        cancelled = true;
        readers.shutdownNow();
        finish();
    }

    private void listEngines() {
        List<Reference> engines = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String type : ContextElementTypes.of(context)) {
            try {
                for (JsonNode item : session.get(session.apiUrl("elements/" + type)).path("result")) {
                    Reference engine = Reference.of(item);
                    if (engine != null && !cancelled) {
                        hrefByName.put(engine.name(), engine.href());
                        if (seen.add(engine.href())) {
                            engines.add(engine);
                        }
                    }
                }
            } catch (SmcRequestException e) {
                log.warn("Cannot list SMC elements of type {} for context {}: {}", type, context, e.getMessage());
            }
        }
        listed = engines.size();
        signalProgress();
        if (engines.isEmpty()) {
            finish();
            return;
        }
        enginesLeft.set(engines.size());
        try {
            for (Reference engine : engines) {
                readers.execute(() -> readNodes(engine));
            }
        } catch (RejectedExecutionException e) {
            // Cancelled while submitting.
        }
    }

    private void readNodes(Reference engine) {
        try {
            JsonNode document = session.get(HttpUrl.get(engine.href()));
            for (JsonNode entry : document.path("nodes")) {
                // Real SMCs wrap each node in its type: {"firewall_node": {"name":..., "link":[{"rel":"self",...}]}}.
                JsonNode node = entry.has("name") ? entry
                        : entry.elements().hasNext() ? entry.elements().next() : entry;
                Reference reference = Reference.of(node);
                if (reference != null && !cancelled) {
                    hrefByName.put(reference.name(), reference.href());
                }
            }
        } catch (SmcRequestException | IllegalArgumentException e) {
            if (!cancelled) {
                log.warn("Cannot read SMC element {}: {}", engine.href(), e.getMessage());
            }
        } finally {
            signalProgress();
            if (enginesLeft.decrementAndGet() == 0) {
                finish();
            }
        }
    }

    private void signalProgress() {
        lock.lock();
        try {
            progressed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void finish() {
        lock.lock();
        try {
            if (finished) {
                return;
            }
            finished = true;
            progressed.signalAll();
        } finally {
            lock.unlock();
        }
        readers.shutdown();
        if (!cancelled) {
            log.info("Read the element names of context {} from the SMC: {} element(s) listed and their documents read "
                    + "in {} ms", context, listed, (System.nanoTime() - startedNanos) / 1_000_000);
        }
        whenFinished.run();
    }

    private static ThreadFactory readerThreads(String namePrefix, Map<String, String> loggingContext) {
        AtomicInteger number = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(() -> {
                if (loggingContext != null) {
                    MDC.setContextMap(loggingContext);
                }
                runnable.run();
            }, namePrefix + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A name and href read from a list item ({@code href}) or an element document ({@code link} rel self). */
    private record Reference(String name, String href) {
        static Reference of(JsonNode node) {
            String name = node.path("name").asText(null);
            String href = node.path("href").asText(null);
            if (href == null) {
                for (JsonNode link : node.path("link")) {
                    if ("self".equals(link.path("rel").asText())) {
                        href = link.path("href").asText(null);
                    }
                }
            }
            return name == null || href == null ? null : new Reference(name, href);
        }
    }
}
