package io.github.kafkaconnectsmc.smc;

import io.github.kafkaconnectsmc.smc.tls.ConnectionFailureTranslator;
import io.github.kafkaconnectsmc.smc.tls.SmcTlsException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.internal.ws.RealWebSocket;
import okio.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status WebSocket of one SMC session: opens it with the session's handshake, passes each frame's text to a
 * {@link Listener}, sends commands, and closes it in bounded time.
 *
 * <p>Frames are delivered on OkHttp's reader thread, one at a time. A listener that blocks (because the task's
 * queue is full) stops the socket from being read, which is how backpressure reaches the SMC: TCP flow control. In a
 * burst the reader gives up its core every few frames ({@link ReaderYield}), so that the threads taking its records
 * on to Kafka are not kept waiting for one.
 */
public final class SmcStatusSocket {

    private static final Logger log = LoggerFactory.getLogger(SmcStatusSocket.class);
    private static final int NORMAL_CLOSURE = 1000;

    /** What the socket reports. Every method is called on OkHttp's reader thread. */
    public interface Listener {
        /** The handshake succeeded; commands may be sent now. */
        void onOpen(SmcStatusSocket socket);

        void onFrame(String text);

        /** The socket is closed, by either side. Not called after {@link #onFailure}. */
        void onClosed(int code, String reason);

        /**
         * The handshake was refused or the connection failed. {@code httpStatus} is the handshake's HTTP status, or 0
         * when the failure came after the upgrade or without an HTTP answer. A TLS or proxy failure arrives as an
         * {@link SmcRequestException} (an {@link SmcTlsException} for TLS) whose message says what to fix.
         */
        void onFailure(Throwable error, int httpStatus);
    }

    private final CountDownLatch terminated = new CountDownLatch(1);
    /**
     * Set by the constructor, and by {@code onOpen} first: OkHttp may open the socket (and the listener may send its
     * subscriptions) on its own thread before {@code newWebSocket} has returned to the constructor.
     */
    private volatile WebSocket webSocket;
    private volatile boolean closing;

    private SmcStatusSocket(OkHttpClient client, Request handshake, Listener listener) {
        WebSocket created = withoutFrameReadTimeout(client).newWebSocket(handshake, new WebSocketListener() {
            @Override
            public void onOpen(WebSocket webSocket, Response response) {
                SmcStatusSocket.this.webSocket = webSocket;
                listener.onOpen(SmcStatusSocket.this);
            }

            /** Used on OkHttp's reader thread only, like this listener. */
            private final ReaderYield readerYield = new ReaderYield();

            @Override
            public void onMessage(WebSocket webSocket, String text) {
                listener.onFrame(text);
                readerYield.frameHandedOn();
            }

            /**
             * Nothing documents binary frames from the SMC, but JSON sent in one is still JSON: it is read as UTF-8
             * text, and what is not JSON is counted and logged as any text frame would be, never dropped unseen.
             */
            @Override
            public void onMessage(WebSocket webSocket, ByteString bytes) {
                onMessage(webSocket, bytes.utf8());
            }

            @Override
            public void onClosing(WebSocket webSocket, int code, String reason) {
                // The SMC started the close: answer it so that OkHttp can finish and call onClosed.
                webSocket.close(NORMAL_CLOSURE, null);
            }

            @Override
            public void onClosed(WebSocket webSocket, int code, String reason) {
                terminated.countDown();
                listener.onClosed(code, reason);
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable error, Response response) {
                terminated.countDown();
                Throwable explained = ConnectionFailureTranslator.translate(error, handshake.url())
                        .map(Throwable.class::cast).orElse(error);
                listener.onFailure(explained, response == null ? 0 : response.code());
            }
        });
        this.webSocket = created;
    }

    /**
     * The client to open the socket with. OkHttp reads a frame's first byte without a timeout, so a quiet socket lives
     * on, but reads the rest of the frame under the client's read timeout, the REST one: each such read registers a
     * timeout with Okio's watchdog thread and wakes it, most of the watchdog's 0.3-0.6 µs of CPU per record at high
     * rates (docs/performance.md). With pings on, a socket that stalls inside a frame is caught by its missing pong,
     * so the read timeout is dropped; the handshake keeps its bound (connect plus read timeout) as a call timeout,
     * which OkHttp stops applying once the socket is open. With pings off nothing else would catch that stall, so the
     * client is used as it is.
     */
    static OkHttpClient withoutFrameReadTimeout(OkHttpClient client) {
        if (client.pingIntervalMillis() == 0 || client.readTimeoutMillis() == 0) {
            return client;
        }
        return client.newBuilder()
                .readTimeout(Duration.ZERO)
                .callTimeout(Duration.ofMillis(client.connectTimeoutMillis() + client.readTimeoutMillis()))
                .build();
    }

    /** Starts the handshake; the listener hears the outcome. */
    public static SmcStatusSocket open(OkHttpClient client, Request handshake, Listener listener) {
        return new SmcStatusSocket(client, handshake, listener);
    }

    /** Queues a text frame; false when the socket is closing or closed. */
    public boolean send(String text) {
        return !closing && webSocket.send(text);
    }

    /** True once {@link #close} was called: a close the task asked for, not a failure. */
    public boolean isClosing() {
        return closing;
    }

    /**
     * Closes the socket and waits up to {@code timeout} for the SMC to acknowledge; after that the connection is
     * cancelled, so this returns in bounded time even when the SMC does not answer.
     */
    public void close(String reason, Duration timeout) {
        closing = true;
        webSocket.close(NORMAL_CLOSURE, reason);
        try {
            if (!terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.debug("The SMC did not acknowledge the close of the status socket within {}; cancelling", timeout);
                webSocket.cancel();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            webSocket.cancel();
        }
    }

    /**
     * Keeps OkHttp's ping check from failing this socket while the task holds the reader thread for backpressure.
     *
     * <p>OkHttp fails a socket whose pong has not been read by the time of the next ping. A reader held in
     * {@code onMessage} reads nothing, pongs included (and they would queue behind unread frames anyway), so
     * without this a Kafka stall longer than the ping interval would kill a healthy connection. Called from the
     * held reader thread, this records the pong as received, the same thing OkHttp's reader does on a real pong.
     * The trade-off: while backpressure lasts, a dead connection is not noticed; it is noticed within two ping
     * intervals once the reader resumes. {@code RealWebSocket} is OkHttp's only {@link WebSocket}; the version is
     * pinned and a test covers this.
     */
    public void excuseMissingPong() {
        if (webSocket instanceof RealWebSocket real) {
            real.onReadPong(ByteString.EMPTY);
        }
    }

    /** Drops the connection at once, without a close handshake. */
    public void cancel() {
        closing = true;
        webSocket.cancel();
    }

    /** Bytes of frames queued for sending, for tests and metrics. */
    public long queuedBytes() {
        return webSocket.queueSize();
    }
}
