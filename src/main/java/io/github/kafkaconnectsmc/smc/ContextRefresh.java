package io.github.kafkaconnectsmc.smc;

import io.github.kafkaconnectsmc.logging.ShortenedText;
import io.github.kafkaconnectsmc.logging.ThrottledLog;
import io.github.kafkaconnectsmc.smc.ElementReferences.Reference;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One reading of a context's element names from the SMC, in the background of {@link RestHrefDirectory}: lists the
 * context's element types ({@code GET /{v}/elements/{type}}), which names the engines, and reads each engine's own
 * document, the only place its nodes are named, as soon as the list names it, on {@link #PARALLEL_READS} threads
 * (one of them reads the list while it lasts). The engine documents read at once are bounded per task, not per
 * refresh ({@code reads}), since a task that logs in with several large contexts reads them all at once. Each name
 * goes into the directory's cache as soon as it is read, so a caller waiting for one name ({@link #awaitName}) goes
 * on as soon as that name is known, not when the whole context is: the snapshot of a context of thousands of engines
 * flows into Kafka while the rest of the context is still being read.
 *
 * <p>A refresh gives up once {@link #FAILED_READS_TO_GIVE_UP} engine documents in a row could not be read: an SMC
 * whose REST API does not answer would otherwise hold the waiting notifications for one request timeout per engine,
 * eight at a time (hours, for thousands of engines), and log every failure. The names not read by then get fallback
 * keys until a later refresh, which a miss starts at most once per {@code smc.href.refresh.min.interval.ms}.
 * A read that fails is logged through the task's {@link #failedReadsLog()}, once a minute at most: engine documents
 * the API client may not read fail on every refresh, and a context may have thousands of them.
 *
 * <p>Thread safety: started by the socket's reader thread, run by its own threads ({@code <reader>-href-N}), awaited
 * and cancelled from any thread.
 */
final class ContextRefresh {

    private static final Logger log = LoggerFactory.getLogger(ContextRefresh.class);

    /** Engine documents a task reads at once: enough to hide round trips, few enough not to load the SMC. */
    static final int PARALLEL_READS = 8;
    /** Failed engine document reads in a row that end a refresh: as many as are read at once, every reader's. */
    static final int FAILED_READS_TO_GIVE_UP = PARALLEL_READS;

    private final String context;
    private final SmcSession session;
    private final ContextNames names;
    /** The task's permits to read an engine document, {@link #PARALLEL_READS} of them shared by every refresh. */
    private final Semaphore reads;
    /** What this refresh read; completed when the whole context was read, not when the refresh was cut short. */
    private final ContextNames.Reading reading;
    private final Runnable whenFinished;
    /** The task's, shared by every refresh: failed reads are logged once a minute at most, whichever refresh. */
    private final ThrottledLog failedReads;
    private final ExecutorService readers;
    private final long startedNanos = System.nanoTime();
    /** The listing, and each engine document read it started, until they end; the refresh ends at zero. */
    private final AtomicInteger tasksLeft = new AtomicInteger(1);
    /**
     * The names callers wait for, each with the number of callers waiting for it: only reading one of them wakes the
     * waiters, not every name read. Changed under {@link #lock}.
     */
    private final Map<String, Integer> awaited = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when an awaited name was read, and when the refresh finishes. */
    private final Condition progressed = lock.newCondition();
    /** Guarded by {@link #lock}. */
    private boolean finished;
    private volatile boolean cancelled;
    /** Engines listed; written by the listing thread, read when the refresh finishes. */
    private volatile int listed;
    /** Engine documents read, for the give-up line; updated by the reader threads, as are the two below. */
    private final AtomicInteger documentsRead = new AtomicInteger();
    /** Engine documents that could not be read, for the line that ends the refresh. */
    private final AtomicInteger documentsFailed = new AtomicInteger();
    /** Failed reads since the last document read: {@link #FAILED_READS_TO_GIVE_UP} of them end the refresh. */
    private final AtomicInteger failedReadsInARow = new AtomicInteger();

    private ContextRefresh(String context, SmcSession session, ContextNames names, Semaphore reads,
                           ThrottledLog failedReads, Runnable whenFinished) {
        this.context = context;
        this.session = session;
        this.names = names;
        this.reads = reads;
        this.reading = names.newReading();
        this.failedReads = failedReads;
        this.whenFinished = whenFinished;
        this.readers = Executors.newFixedThreadPool(PARALLEL_READS,
                readerThreads(Thread.currentThread().getName() + "-href-", MDC.getCopyOfContextMap()));
    }

    /** A log for the failed reads of every refresh of one task: once a minute at most, with a count of the rest. */
    static ThrottledLog failedReadsLog() {
        return new ThrottledLog(log, 60_000L);
    }

    /**
     * Starts reading {@code context} into {@code names}, each engine document with one of the {@code reads} permits,
     * logging a failed read through {@code failedReads}; {@code whenFinished} runs once done or cancelled.
     */
    static ContextRefresh start(String context, SmcSession session, ContextNames names, Semaphore reads,
                                ThrottledLog failedReads, Runnable whenFinished) {
        ContextRefresh refresh = new ContextRefresh(context, session, names, reads, failedReads, whenFinished);
        refresh.readers.execute(refresh::listEngines);
        return refresh;
    }

    /**
     * The href of {@code name}, waiting while this refresh may still find it; null once the refresh finished (or was
     * cancelled) without it, or found it ambiguous. Runs {@code whileWaiting} after each {@code sliceNanos} of
     * waiting (under the lock: it must be short and must not call back into this refresh).
     */
    String awaitName(String name, long sliceNanos, Runnable whileWaiting) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            awaited.merge(name, 1, Integer::sum);
            String href;
            // A name read between the two looks is found at the next turn, a slice later at most.
            while ((href = names.hrefOf(name)) == null && !names.isAmbiguous(name) && !finished) {
                if (progressed.awaitNanos(sliceNanos) <= 0) {
                    whileWaiting.run();
                }
            }
            return href;
        } finally {
            awaited.computeIfPresent(name, (waitedFor, waiters) -> waiters == 1 ? null : waiters - 1);
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

    /** True once every thread of this refresh has ended: it finished or was cancelled, and no read still runs. */
    boolean isTerminated() {
        return readers.isTerminated();
    }

    /** Waits up to {@code nanos} for {@link #isTerminated()}; the refresh must have finished or been cancelled. */
    boolean awaitTermination(long nanos) throws InterruptedException {
        return readers.awaitTermination(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Lists the context's engines; each goes to the readers as soon as its list item is read, so that their documents
     * are being read while the rest of a long list still arrives. The refresh ends when the listing and every read it
     * started have ended ({@link #tasksLeft}).
     */
    private void listEngines() {
        Set<String> seen = new HashSet<>();
        try {
            for (String type : ContextElementTypes.of(context)) {
                try {
                    session.get(session.apiUrl("elements/" + type), list -> {
                        ElementReferences.readList(list, engine -> {
                            if (!cancelled) {
                                learn(engine);
                                if (seen.add(engine.href())) {
                                    listed++;
                                    tasksLeft.incrementAndGet();
                                    readers.execute(() -> readNodes(engine));
                                }
                            }
                        });
                        return null;
                    });
                } catch (SmcRequestException e) {
                    if (cancelled) {
                        return;
                    }
                    log.warn("Cannot list SMC elements of type {} for context {}: {}", type, context, e.getMessage());
                }
            }
        } catch (RejectedExecutionException e) {
            // Cancelled while listing: the read just counted never starts.
            tasksLeft.decrementAndGet();
        } finally {
            taskEnded();
        }
    }

    private void readNodes(Reference engine) {
        try {
            if (cancelled) {
                // Taken from the queue just before the refresh was cancelled.
                return;
            }
            reads.acquire();
            try {
                session.get(HttpUrl.get(engine.href()), document -> {
                    ElementReferences.readNodes(document, node -> {
                        if (!cancelled) {
                            learn(node);
                        }
                    });
                    return null;
                });
            } finally {
                reads.release();
            }
            documentsRead.incrementAndGet();
            failedReadsInARow.set(0);
        } catch (SmcRequestException | IllegalArgumentException e) {
            if (!cancelled) {
                readFailed(engine, e);
            }
        } catch (InterruptedException e) {
            // Cancelled while it waited for a permit.
            Thread.currentThread().interrupt();
        } finally {
            taskEnded();
        }
    }

    /** Logs a failed read; after {@link #FAILED_READS_TO_GIVE_UP} in a row, gives the refresh up. */
    private void readFailed(Reference engine, RuntimeException e) {
        documentsFailed.incrementAndGet();
        int inARow = failedReadsInARow.incrementAndGet();
        if (inARow < FAILED_READS_TO_GIVE_UP) {
            failedReads.warn("document", "Cannot read SMC element {}: {}", ShortenedText.of(engine.href()),
                    ShortenedText.of(e.getMessage()));
        } else if (inARow == FAILED_READS_TO_GIVE_UP) {
            log.warn("Giving up reading the element names of context {}: the last {} engine documents could not be "
                    + "read (last: {}: {}); {} of {} listed engine(s) read. Elements not named yet get fallback keys "
                    + "(unresolved:{}/<name>) until a later refresh", context, inARow, ShortenedText.of(engine.href()),
                    ShortenedText.of(e.getMessage()), documentsRead.get(), listed, context);
            cancel();
        }
    }

    /** Caches {@code reference}, and wakes a caller waiting for its name. */
    private void learn(Reference reference) {
        reading.learn(reference.name(), reference.href());
        // Read after the cache is written: a waiter registers its name before it looks in the cache (see awaitName),
        // so either it finds the name there or it is seen here.
        if (awaited.containsKey(reference.name())) {
            signalProgress();
        }
    }

    private void taskEnded() {
        if (tasksLeft.decrementAndGet() == 0) {
            finish();
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
            if (!cancelled) {
                // Before the waiters wake: a name found ambiguous before and read once now must resolve for them, and
                // what their records' keys come from is logged before the records.
                reading.complete();
                logCompleted();
            }
            finished = true;
            progressed.signalAll();
        } finally {
            lock.unlock();
        }
        readers.shutdown();
        reading.forget();
        whenFinished.run();
    }

    private void logCompleted() {
        int failed = documentsFailed.get();
        log.info("Read the element names of context {} from the SMC: {} element(s) listed and their documents read in "
                + "{} ms{}", context, listed, (System.nanoTime() - startedNanos) / 1_000_000, failed == 0 ? ""
                : "; " + failed + " of the documents could not be read, so their elements get fallback keys "
                + "(unresolved:" + context + "/<name>) until a later refresh");
        if (reading.ambiguousNames() > 0) {
            log.warn("{} name(s) of context {} belong to more than one SMC element, for example {}: their status "
                    + "notifications cannot be told apart, so their records get fallback keys (unresolved:{}/<name>). "
                    + "Give each element a name of its own", reading.ambiguousNames(), context,
                    ShortenedText.of(reading.example()), context);
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
}
