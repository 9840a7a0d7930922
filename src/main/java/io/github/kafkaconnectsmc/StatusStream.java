package io.github.kafkaconnectsmc;

import io.github.kafkaconnectsmc.logging.ThrottledLog;
import io.github.kafkaconnectsmc.protocol.StatusProtocol;
import io.github.kafkaconnectsmc.protocol.Subscription;
import io.github.kafkaconnectsmc.protocol.SubscriptionRegistry;
import io.github.kafkaconnectsmc.smc.HrefDirectory;
import io.github.kafkaconnectsmc.smc.ReconnectBackoff;
import io.github.kafkaconnectsmc.smc.SmcLoginRefusedException;
import io.github.kafkaconnectsmc.smc.SmcRequestException;
import io.github.kafkaconnectsmc.smc.SmcSession;
import io.github.kafkaconnectsmc.smc.SmcStatusSocket;
import io.github.kafkaconnectsmc.smc.tls.SmcTlsException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import okhttp3.OkHttpClient;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The SMC side of one task: logs in, opens the status socket, subscribes to the task's units and passes every frame
 * to the {@link StatusFrameHandler}; rides through lost sockets and expired sessions; on stop, unsubscribes, closes
 * the socket and logs out.
 *
 * <p>Connection states, all driven from the single session thread ({@code <prefix>-session}):
 * <pre>
 *   CONNECTING --handshake ok--> SUBSCRIBING --first ack--> STREAMING
 *       ^  |                         |                          |
 *       |  +--login/handshake fails--+----socket closed/failed--+
 *       |                            v
 *       +------ backoff (full jitter) <-- 401: forget the session, log in again
 * </pre>
 * A socket lost after streaming for a while is opened again at once, and only then with backoff
 * ({@link ReconnectBackoff#delayAfterLosing}), so that the re-snapshot starts without delay.
 * A login refused with 401 (wrong key) is retried only {@link #LOGIN_REFUSED_MAX_TRIES} times, then fails the task;
 * any other failure is retried with backoff until {@code smc.reconnect.max.attempts} consecutive failures. The SMC
 * sends a fresh status for everything subscribed after each reconnect, so changes made while the socket was down
 * arrive as the current state, not one by one.
 *
 * <p>With several management servers in {@code smc.url}, an attempt that fails moves on to the next server (same
 * backoff); a socket that was streaming is first tried again on the same server, and a handshake refused for an
 * expired session logs in again there. Element URIs of the configured servers are subscribed on the server in use.
 *
 * <p>Optionally, every unit is subscribed again on a schedule (a re-snapshot, {@code smc.resnapshot.interval.ms}), so
 * that the SMC sends every element's current status again; the old subscription ids are unsubscribed once the new
 * ones are acknowledged, so that no change goes unreported in between (see {@link SubscriptionRegistry}).
 *
 * <p>Frames arrive on OkHttp's reader thread, one socket at a time; each socket gets its own {@link Connection} so a
 * late callback from an old socket can never touch the new one. Errors the task cannot recover from go to the
 * {@link NotificationQueue}, which throws them from the next {@code poll()} after the records queued before them.
 * All threads carry the worker's logging context (connector and task).
 */
final class StatusStream {

    private static final Logger log = LoggerFactory.getLogger(StatusStream.class);

    /** A wrong key is a configuration error: a few tries cover an SMC that refuses logins while starting up. */
    static final int LOGIN_REFUSED_MAX_TRIES = 3;
    /**
     * Sockets in a row that the SMC accepted and then ended before acknowledging any subscription, after which the
     * task logs in again: an SMC may check the session only after the upgrade, and end the sockets of one that ended.
     */
    static final int UNACKNOWLEDGED_SOCKETS_TO_LOG_IN_AGAIN = 3;
    /** After moves back to the first server that failed, at most this many failback checks are skipped in a row. */
    static final int MAX_FAILBACK_CHECKS_SKIPPED = 16;
    /** How long a socket left for the first server may take to confirm its close; it is cancelled after that. */
    private static final Duration HANDOVER_CLOSE_TIMEOUT = Duration.ofSeconds(2);

    private final SmcSession session;
    private final OkHttpClient client;
    private final List<Subscription> subscriptions;
    private final StatusFrameHandler handler;
    private final NotificationQueue queue;
    private final HrefDirectory directory;
    private final ReconnectBackoff backoff;
    private final int maxAttempts;
    private final ScheduledExecutorService sessionThread;
    private final Map<String, String> loggingContext;
    private final String readerThreadName;
    private final ThrottledLog throttledLog = new ThrottledLog(log, 60_000L);
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong resnapshots = new AtomicLong();
    /** Zero for no re-snapshots. */
    private final Duration resnapshotInterval;
    /** Told when the task moves to another management server (every href-shaped key changes then). */
    private final Runnable serverSwitched;
    /** How often to check whether the first server is back after a failover; zero for never. */
    private final Duration failbackInterval;
    /** Times how long a socket streamed before it was lost, and how long an outage lasted. */
    private final LongSupplier nanoTime;

    /** The socket in use, or null between sockets. Written on the session thread. */
    private volatile Connection current;
    /** Session thread only: the socket opened last, still known after it is lost, so that the next can leave it. */
    private Connection latest;
    private volatile boolean stopping;
    /** Session thread only: failed attempts since a socket last got a subscription acknowledged. */
    private int consecutiveFailures;
    /**
     * Session thread only: failed attempts since a socket last proved stable, streaming for
     * {@link ReconnectBackoff#STABLE_AFTER}. A socket the SMC drops right after acknowledging its subscriptions ends
     * no outage: the backoff keeps growing and the warnings stay throttled.
     */
    private int failuresSinceStable;
    /** Session thread only. */
    private int loginRefusals;
    /** Session thread only: sockets opened and lost since one last got a subscription acknowledged. */
    private int socketsLostUnacknowledged;
    /** Session thread only: when the first of the current run of failures happened, for the recovery log line. */
    private long failingSinceNanos;
    /** Session thread only: when the socket in use proved healthy; 0 when none did since the last failure. */
    private long healthySinceNanos;
    /** Session thread only: the socket that proved healthy and has not yet streamed long enough to prove stable. */
    private Connection provingStable;
    /** Session thread only: a move back to the first server whose socket has not proved healthy yet. */
    private boolean movingBack;
    /** Session thread only: failback checks to skip after moves back that failed, doubling up to a cap. */
    private int failbackChecksToSkip;
    private int failbackSkipsAfterFailure;

    StatusStream(SmcSession session, OkHttpClient client, List<Subscription> subscriptions, StatusFrameHandler handler,
                 NotificationQueue queue, HrefDirectory directory, ReconnectBackoff backoff, int maxAttempts,
                 String threadNamePrefix) {
        this(session, client, subscriptions, handler, queue, directory, backoff, maxAttempts, threadNamePrefix,
                Duration.ZERO, Duration.ZERO, () -> { }, System::nanoTime);
    }

    /** {@code nanoTime}: {@code System::nanoTime}, or a test's clock. */
    StatusStream(SmcSession session, OkHttpClient client, List<Subscription> subscriptions, StatusFrameHandler handler,
                 NotificationQueue queue, HrefDirectory directory, ReconnectBackoff backoff, int maxAttempts,
                 String threadNamePrefix, Duration resnapshotInterval, Duration failbackInterval,
                 Runnable serverSwitched, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.resnapshotInterval = resnapshotInterval;
        this.failbackInterval = failbackInterval;
        this.serverSwitched = serverSwitched;
        this.session = session;
        this.client = client;
        this.subscriptions = List.copyOf(subscriptions);
        this.handler = handler;
        this.queue = queue;
        this.directory = directory;
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
        this.loggingContext = MDC.getCopyOfContextMap();
        this.readerThreadName = threadNamePrefix + "-socket";
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, threadNamePrefix + "-session");
            thread.setDaemon(true);
            return thread;
        });
        // stop() lets the action under way finish but drops those waiting: a retry after its backoff, say.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.sessionThread = executor;
    }

    void start() {
        onSessionThread(this::connect, Duration.ZERO);
        if (!resnapshotInterval.isZero()) {
            every(resnapshotInterval, firstResnapshotAfter(resnapshotInterval, Math.random()), this::resnapshot);
        }
        if (!failbackInterval.isZero() && session.servers().size() > 1) {
            every(failbackInterval, this::returnToFirstServer);
        }
    }

    /**
     * When the first re-snapshot of a task goes: at {@code fraction} (from 0 to 1) of the way from half the interval to
     * the whole of it. The tasks of a connector, and every task of a restarted worker, start together; at fixed
     * times they would all ask the SMC for every element's status at the same moment, interval after interval.
     * Started at random points of the second half of the interval, they stay spread out, and each element is still
     * refreshed within every interval.
     */
    static Duration firstResnapshotAfter(Duration interval, double fraction) {
        long half = interval.toMillis() / 2;
        return Duration.ofMillis(half + Math.round((interval.toMillis() - half) * Math.min(1, Math.max(0, fraction))));
    }

    /** Runs {@code action} on the session thread every {@code period}, first after one period, until stopped. */
    void every(Duration period, Runnable action) {
        every(period, period, action);
    }

    /** Runs {@code action} on the session thread every {@code period}, first after {@code first}, until stopped. */
    private void every(Duration period, Duration first, Runnable action) {
        try {
            sessionThread.scheduleWithFixedDelay(() -> withLoggingContext(() -> {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    // A periodic task that throws is never run again: log and carry on instead.
                    log.warn("A periodic task of the SMC session failed; it runs again in {} ms", period.toMillis(), e);
                }
            }), first.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Stopping.
        }
    }

    /** Logs in if needed and starts the handshake; the {@link Connection} hears the outcome. Session thread. */
    private void connect() {
        if (stopping) {
            return;
        }
        try {
            if (!session.isOpen()) {
                session.open();
                if (stopping) {
                    // stop() may have stopped waiting for this thread before the login answered: end the session here.
                    session.logout();
                    return;
                }
                // A new session may see a changed element catalog: resolve names afresh, starting now, while the
                // socket opens, rather than when the first notification of a context asks for a name.
                directory.clear();
                for (Subscription subscription : subscriptions) {
                    if (subscription.kind() == Subscription.Kind.CONTEXT) {
                        directory.prefetch(subscription.target());
                    }
                }
            }
            loginRefusals = 0;
            Connection connection = new Connection();
            if (latest != null) {
                // Its reader may still wait for room with a frame older than the new socket's snapshot.
                latest.left = true;
            }
            latest = connection;
            current = connection;
            connection.socket = SmcStatusSocket.open(client, session.statusSocketHandshake(), connection);
        } catch (SmcTlsException e) {
            // A certificate the task cannot trust stays untrusted however often it is retried.
            fail(new ConnectException(e.getMessage(), e));
        } catch (SmcLoginRefusedException e) {
            if (++loginRefusals >= LOGIN_REFUSED_MAX_TRIES) {
                fail(new ConnectException(e.getMessage() + " (refused " + loginRefusals + " times; not retrying)", e));
            } else {
                retry(e, true);
            }
        } catch (SmcRequestException e) {
            retry(e, true);
        } catch (RuntimeException e) {
            fail(new ConnectException("Cannot stream status from the SMC at " + session.baseUrl() + ": " + e, e));
        }
    }

    /**
     * Counts a failed attempt and schedules the next, on the next configured server when {@code nextServer}, or
     * fails the task past the limit. Session thread.
     */
    private void retry(RuntimeException cause, boolean nextServer) {
        if (stopping) {
            return;
        }
        current = null;
        long now = nanoTime.getAsLong();
        Duration upFor = healthySinceNanos != 0 ? Duration.ofNanos(now - healthySinceNanos) : null;
        if (upFor != null && upFor.compareTo(ReconnectBackoff.STABLE_AFTER) >= 0) {
            // It streamed long enough, whether or not the check scheduled by healthy() has run yet.
            stable();
        }
        provingStable = null;
        consecutiveFailures++;
        if (failuresSinceStable++ == 0) {
            failingSinceNanos = now;
        }
        if (maxAttempts >= 0 && consecutiveFailures > maxAttempts) {
            fail(new ConnectException("Gave up on the SMC at " + session.baseUrl() + " after " + consecutiveFailures
                    + " consecutive failed attempts (smc.reconnect.max.attempts=" + maxAttempts + "); last cause: "
                    + cause.getMessage(), cause));
            return;
        }
        if (movingBack) {
            // The first server accepted the check's login but not the socket: stay away from it for a while, longer
            // each time, instead of leaving a healthy server at every check.
            movingBack = false;
            failbackSkipsAfterFailure = Math.min(MAX_FAILBACK_CHECKS_SKIPPED, Math.max(1, failbackSkipsAfterFailure * 2));
            failbackChecksToSkip = failbackSkipsAfterFailure;
            log.warn("Moving back to the first SMC in smc.url, {}, failed: {}; the next {} failback check(s) are "
                    + "skipped", session.server(), cause.getMessage(), failbackChecksToSkip);
        }
        // A socket that streamed long enough is opened again at once; one lost sooner backs off further.
        Duration delay = upFor != null ? backoff.delayAfterLosing(upFor) : backoff.nextDelay();
        healthySinceNanos = 0;
        throttledLog.warn("reconnect", "Lost the SMC at {}: {}; reconnecting in {} ms (attempt {})",
                session.baseUrl(), cause.getMessage(), delay.toMillis(), failuresSinceStable);
        if (nextServer && session.switchToNextServer()) {
            serverSwitched.run();
        }
        reconnects.incrementAndGet();
        onSessionThread(this::connect, delay);
    }

    /**
     * A socket got its first subscription acknowledged: the connection works again, which resets the count of
     * {@code smc.reconnect.max.attempts}. The outage ends only once the socket has streamed for
     * {@link ReconnectBackoff#STABLE_AFTER} ({@link #stable()}): an SMC that drops every socket right after
     * acknowledging it would otherwise be retried at the first backoff step forever, with a warning and a recovery
     * line each time. Session thread.
     */
    private void healthy() {
        consecutiveFailures = 0;
        socketsLostUnacknowledged = 0;
        healthySinceNanos = nanoTime.getAsLong();
        Connection proving = current;
        provingStable = proving;
        onSessionThread(() -> {
            if (proving != null && provingStable == proving && current == proving) {
                stable();
            }
        }, ReconnectBackoff.STABLE_AFTER);
        if (session.serverIndex() == 0) {
            // Back on the first server, by a move back or by the failover rotation: failback starts afresh.
            movingBack = false;
            failbackChecksToSkip = 0;
            failbackSkipsAfterFailure = 0;
        }
    }

    /**
     * The socket in use has streamed for {@link ReconnectBackoff#STABLE_AFTER}: the outage, if any, is over, so the
     * backoff starts afresh and the next loss is warned about at once. Session thread.
     */
    private void stable() {
        provingStable = null;
        if (failuresSinceStable > 0) {
            long heldBack = throttledLog.reset("reconnect");
            log.info("Reconnected to the SMC at {} after {} failed attempt(s) in {} ms{}", session.baseUrl(),
                    failuresSinceStable, Duration.ofNanos(healthySinceNanos - failingSinceNanos).toMillis(),
                    heldBack > 0 ? " (" + heldBack + " warnings held back)" : "");
        }
        failuresSinceStable = 0;
        backoff.reset();
    }

    /**
     * A socket the SMC accepted was lost before any subscription was acknowledged. After
     * {@link #UNACKNOWLEDGED_SOCKETS_TO_LOG_IN_AGAIN} in a row, the session is ended (logged out) so that the next
     * attempt logs in afresh: the handshake's 401 is the documented sign of an ended session, but an SMC that checks
     * the session only once the socket is open would otherwise have the task reopen sockets with it forever. Names
     * read with the old session are read again with the new one. Session thread.
     */
    private void lostUnacknowledged() {
        if (++socketsLostUnacknowledged < UNACKNOWLEDGED_SOCKETS_TO_LOG_IN_AGAIN) {
            return;
        }
        log.info("The SMC at {} ended {} status sockets in a row before acknowledging a subscription; logging in "
                + "again, in case it no longer accepts the session", session.baseUrl(), socketsLostUnacknowledged);
        socketsLostUnacknowledged = 0;
        directory.clear();
        session.logout();
    }

    private void fail(ConnectException error) {
        if (!stopping) {
            log.error("{}", error.getMessage());
            queue.fail(error);
        }
    }

    private void onSessionThread(Runnable action, Duration delay) {
        try {
            sessionThread.schedule(() -> withLoggingContext(action), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Stopping: the session thread is shut down and nothing more needs doing.
        }
    }

    /**
     * Unsubscribes, closes the socket and logs out, each bounded by {@code timeout}. Called once from the task's
     * {@code stop()}, after the queue was closed so that a reader held by backpressure is released.
     */
    void stop(Duration timeout) {
        stopping = true;
        // Not interrupted at first: a login interrupted after the SMC accepted it, or the logout connect() then makes,
        // would leave a session open on the SMC, one per stop, until it expires there.
        sessionThread.shutdown();
        try {
            if (!sessionThread.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("The SMC session thread did not end within {}; interrupting it", timeout);
                sessionThread.shutdownNow();
            }
        } catch (InterruptedException e) {
            sessionThread.shutdownNow();
            Thread.currentThread().interrupt();
        }
        Connection connection = current;
        if (connection != null) {
            connection.leave("task stopping", timeout);
        }
        session.logout();
    }

    /** Subscriptions the SMC has acknowledged on the current socket. */
    int activeSubscriptions() {
        Connection connection = current;
        return connection == null ? 0 : connection.registry.activeCount();
    }

    /** True while a socket is open and has at least one acknowledged subscription. */
    boolean isStreaming() {
        return activeSubscriptions() > 0;
    }

    /** Reconnect attempts scheduled since the task started. */
    long reconnects() {
        return reconnects.get();
    }

    /** Re-snapshots started since the task started. */
    long resnapshots() {
        return resnapshots.get();
    }

    /**
     * After a failover, moves back to the first server of {@code smc.url} once it accepts a login again: checks with
     * a login of its own first, so that a first server still down costs one failed login per interval and never the
     * healthy socket in use. Then it is like a reconnect: the socket in use is left (its frames ignored from then on,
     * unsubscribed and closed), the session logged out, and the units subscribed on the first server, whose snapshot
     * brings every element's current status. A first server that accepts logins but not the socket sends the task on
     * to the next server; the checks after such a failed move are skipped, one after the first failure, then two,
     * four, up to {@link #MAX_FAILBACK_CHECKS_SKIPPED}. Runs only while streaming: a task still failing over reaches
     * the first server through the normal rotation. Session thread.
     */
    private void returnToFirstServer() {
        Connection leaving = current;
        if (stopping || session.serverIndex() == 0 || leaving == null || leaving.socket == null
                || leaving.registry.activeCount() == 0) {
            return;
        }
        if (failbackChecksToSkip > 0) {
            failbackChecksToSkip--;
            return;
        }
        if (!session.firstServerAcceptsLogin()) {
            return;
        }
        log.info("The first SMC in smc.url, {}, accepts logins again; moving back to it from {}",
                session.servers().get(0), session.server());
        current = null;
        leaving.leave("moving back to the first SMC in smc.url", HANDOVER_CLOSE_TIMEOUT);
        session.logout();
        if (session.switchToFirstServer()) {
            serverSwitched.run();
        }
        movingBack = true;
        // The socket left behind was healthy, but the first server's is new: a loss now is not a streaming socket's.
        healthySinceNanos = 0;
        connect();
    }

    /** Runs a failback check now, besides the scheduled ones; done when the future is. Visible for testing. */
    Future<?> checkFirstServerNow() {
        return sessionThread.submit(() -> withLoggingContext(this::returnToFirstServer));
    }

    /** Starts a re-snapshot now, besides the scheduled ones. Visible for testing. */
    void resnapshotNow() {
        onSessionThread(this::resnapshot, Duration.ZERO);
    }

    /**
     * Subscribes every acknowledged unit of the current socket again, so that the SMC sends every element's current
     * status again. Skipped while a subscribe command still waits for its answer (the socket is new, or the last
     * re-snapshot is unanswered). Session thread.
     */
    private void resnapshot() {
        Connection connection = current;
        SmcStatusSocket socket = connection == null ? null : connection.socket;
        if (stopping || socket == null || connection.registry.awaitingCount() > 0) {
            return;
        }
        SubscriptionRegistry registry = connection.registry;
        registry.forgetUnansweredRetirements();
        List<Integer> ids = registry.activeIds();
        if (ids.isEmpty()) {
            return;
        }
        log.info("Subscribing again to {} unit(s) for a fresh snapshot of every element", ids.size());
        resnapshots.incrementAndGet();
        for (int id : ids) {
            SubscriptionRegistry.Active active = registry.active(id);
            if (active != null) {
                registry.resubscribing(id);
                socket.send(StatusProtocol.subscribeCommand(onServerInUse(active.subscription())));
            }
        }
    }

    /** The subscription as it is sent: an element URI of a configured server goes to the server in use. */
    private Subscription onServerInUse(Subscription subscription) {
        return subscription.kind() == Subscription.Kind.ELEMENT
                ? Subscription.element(session.onServerInUse(subscription.target())) : subscription;
    }

    private void withLoggingContext(Runnable action) {
        Map<String, String> previous = MDC.getCopyOfContextMap();
        if (loggingContext != null) {
            MDC.setContextMap(loggingContext);
        }
        try {
            action.run();
        } finally {
            if (previous != null) {
                MDC.setContextMap(previous);
            } else {
                MDC.clear();
            }
        }
    }

    /**
     * One status socket and its subscription ids. Callbacks run on OkHttp's reader thread for this socket. As the
     * sender of its records, a reader held by backpressure excuses the missing pong (see
     * {@link SmcStatusSocket#excuseMissingPong}), and a record that waits for room after the task left the socket is
     * not queued.
     */
    private final class Connection implements SmcStatusSocket.Listener, NotificationQueue.Sender {

        private final SubscriptionRegistry registry = new SubscriptionRegistry();
        /** Set on the session thread right after open(); callbacks use the socket passed to onOpen. */
        private volatile SmcStatusSocket socket;
        /** Written on the reader thread; read by onFailure, which OkHttp may call from its writer thread. */
        private volatile boolean healthyReported;
        /** Set on the reader thread when the SMC accepted the handshake. */
        private volatile boolean opened;
        /**
         * Set on the session thread when the task leaves this socket, or opens the next one after losing it: frames
         * still read from it are ignored, and a record of it waiting for room is not queued. Either would be older
         * than the snapshot of the socket that follows.
         */
        private volatile boolean left;

        @Override
        public boolean isLeft() {
            return left;
        }

        @Override
        public void whileWaiting() {
            SmcStatusSocket held = socket;
            if (held != null) {
                held.excuseMissingPong();
            }
        }

        /**
         * Leaves this socket: ignores its frames from now on, unsubscribes every id it still holds and closes it,
         * waiting up to {@code timeout}. A frame read after this would be older than the snapshot of the socket that
         * follows (and, after a move to another server, keyed by that server's hrefs); the snapshot covers it.
         */
        void leave(String reason, Duration timeout) {
            left = true;
            if (socket == null) {
                return;
            }
            for (int id : registry.idsStillSubscribed()) {
                socket.send(StatusProtocol.unsubscribeCommand(id));
            }
            socket.close(reason, timeout);
        }

        @Override
        public void onOpen(SmcStatusSocket openedSocket) {
            // OkHttp names the reader "OkHttp <url>" for the socket's life and restores the pooled thread's name
            // afterwards; a thread dump should show which task the socket belongs to.
            Thread.currentThread().setName(readerThreadName);
            opened = true;
            withLoggingContext(() -> {
                log.info("Status socket open to {}; subscribing to {} unit(s)", session.baseUrl(), subscriptions.size());
                for (Subscription subscription : subscriptions) {
                    registry.subscribing(subscription);
                    openedSocket.send(StatusProtocol.subscribeCommand(onServerInUse(subscription)));
                }
            });
        }

        @Override
        public void onFrame(String text) {
            if (left) {
                return;
            }
            // Every frame of a socket arrives on its reader thread, one of this task's own OkHttp threads: the logging
            // context is set there once instead of being copied in and out around each frame.
            if (!readerHasLoggingContext()) {
                MDC.setContextMap(loggingContext);
            }
            try {
                handler.handle(text, registry, this);
                SmcStatusSocket held = socket;
                if (held != null) {
                    // Ids a re-snapshot replaced, once every new id is acknowledged.
                    for (int replaced : registry.takeIdsToUnsubscribe()) {
                        held.send(StatusProtocol.unsubscribeCommand(replaced));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!healthyReported && registry.activeCount() > 0) {
                healthyReported = true;
                onSessionThread(StatusStream.this::healthy, Duration.ZERO);
            }
        }

        private boolean readerHasLoggingContext() {
            if (loggingContext == null) {
                return true;
            }
            for (Map.Entry<String, String> entry : loggingContext.entrySet()) {
                if (!entry.getValue().equals(MDC.get(entry.getKey()))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void onClosed(int code, String reason) {
            lost(new SmcRequestException("the SMC closed the status socket (code " + code
                    + (reason == null || reason.isEmpty() ? "" : ", " + reason) + ")", 0), !healthyReported);
        }

        @Override
        public void onFailure(Throwable error, int httpStatus) {
            if (httpStatus == 401 || httpStatus == 403) {
                // The SMC no longer accepts the session (it expired or the SMC restarted): log in afresh.
                session.expire();
                lost(new SmcRequestException("the SMC refused the status socket handshake with HTTP " + httpStatus
                        + " (session no longer valid)", httpStatus), false);
            } else if (httpStatus > 0) {
                lost(new SmcRequestException("the SMC refused the status socket handshake with HTTP " + httpStatus,
                        httpStatus), true);
            } else if (error instanceof SmcTlsException tls) {
                withLoggingContext(() -> fail(new ConnectException(tls.getMessage(), tls)));
            } else if (error instanceof SmcRequestException explained) {
                lost(explained, !healthyReported);
            } else {
                lost(new SmcRequestException("the status socket failed: " + error, error), !healthyReported);
            }
        }

        /**
         * Schedules the next attempt. {@code nextServer}: move on to the next configured server; false for a socket
         * that was streaming (its server is tried once more first) and for an expired session (the server answered).
         */
        private void lost(SmcRequestException cause, boolean nextServer) {
            if (stopping || current != this) {
                return;
            }
            boolean endedUnacknowledged = opened && !healthyReported;
            onSessionThread(() -> {
                if (current == this) {
                    if (endedUnacknowledged) {
                        lostUnacknowledged();
                    }
                    retry(cause, nextServer);
                }
            }, Duration.ZERO);
        }
    }
}
