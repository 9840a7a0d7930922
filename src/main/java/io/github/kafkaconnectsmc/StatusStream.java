package io.github.kafkaconnectsmc;

import io.github.kafkaconnectsmc.protocol.StatusProtocol;
import io.github.kafkaconnectsmc.protocol.Subscription;
import io.github.kafkaconnectsmc.protocol.SubscriptionRegistry;
import io.github.kafkaconnectsmc.smc.SmcRequestException;
import io.github.kafkaconnectsmc.smc.SmcSession;
import io.github.kafkaconnectsmc.smc.SmcStatusSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The SMC side of one task: logs in, opens the status socket, subscribes to the task's units, and passes every
 * frame to the {@link StatusFrameHandler}; on stop, unsubscribes, closes the socket and logs out.
 *
 * <p>Threads: login and the handshake run on a single session thread ({@code <prefix>-session}) so that
 * {@code start()} returns at once; frames arrive on OkHttp's reader thread. An error the task cannot recover from
 * is handed to the {@link NotificationQueue}, which throws it from the next {@code poll()}. Both threads carry the
 * worker's logging context (connector and task id).
 */
final class StatusStream implements SmcStatusSocket.Listener {

    private static final Logger log = LoggerFactory.getLogger(StatusStream.class);

    private final SmcSession session;
    private final OkHttpClient client;
    private final List<Subscription> subscriptions;
    private final StatusFrameHandler handler;
    private final NotificationQueue queue;
    private final ExecutorService sessionThread;
    private final Map<String, String> loggingContext;

    /** The subscriptions of the current socket; replaced with each socket. Written on the session thread. */
    private volatile SubscriptionRegistry registry = new SubscriptionRegistry();
    private volatile SmcStatusSocket socket;
    private volatile boolean stopping;

    StatusStream(SmcSession session, OkHttpClient client, List<Subscription> subscriptions, StatusFrameHandler handler,
                 NotificationQueue queue, String threadNamePrefix) {
        this.session = session;
        this.client = client;
        this.subscriptions = List.copyOf(subscriptions);
        this.handler = handler;
        this.queue = queue;
        this.loggingContext = MDC.getCopyOfContextMap();
        this.sessionThread = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadNamePrefix + "-session");
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() {
        sessionThread.execute(() -> withLoggingContext(this::connect));
    }

    private void connect() {
        try {
            session.open();
            if (stopping) {
                // stop() may have stopped waiting for this thread before the login answered: end the session here.
                session.logout();
                return;
            }
            registry = new SubscriptionRegistry();
            socket = SmcStatusSocket.open(client, session.statusSocketHandshake(), this);
        } catch (RuntimeException e) {
            if (!stopping) {
                log.error("Cannot start streaming from the SMC: {}", e.getMessage());
                queue.fail(e);
            }
        }
    }

    @Override
    public void onOpen(SmcStatusSocket openedSocket) {
        withLoggingContext(() -> {
            log.info("Status socket open to {}; subscribing to {} unit(s)", session.baseUrl(), subscriptions.size());
            SubscriptionRegistry current = registry;
            for (Subscription subscription : subscriptions) {
                current.subscribing(subscription);
                openedSocket.send(StatusProtocol.subscribeCommand(subscription));
            }
        });
    }

    @Override
    public void onFrame(String text) {
        withLoggingContext(() -> {
            try {
                handler.handle(text, registry);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public void onClosed(int code, String reason) {
        if (!stopping) {
            withLoggingContext(() -> lost(new ConnectException("The SMC closed the status socket (code " + code
                    + (reason == null || reason.isEmpty() ? "" : ", " + reason) + ")")));
        }
    }

    @Override
    public void onFailure(Throwable error, int httpStatus) {
        if (!stopping) {
            String what = httpStatus > 0
                    ? "The SMC refused the status socket handshake with HTTP " + httpStatus
                    + (httpStatus == 401 || httpStatus == 403 ? " (session not accepted)" : "")
                    : error instanceof SmcRequestException explained ? explained.getMessage()
                    : "The status socket to the SMC failed: " + error;
            withLoggingContext(() -> lost(new ConnectException(what, error)));
        }
    }

    private void lost(ConnectException error) {
        log.error("{}", error.getMessage());
        queue.fail(error);
    }

    /**
     * Unsubscribes, closes the socket and logs out, each bounded by {@code timeout}. Called once from the task's
     * {@code stop()}.
     */
    void stop(Duration timeout) {
        stopping = true;
        sessionThread.shutdownNow();
        awaitQuietly(timeout);
        SmcStatusSocket current = socket;
        if (current != null) {
            for (int id : registry.activeIds()) {
                current.send(StatusProtocol.unsubscribeCommand(id));
            }
            current.close("task stopping", timeout);
        }
        session.logout();
    }

    private void awaitQuietly(Duration timeout) {
        try {
            if (!sessionThread.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("The SMC session thread did not end within {}", timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Subscriptions the SMC has acknowledged on the current socket. */
    int activeSubscriptions() {
        return registry.activeCount();
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
}
