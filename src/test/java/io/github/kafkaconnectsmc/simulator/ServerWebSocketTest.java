package io.github.kafkaconnectsmc.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkaconnectsmc.Await;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.internal.ws.RealWebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator's server end of a WebSocket, over TCP: against OkHttp's client for interoperation (messages, pings,
 * both ways of closing) and against a hand-written client for what OkHttp never sends (fragments, unmasked frames).
 */
class ServerWebSocketTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final MockWebServer server = new MockWebServer();
    private final Events serverSide = new Events();
    /**
     * Without pings: OkHttp's client may send a ping after its own close frame, and fails its socket with "closed" when
     * it does, a race the close tests must not depend on.
     */
    private final OkHttpClient client = new OkHttpClient.Builder().build();

    @BeforeEach
    void startServer() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return ServerWebSocket.upgrade(request, serverSide, "test-writer").build();
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        client.dispatcher().executorService().shutdown();
        server.close();
    }

    @Test
    void carriesTextBothWaysInOrderAndAnswersTheClientsClose() throws Exception {
        Events clientSide = new Events();
        WebSocket clientSocket = client.newWebSocket(new Request.Builder().url(server.url("/socket")).build(),
                clientSide);
        WebSocket serverSocket = serverSide.awaitOpen();
        clientSide.awaitOpen();

        clientSocket.send("héllo");
        assertEquals("message héllo", serverSide.next());
        for (int i = 0; i < 2_000; i++) {
            assertTrue(serverSocket.send("frame " + i + " " + "x".repeat(i % 300)));
        }
        serverSocket.send("y".repeat(70_000));
        for (int i = 0; i < 2_000; i++) {
            assertEquals("message frame " + i + " " + "x".repeat(i % 300), clientSide.next());
        }
        assertEquals("message " + "y".repeat(70_000), clientSide.next(), "a length over 65,535 bytes");

        clientSocket.close(1000, "bye");
        assertEquals("closing 1000 bye", serverSide.next());
        assertEquals("closed 1000 bye", serverSide.next());
        assertEquals("closing 1000 ", clientSide.next());
        assertFalse(serverSocket.send("too late"), "nothing is sent after a close");
    }

    @Test
    void closesWithTheServersCodeAndReason() throws Exception {
        Events clientSide = new Events();
        client.newWebSocket(new Request.Builder().url(server.url("/socket")).build(), clientSide);
        WebSocket serverSocket = serverSide.awaitOpen();
        clientSide.awaitOpen();

        assertTrue(serverSocket.close(4000, "going"));

        assertEquals("closing 4000 going", clientSide.next());
        assertEquals("closing 1000 ", serverSide.next(), "the client's answer");
        assertEquals("closed 1000 ", serverSide.next());
        assertFalse(serverSocket.close(4000, "again"));
    }

    @Test
    void answersTheClientsPings() throws Exception {
        OkHttpClient pinging = client.newBuilder().pingInterval(Duration.ofMillis(20)).build();
        WebSocket clientSocket = pinging.newWebSocket(new Request.Builder().url(server.url("/socket")).build(),
                new Events());
        serverSide.awaitOpen();

        // OkHttp's client fails the socket when a ping of its goes unanswered until the next one, 20 ms later.
        Await.until(() -> ((RealWebSocket) clientSocket).receivedPongCount() >= 5, "five pongs received");
        assertTrue(serverSide.events.isEmpty(), () -> "no close and no failure: " + serverSide.events);
    }

    @Test
    void joinsAFragmentedMessage() throws Exception {
        try (RawClient raw = new RawClient()) {
            serverSide.awaitOpen();

            raw.sendFrame(false, 0x1, "frag".getBytes(StandardCharsets.UTF_8));
            raw.sendFrame(true, 0x9, new byte[] {7});
            raw.sendFrame(true, 0x0, "mented".getBytes(StandardCharsets.UTF_8));

            assertEquals("message fragmented", serverSide.next());
            assertEquals(List.of(0x8A, 1, 7), raw.readBytes(3), "the ping between the fragments answered");
        }
    }

    @Test
    void failsTheSocketOnAnUnmaskedClientFrame() throws Exception {
        try (RawClient raw = new RawClient()) {
            serverSide.awaitOpen();

            raw.out.write(new byte[] {(byte) 0x81, 2, 'h', 'i'});
            raw.out.flush();

            assertEquals("failure ProtocolException Client frame not masked", serverSide.next());
            assertEquals(-1, raw.in.read(), "the connection is closed");
        }
    }

    @Test
    void failsTheSocketWhenItsListenerThrows() throws Exception {
        Events clientSide = new Events();
        client.newWebSocket(new Request.Builder().url(server.url("/socket")).build(), clientSide);
        serverSide.awaitOpen();
        WebSocket clientSocket = clientSide.awaitOpen();

        clientSocket.send("throw");

        assertEquals("message throw", serverSide.next());
        assertEquals("failure IllegalStateException thrown by the listener", serverSide.next());
        assertTrue(clientSide.next().startsWith("failure "), "the connection is closed under the client");
    }

    @Test
    void failsTheSocketWhenTheConnectionIsCut() throws Exception {
        RawClient raw = new RawClient();
        serverSide.awaitOpen();

        raw.close();

        assertTrue(serverSide.next().startsWith("failure "), "a cut connection is a failure, not a close");
    }

    @Test
    void countsFramesNotYetWrittenUntilTheClientReadsThem() throws Exception {
        try (RawClient raw = new RawClient()) {
            WebSocket serverSocket = serverSide.awaitOpen();
            String frame = "z".repeat(60_000);
            int frames = 200;

            for (int i = 0; i < frames; i++) {
                assertTrue(serverSocket.send(frame));
            }
            assertTrue(serverSocket.queueSize() > 0, "12 MB cannot all be in the TCP buffers of a client not reading");

            long expected = frames * (4L + frame.length());
            raw.skip(expected);
            Await.until(() -> serverSocket.queueSize() == 0, "all written once the client read them");
        }
    }

    @Test
    void closesASocketWhoseClientFallsMoreThanTheQueueLimitBehind() throws Exception {
        try (RawClient raw = new RawClient()) {
            WebSocket serverSocket = serverSide.awaitOpen();
            String frame = "q".repeat(1 << 20);

            int accepted = 0;
            while (accepted < 64 && serverSocket.send(frame)) {
                accepted++;
            }

            // A frame this long has a 10-byte header; the TCP buffers may take some frames besides.
            long limitsWorth = ServerWebSocket.MAX_QUEUE_BYTES / (frame.length() + 10);
            assertTrue(accepted >= limitsWorth, "at least the limit's worth (" + limitsWorth + "): " + accepted);
            assertTrue(accepted < 64, "refused before 64 MiB, with the client reading nothing");
            assertFalse(serverSocket.send("x"), "closing");
        }
    }

    /** Records what a listener is told, as text, in order. */
    private static final class Events extends WebSocketListener {

        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        private final BlockingQueue<WebSocket> opened = new LinkedBlockingQueue<>();

        WebSocket awaitOpen() throws InterruptedException {
            WebSocket socket = opened.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(socket, "opened");
            return socket;
        }

        String next() throws InterruptedException {
            String event = events.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(event, "an event within " + PATIENCE);
            return event;
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            opened.add(webSocket);
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            events.add("message " + text);
            if (text.equals("throw")) {
                throw new IllegalStateException("thrown by the listener");
            }
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            events.add("closing " + code + " " + reason);
            webSocket.close(1000, null);
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            events.add("closed " + code + " " + reason);
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable error, Response response) {
            events.add("failure " + error.getClass().getSimpleName() + " " + error.getMessage());
        }
    }

    /** A client written by hand: the handshake, then masked frames out and raw bytes in. */
    private final class RawClient implements AutoCloseable {

        private final Socket socket;
        final InputStream in;
        final OutputStream out;

        RawClient() throws IOException {
            socket = new Socket(server.getHostName(), server.getPort());
            socket.setSoTimeout((int) PATIENCE.toMillis());
            in = socket.getInputStream();
            out = socket.getOutputStream();
            out.write(("GET /socket HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = readHead();
            assertTrue(head.startsWith("HTTP/1.1 101"), head);
            // RFC 6455's own example key and answer.
            assertTrue(head.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), head);
        }

        private String readHead() throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("Connection closed in the handshake: " + head);
                }
                head.append((char) b);
            }
            return head.toString();
        }

        void sendFrame(boolean fin, int opcode, byte[] payload) throws IOException {
            byte[] mask = {0x12, 0x34, 0x56, 0x78};
            out.write((fin ? 0x80 : 0) | opcode);
            out.write(0x80 | payload.length);
            out.write(mask);
            for (int i = 0; i < payload.length; i++) {
                out.write(payload[i] ^ mask[i & 3]);
            }
            out.flush();
        }

        List<Integer> readBytes(int count) throws IOException {
            List<Integer> bytes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                bytes.add(in.read());
            }
            return bytes;
        }

        void skip(long count) throws IOException {
            long left = count;
            while (left > 0) {
                long skipped = in.skip(left);
                if (skipped <= 0 && in.read() < 0) {
                    throw new IOException("Connection closed with " + left + " bytes to come");
                }
                left -= Math.max(skipped, 1);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
