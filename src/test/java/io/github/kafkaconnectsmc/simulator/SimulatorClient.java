package io.github.kafkaconnectsmc.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * A plain OkHttp client of the simulator, for tests that talk to it without the connector: REST calls and a
 * recording socket.
 */
public final class SimulatorClient implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one HTTP exchange returned. */
    public record Answer(int code, String body, String setCookie, String authorization) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final OkHttpClient client;
    private final String baseUrl;
    private final String version;

    public SimulatorClient(SmcSimulator simulator) {
        this(simulator, new OkHttpClient.Builder());
    }

    /** A client built from {@code client}, for example with TLS settings that trust the simulator. */
    SimulatorClient(SmcSimulator simulator, OkHttpClient.Builder client) {
        this.client = client.readTimeout(WAIT).build();
        this.baseUrl = simulator.baseUrl();
        this.version = simulator.apiVersion();
    }

    /** A GET of {@code path} (from the base URL, e.g. {@code /api}) with {@code cookie}, which may be null. */
    public Answer get(String path, String cookie) {
        Request.Builder request = new Request.Builder().url(baseUrl + path);
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return call(request.build());
    }

    /** A GET that names the SMC as {@code host} in its {@code Host} header, as a client behind a proxy or NAT would. */
    Answer getVia(String host, String path, String cookie) {
        return call(new Request.Builder().url(baseUrl + path).header("Host", host).header("Cookie", cookie).build());
    }

    /** A GET that echoes a token session's {@code Authorization} header. */
    Answer getWithToken(String path, String token) {
        return call(new Request.Builder().url(baseUrl + path).header("Authorization", token).build());
    }

    Answer login(String apiKey) {
        String body = JSON.createObjectNode().put("authenticationkey", apiKey).toString();
        return call(new Request.Builder().url(baseUrl + "/" + version + "/login")
                .post(RequestBody.create(body, MediaType.get("application/json"))).build());
    }

    /** Logs in with the simulator's key and returns the {@code JSESSIONID=...} cookie pair. */
    public String session(SmcSimulator simulator) {
        String setCookie = login(simulator.options().apiKey()).setCookie();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    public Answer logout(String cookie) {
        return call(new Request.Builder().url(baseUrl + "/" + version + "/logout").header("Cookie", cookie)
                .put(RequestBody.create(new byte[0], null)).build());
    }

    private Answer call(Request request) {
        try (Response response = client.newCall(request).execute()) {
            return new Answer(response.code(), response.body().string(), response.header("Set-Cookie"),
                    response.header("Authorization"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens the status socket with {@code cookie} (may be null) and, if not null, an {@code Origin} header. */
    public RecordingSocket openSocket(String cookie, String origin) {
        Request.Builder handshake = new Request.Builder().url(baseUrl + "/" + version + "/status/socket");
        if (cookie != null) {
            handshake.header("Cookie", cookie);
        }
        if (origin != null) {
            handshake.header("Origin", origin);
        }
        return open(handshake);
    }

    /** Opens the status socket offering the subprotocols {@code access_token, <token>}, as token sessions do. */
    RecordingSocket openSocketWithToken(String token) {
        return open(new Request.Builder().url(baseUrl + "/" + version + "/status/socket")
                .header("Sec-WebSocket-Protocol", "access_token, " + token));
    }

    private RecordingSocket open(Request.Builder handshake) {
        RecordingSocket recording = new RecordingSocket();
        recording.webSocket = client.newWebSocket(handshake.build(), recording);
        return recording;
    }

    @Override
    public void close() {
        client.dispatcher().cancelAll();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    /** A status socket that keeps every frame it receives and how it ended. */
    public static final class RecordingSocket extends WebSocketListener {
        private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> opened = new CompletableFuture<>();
        /** The subprotocol the server chose in its 101, or null. */
        volatile String subprotocol;
        /** The close code the server sent, or -1 when the connection failed instead. */
        final CompletableFuture<Integer> ended = new CompletableFuture<>();
        private WebSocket webSocket;

        public void send(String text) {
            webSocket.send(text);
        }

        /** The next frame, waiting up to {@link #WAIT}; fails the test when none comes. */
        public JsonNode next() {
            try {
                String frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                if (frame == null) {
                    throw new AssertionError("No frame within " + WAIT);
                }
                return JSON.readTree(frame);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        int handshakeStatus() {
            return opened.orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
        }

        public int endCode() {
            return ended.orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
        }

        public void close() {
            webSocket.close(1000, null);
        }

        @Override
        public void onOpen(WebSocket socket, Response response) {
            subprotocol = response.header("Sec-WebSocket-Protocol");
            opened.complete(response.code());
        }

        @Override
        public void onMessage(WebSocket socket, String text) {
            frames.add(text);
        }

        @Override
        public void onClosing(WebSocket socket, int code, String reason) {
            ended.complete(code);
            socket.close(1000, null);
        }

        @Override
        public void onFailure(WebSocket socket, Throwable error, Response response) {
            opened.complete(response == null ? -1 : response.code());
            ended.complete(-1);
        }
    }
}
