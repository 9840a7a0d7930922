package io.github.kafkaconnectsmc.smc;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * An {@link HrefDirectory} that reads the SMC's element lists through the REST API and caches name to href.
 *
 * <p>On a miss it refreshes the whole context: it lists the context's element types
 * ({@code GET /{v}/elements/{type}}), which names the engines, then reads each engine's own document, the only place
 * its nodes are named. The whole context is read, not just until the missing name is found, because the SMC answers
 * a subscription with the status of every element at once and refreshes are rate-limited: a context is re-read at
 * most once per {@code minRefreshInterval}, so a notification for a name the SMC does not list cannot cause a request
 * storm. Engine documents are read {@link #PARALLEL_READS} at a time.
 *
 * <p>Thread safety: used from the socket's reader thread, which waits for the refresh's own reader threads; the cache
 * is concurrent so that they, and {@link #clear()} from another thread, may write it.
 */
public final class RestHrefDirectory implements HrefDirectory {

    private static final Logger log = LoggerFactory.getLogger(RestHrefDirectory.class);

    /** Engine documents read at once on a refresh: enough to hide round trips, few enough not to load the SMC. */
    static final int PARALLEL_READS = 8;

    private final SmcSession session;
    private final long minRefreshNanos;
    private final LongSupplier nanoTime;
    private final Map<String, String> hrefByName = new ConcurrentHashMap<>();
    private final Map<String, Long> lastRefreshByContext = new ConcurrentHashMap<>();
    private final AtomicLong misses = new AtomicLong();

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
        if (href == null && mayRefresh(context)) {
            refresh(context, name);
            href = hrefByName.get(name);
        }
        if (href == null) {
            misses.incrementAndGet();
        }
        return Optional.ofNullable(href);
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

    private void refresh(String context, String wantedName) {
        List<Reference> engines = new ArrayList<>();
        for (String type : ContextElementTypes.of(context)) {
            try {
                for (JsonNode item : session.get(session.apiUrl("elements/" + type)).path("result")) {
                    Reference engine = Reference.of(item);
                    if (engine != null) {
                        hrefByName.put(engine.name, engine.href);
                        engines.add(engine);
                    }
                }
            } catch (SmcRequestException e) {
                log.warn("Cannot list SMC elements of type {} for context {}: {}", type, context, e.getMessage());
            }
        }
        Set<String> seen = new HashSet<>();
        readNodesOf(engines.stream().filter(engine -> seen.add(engine.href)).toList());
        if (!hrefByName.containsKey(wantedName)) {
            log.debug("SMC element '{}' of context {} is not listed by the REST API", wantedName, context);
        }
    }

    /**
     * Reads the documents of {@code engines}, up to {@link #PARALLEL_READS} at a time: one request per engine is what
     * the SMC's REST API offers, and a context of thousands of single engines would otherwise take as many round
     * trips in a row. Returns when every document was read or failed.
     */
    private void readNodesOf(List<Reference> engines) {
        if (engines.size() <= 1) {
            engines.forEach(this::readNodes);
            return;
        }
        ExecutorService readers = Executors.newFixedThreadPool(Math.min(PARALLEL_READS, engines.size()),
                readerThreads(Thread.currentThread().getName() + "-href-", MDC.getCopyOfContextMap()));
        try {
            List<Future<?>> reads = new ArrayList<>(engines.size());
            for (Reference engine : engines) {
                reads.add(readers.submit(() -> readNodes(engine)));
            }
            for (Future<?> read : reads) {
                read.get();
            }
        } catch (InterruptedException e) {
            // The task is stopping: what was read so far stays cached.
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.warn("Cannot read the SMC's engine documents: {}", e.getCause().toString());
        } finally {
            readers.shutdownNow();
        }
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

    private void readNodes(Reference engine) {
        JsonNode document;
        try {
            document = session.get(HttpUrl.get(engine.href));
        } catch (SmcRequestException | IllegalArgumentException e) {
            log.warn("Cannot read SMC element {}: {}", engine.href, e.getMessage());
            return;
        }
        for (JsonNode entry : document.path("nodes")) {
            // Real SMCs wrap each node in its type: {"firewall_node": {"name":..., "link":[{"rel":"self",...}]}}.
            JsonNode node = entry.has("name") ? entry : entry.elements().hasNext() ? entry.elements().next() : entry;
            Reference reference = Reference.of(node);
            if (reference != null) {
                hrefByName.put(reference.name, reference.href);
            }
        }
    }

    @Override
    public void clear() {
        hrefByName.clear();
        lastRefreshByContext.clear();
    }

    @Override
    public long misses() {
        return misses.get();
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
