package io.github.kafkaconnectsmc;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * A small stand-in for the SMC, for unit tests: version discovery, login with one API key, logout, GET of JSON
 * documents the test registers, and the status socket. The socket acknowledges each subscribe command with the next
 * subscription id (0, 1, ... per socket) and sends nothing else; the test pushes notifications with {@link #push}.
 * Everything received is recorded, in order, in {@link #events()}.
 *
 * <p>Not a simulator: it plays exactly what one unit test scripts. Integration tests use the full simulator.
 */
public final class FakeSmc implements AutoCloseable {

    /** Distinctive, so a test can search every log line and message for it. */
    public static final String API_KEY = "ApiKey-9Xq7-NEVER-LOGGED-c41f0e2b";
    public static final String SESSION_ID = "4F1C2A9B7E3D5C6A8B0D1E2F3A4B5C6D";
    public static final String VERSION = "7.1";

    private final MockWebServer server = new MockWebServer();
    private final Map<String, String> documents = new ConcurrentHashMap<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextSubscriptionId = new AtomicInteger();

    private volatile List<String> offeredVersions = List.of("6.10", "7.0", VERSION);
    private volatile int handshakeStatus = 101;
    private volatile boolean answersClose = true;
    private volatile WebSocket socket;
    /** The session id the SMC accepts; null after {@link #expireSessions()} until the next login. */
    private volatile String validSessionId = SESSION_ID;
    private final AtomicInteger sessionsIssued = new AtomicInteger();

    public FakeSmc() throws IOException {
        server.setDispatcher(new SmcDispatcher());
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    /** {@code http://127.0.0.1:<port>}: what {@code smc.url} is set to. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** An href of this SMC, such as {@code href("elements/single_fw/1649")}. */
    public String href(String path) {
        return baseUrl() + "/" + VERSION + "/" + path;
    }

    public FakeSmc offeringVersions(String... versions) {
        offeredVersions = List.of(versions);
        return this;
    }

    /** Answers the socket handshake with {@code httpStatus} instead of upgrading. */
    public FakeSmc refusingHandshakeWith(int httpStatus) {
        handshakeStatus = httpStatus;
        return this;
    }

    /** Ends every session, as an SMC's idle timeout or restart does: the next call with the old cookie gets 401. */
    public FakeSmc expireSessions() {
        validSessionId = null;
        return this;
    }

    /** WebSocket pings the SMC's side of the current socket has received from the connector. */
    public int pingsReceived() {
        return socket instanceof okhttp3.internal.ws.RealWebSocket real ? real.receivedPingCount() : 0;
    }

    /** Lets a close frame from the connector go unanswered, like a hung SMC. */
    public FakeSmc ignoringCloseFrames() {
        answersClose = false;
        return this;
    }

    /** Serves {@code json} at {@code GET /<version>/<path>}, for example an element list; replaces what was there. */
    public FakeSmc serving(String path, String json) {
        documents.put(path, json);
        return this;
    }

    /** Sends a frame on the status socket, once this side has seen it open (it may lag the connector's side). */
    public void push(String frame) throws InterruptedException {
        openSocket().send(frame);
    }

    /** Closes the status socket from the SMC's side. */
    public void closeSocket(int code, String reason) throws InterruptedException {
        openSocket().close(code, reason);
    }

    private WebSocket openSocket() throws InterruptedException {
        Await.until(() -> socket != null, "no status socket is open");
        return socket;
    }

    public boolean socketOpen() {
        return socket != null;
    }

    /** Text frames the connector sent on the status socket, in order. */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    /**
     * What happened, in order: {@code "GET /api"}, {@code "POST /7.1/login"}, {@code "socket open"},
     * {@code "command {...}"}, {@code "socket closed 1000"}, {@code "PUT /7.1/logout"}.
     */
    public List<String> events() {
        return List.copyOf(events);
    }

    /** The first recorded request with this method and path. */
    public Optional<RecordedRequest> request(String method, String path) {
        return requests.stream()
                .filter(r -> r.getMethod().equals(method) && r.getUrl().encodedPath().equals(path))
                .findFirst();
    }

    public long requestCount(String method, String path) {
        return requests.stream()
                .filter(r -> r.getMethod().equals(method) && r.getUrl().encodedPath().equals(path))
                .count();
    }

    /** Acknowledges each subscribe command with the next id; answers nothing else (the SMC's answer is undocumented). */
    private List<String> replyTo(String command) {
        if (command.startsWith("{\"context\"") || command.startsWith("{\"element\"")) {
            return List.of(acknowledgement(nextSubscriptionId.getAndIncrement()));
        }
        return List.of();
    }

    public static String acknowledgement(int subscriptionId) {
        return "{\"success\":\"Subscribed for status\",\"subscription_id\":" + subscriptionId + "}";
    }

    public static String notification(int subscriptionId, String body) {
        return "{\"status\":{\"status\":" + body + "},\"subscription_id\":" + subscriptionId + "}";
    }

    @Override
    public void close() {
        // A socket whose close frame was ignored stays half-open on this side; close it so the server can stop.
        WebSocket current = socket;
        if (current != null) {
            current.close(1001, "fake SMC stopping");
        }
        server.close();
    }

    private final class SmcDispatcher extends Dispatcher {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
            requests.add(request);
            String method = request.getMethod();
            String path = request.getUrl().encodedPath();
            events.add(method + " " + path);
            if (method.equals("GET") && path.equals("/api")) {
                return json(200, versions());
            }
            // Every offered version serves the same API: /<version>/<call>.
            String[] versionAndCall = path.substring(1).split("/", 2);
            if (versionAndCall.length < 2 || !offeredVersions.contains(versionAndCall[0])) {
                return json(404, "{\"message\":\"Not found\",\"details\":\"" + path + "\"}");
            }
            String call = versionAndCall[1];
            if (method.equals("POST") && call.equals("login")) {
                return login(request);
            }
            String session = validSessionId;
            boolean authenticated = session != null
                    && ("JSESSIONID=" + session).equals(request.getHeaders().get("Cookie"));
            if (!authenticated) {
                return json(401, "{\"message\":\"Not authenticated\",\"details\":\"\"}");
            }
            if (method.equals("PUT") && call.equals("logout")) {
                return new MockResponse.Builder().code(204).build();
            }
            if (method.equals("GET") && call.equals("status/socket")) {
                if (handshakeStatus != 101) {
                    return json(handshakeStatus, "{\"message\":\"handshake refused\"}");
                }
                nextSubscriptionId.set(0);
                return new MockResponse.Builder().webSocketUpgrade(new SocketSide()).build();
            }
            String document = documents.get(call);
            if (method.equals("GET") && document != null) {
                return json(200, document);
            }
            return json(404, "{\"message\":\"Not found\",\"details\":\"" + path + "\"}");
        }

        private String versions() {
            StringBuilder list = new StringBuilder();
            for (String version : offeredVersions) {
                list.append(list.isEmpty() ? "" : ",").append("{\"rel\":\"").append(version).append("\",\"href\":\"")
                        .append(baseUrl()).append('/').append(version).append("/api\"}");
            }
            return "{\"version\":[" + list + "]}";
        }

        private MockResponse login(RecordedRequest request) {
            String body = request.getBody() == null ? "" : request.getBody().utf8();
            if (!body.contains("\"authenticationkey\":\"" + API_KEY + "\"")) {
                return json(401, "{\"message\":\"Login failed\",\"details\":\"Invalid authentication key\"}");
            }
            if (validSessionId == null) {
                // A fresh session after an expiry: Tomcat-style 32 upper-case hex characters.
                validSessionId = String.format("%032X", sessionsIssued.incrementAndGet());
            }
            return new MockResponse.Builder()
                    .code(200)
                    .addHeader("Set-Cookie", "JSESSIONID=" + validSessionId + "; Path=/; HttpOnly")
                    .build();
        }

        private MockResponse json(int code, String body) {
            return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json")
                    .body(body).build();
        }
    }

    /** The SMC's end of the status socket. */
    private final class SocketSide extends WebSocketListener {
        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            synchronized (FakeSmc.this) {
                socket = webSocket;
            }
            events.add("socket open");
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            commands.add(text);
            events.add("command " + text);
            for (String reply : replyTo(text)) {
                webSocket.send(reply);
            }
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            events.add("socket closed " + code);
            if (answersClose) {
                webSocket.close(1000, null);
            }
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            forget(webSocket);
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            forget(webSocket);
        }

        /** The old socket's end may come after the reconnected one opened: it must not forget the new one. */
        private void forget(WebSocket ended) {
            synchronized (FakeSmc.this) {
                if (socket == ended) {
                    socket = null;
                }
            }
        }
    }
}
