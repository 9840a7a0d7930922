package io.github.kafkaconnectsmc.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkaconnectsmc.Await;
import io.github.kafkaconnectsmc.FakeSmc;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SmcStatusSocketTest {

    private FakeSmc smc;
    private OkHttpClient client;
    private SmcSession session;
    private final RecordingListener listener = new RecordingListener();

    @BeforeEach
    void start() throws IOException {
        smc = new FakeSmc().start();
        client = SmcHttpClientFactory.create(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ZERO, "smc-socket-test");
        session = smc.sessionFor(client);
        session.open();
    }

    @AfterEach
    void stop() {
        SmcHttpClientFactory.shutdown(client, Duration.ofSeconds(5));
        smc.close();
    }

    private SmcStatusSocket open() throws InterruptedException {
        SmcStatusSocket socket = SmcStatusSocket.open(client, session.statusSocketHandshake(), listener);
        assertEquals("open", listener.next());
        return socket;
    }

    @Test
    void theHandshakeCarriesTheSessionCookieAndNoOriginHeader() throws InterruptedException {
        open();

        RecordedRequest handshake = smc.requests("GET", "/7.1/status/socket").get(0);
        assertEquals("JSESSIONID=" + FakeSmc.SESSION_ID, handshake.getHeaders().get("Cookie"));
        assertNull(handshake.getHeaders().get("Origin"), "the SMC's CORS filter refuses an Origin header");
        assertEquals("websocket", handshake.getHeaders().get("Upgrade"));
    }

    @Test
    void commandsReachTheSmcAndItsFramesReachTheListenerInOrder() throws InterruptedException {
        SmcStatusSocket socket = open();

        assertTrue(socket.send("{\"context\":\"fw_single\"}"));
        assertEquals("frame " + FakeSmc.acknowledgement(0), listener.next());
        smc.push(FakeSmc.notification(0, "{\"name\":\"a\"}"));
        smc.push(FakeSmc.notification(0, "{\"name\":\"b\"}"));

        assertEquals("frame " + FakeSmc.notification(0, "{\"name\":\"a\"}"), listener.next());
        assertEquals("frame " + FakeSmc.notification(0, "{\"name\":\"b\"}"), listener.next());
        assertEquals(List.of("{\"context\":\"fw_single\"}"), smc.commands());
    }

    @Test
    void aBinaryFrameReachesTheListenerAsItsUtf8Text() throws InterruptedException {
        open();

        smc.pushBinary(FakeSmc.notification(0, "{\"name\":\"Zürich node 1\"}"));
        smc.pushBinary("\u0000not json");

        assertEquals("frame " + FakeSmc.notification(0, "{\"name\":\"Zürich node 1\"}"), listener.next());
        assertEquals("frame \u0000not json", listener.next());
    }

    @Test
    void aRefusedHandshakeIsReportedWithItsHttpStatus() throws InterruptedException {
        smc.refusingHandshakeWith(403);
        SmcStatusSocket.open(client, session.statusSocketHandshake(), listener);

        assertEquals("failure 403", listener.next());
    }

    @Test
    void closeSendsACloseFrameAndReturnsOnceTheSmcAnswers() throws InterruptedException {
        SmcStatusSocket socket = open();

        socket.close("task stopping", Duration.ofSeconds(10));

        assertTrue(socket.isClosing());
        assertEquals("closed 1000", listener.next());
        assertTrue(smc.events().contains("socket closed 1000"), smc.events().toString());
        assertFalse(socket.send("{\"unsubscribe\":0}"), "nothing may be sent after close");
    }

    @Test
    void closeReturnsInBoundedTimeWhenTheSmcNeverAnswers() throws InterruptedException {
        smc.ignoringCloseFrames();
        SmcStatusSocket socket = open();

        Duration timeout = Duration.ofMillis(100);

        // A second of slack for a loaded machine; a close that waited for the answer would take OkHttp's 60 s.
        assertTimeoutPreemptively(timeout.plusSeconds(1), () -> socket.close("task stopping", timeout));
        String outcome = listener.next();
        assertTrue(outcome.startsWith("failure"), "the unanswered socket must be cancelled, was: " + outcome);
    }

    @Test
    void aCloseStartedByTheSmcIsAnsweredAndReported() throws InterruptedException {
        open();

        smc.closeSocket(1001, "going away");

        assertEquals("closed 1001 going away", listener.next());
        Await.until(() -> !smc.socketOpen(), "the SMC side did not see its close answered");
    }

    /** Records what the socket reports, one line per event. */
    @Test
    void aQuietSocketOutlivesTheRestReadTimeout() throws InterruptedException {
        // REST calls time out after 200 ms and pings are off: an SMC with nothing to report must not look dead.
        OkHttpClient quick = SmcHttpClientFactory.create(Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ZERO,
                "smc-quiet-socket-test");
        try {
            SmcStatusSocket.open(quick, session.statusSocketHandshake(), listener);
            assertEquals("open", listener.next());

            assertNull(listener.events.poll(1_000, TimeUnit.MILLISECONDS), "five read timeouts of silence");
            smc.push(FakeSmc.notification(0, "{\"name\":\"a\"}"));
            assertEquals("frame " + FakeSmc.notification(0, "{\"name\":\"a\"}"), listener.next());
        } finally {
            SmcHttpClientFactory.shutdown(quick, Duration.ofSeconds(5));
        }
    }

    @Test
    void withPingsOnAHandshakeTheSmcNeverAnswersStillFailsInBoundedTime() throws Exception {
        // Pings on: the socket's client reads frames without the REST read timeout, so the handshake needs its own.
        OkHttpClient pinging = SmcHttpClientFactory.create(Duration.ofMillis(300), Duration.ofMillis(300),
                Duration.ofSeconds(30), "smc-unanswered-handshake-test");
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Request handshake = session.statusSocketHandshake().newBuilder()
                    .url("http://127.0.0.1:" + silent.getLocalPort() + "/7.1/status/socket").build();

            SmcStatusSocket.open(pinging, handshake, listener);

            try (Socket accepted = silent.accept()) {
                assertEquals("failure 0", listener.next(), "the handshake must time out, not wait forever");
                assertTrue(accepted.isConnected());
            }
        } finally {
            SmcHttpClientFactory.shutdown(pinging, Duration.ofSeconds(5));
        }
    }

    @Test
    void framesAreReadWithoutTheRestReadTimeoutOnlyWhenPingsWatchTheSocket() {
        OkHttpClient pinging = SmcHttpClientFactory.create(Duration.ofSeconds(2), Duration.ofSeconds(7),
                Duration.ofSeconds(30), "smc-socket-client-test");
        try {
            OkHttpClient socketClient = SmcStatusSocket.withoutFrameReadTimeout(pinging);
            assertEquals(0, socketClient.readTimeoutMillis());
            assertEquals(9_000, socketClient.callTimeoutMillis());
            assertEquals(30_000, socketClient.pingIntervalMillis());
            assertSame(client, SmcStatusSocket.withoutFrameReadTimeout(client), "pings off: the REST client as it is");
        } finally {
            SmcHttpClientFactory.shutdown(pinging, Duration.ofSeconds(5));
        }
    }

    private static final class RecordingListener implements SmcStatusSocket.Listener {
        private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        @Override
        public void onOpen(SmcStatusSocket socket) {
            events.add("open");
        }

        @Override
        public void onFrame(String text) {
            events.add("frame " + text);
        }

        @Override
        public void onClosed(int code, String reason) {
            events.add("closed " + code + (reason.isEmpty() ? "" : " " + reason));
        }

        @Override
        public void onFailure(Throwable error, int httpStatus) {
            events.add("failure " + httpStatus);
        }

        String next() throws InterruptedException {
            String event = events.poll(Await.DEADLINE_MS, TimeUnit.MILLISECONDS);
            assertNotNull(event, "the socket reported nothing");
            return event;
        }
    }
}
