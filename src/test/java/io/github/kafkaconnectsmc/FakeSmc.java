package io.github.kafkaconnectsmc;

import io.github.kafkaconnectsmc.smc.SmcSession;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.apache.kafka.common.config.types.Password;

/**
 * A small stand-in for the SMC, for unit tests: version discovery, login with one API key, logout, GET of JSON
 * documents the test registers, and the status socket, over http or https. Sessions are cookies by default, or
 * tokens ({@link #issuingTokens}); REST calls and the handshake need a live one. The socket acknowledges each
 * subscribe command with the next subscription id (0, 1, ... per socket) and sends nothing else unless told
 * ({@link #sendingStatusOnSubscribe()}); the test pushes notifications with {@link #push}. Every request is
 * recorded ({@link #requests}), and everything received, in order, in {@link #events()}.
 *
 * <p>Configure it, then {@link #start()}; only the https settings must come before the start. Not a simulator: it
 * plays exactly what one unit test scripts. Integration tests use the full simulator.
 */
public final class FakeSmc implements AutoCloseable {

    /** Distinctive, so a test can search every log line and message for it. */
    public static final String API_KEY = "ApiKey-9Xq7-NEVER-LOGGED-c41f0e2b";
    public static final String SESSION_ID = "4F1C2A9B7E3D5C6A8B0D1E2F3A4B5C6D";
    public static final String VERSION = "7.1";
    /** The token a token session gets unless the test names one. */
    public static final String TOKEN = "smc-token-7f3a";

    /** How the login answers a right key. */
    private enum SessionKind { COOKIE, TOKEN, COOKIE_AND_TOKEN }

    /** How the login answers any key. */
    private enum LoginRefusal { NONE, REFUSED, REFUSED_QUOTING_THE_REQUEST }

    private final MockWebServer server = new MockWebServer();
    private final Map<String, String> documents = new ConcurrentHashMap<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextSubscriptionId = new AtomicInteger();

    private volatile List<String> offeredVersions = List.of("6.10", "7.0", VERSION);
    private volatile int handshakeStatus = 101;
    private volatile boolean answersClose = true;
    private volatile boolean sendsStatusOnSubscribe;
    private volatile boolean sendsStatusBeforeAcknowledgement;
    private volatile boolean closesSocketAfterSubscribe;
    private volatile boolean acceptsSocketsOfEndedSessions;
    /** Subscribe commands naming one of these are answered with a failure reply, as for an unknown element. */
    private final List<String> refusedTargets = new CopyOnWriteArrayList<>();
    private volatile String acceptedSubprotocol;
    private volatile SessionKind sessionKind = SessionKind.COOKIE;
    private volatile String token = TOKEN;
    private volatile LoginRefusal loginRefusal = LoginRefusal.NONE;
    private volatile int quotePadding;
    /** Documents under this path (not the path itself) are answered only after {@link #documentDelay}. */
    private volatile String delayedUnder;
    private volatile Duration documentDelay = Duration.ZERO;
    private volatile WebSocket socket;
    /** Answers every request with 503, as a management server that is down behind a load balancer. */
    private volatile boolean unavailable;
    /** The session id the SMC accepts; null after {@link #expireSessions()} until the next login. */
    private volatile String validSessionId = SESSION_ID;
    private final AtomicInteger sessionsIssued = new AtomicInteger();
    private final AtomicInteger loginsAccepted = new AtomicInteger();
    private boolean https;
    private boolean started;

    public FakeSmc() {
        server.setDispatcher(new SmcDispatcher());
    }

    /** Starts listening on a free port of 127.0.0.1. */
    public FakeSmc start() throws IOException {
        server.start(InetAddress.getLoopbackAddress(), 0);
        started = true;
        return this;
    }

    /** Serves https (and wss) with the SMC's side of TLS; before {@link #start()}. */
    public FakeSmc useHttps(SSLSocketFactory serverSide) {
        requireNotStarted();
        server.useHttps(serverSide);
        https = true;
        return this;
    }

    /** Demands a client certificate that the server side's trust accepts (mutual TLS); before {@link #start()}. */
    public FakeSmc requireClientCertificate() {
        requireNotStarted();
        server.requireClientAuth();
        return this;
    }

    private void requireNotStarted() {
        if (started) {
            throw new IllegalStateException("TLS settings must be made before start()");
        }
    }

    /** {@code http(s)://127.0.0.1:<port>}: what {@code smc.url} is set to. */
    public String baseUrl() {
        return (https ? "https" : "http") + "://127.0.0.1:" + server.getPort();
    }

    public int port() {
        return server.getPort();
    }

    /** A session of this SMC with the right key and {@link #VERSION} pinned, over {@code client}; not yet open. */
    public SmcSession sessionFor(OkHttpClient client) {
        return new SmcSession(client, URI.create(baseUrl()), new Password(API_KEY), Optional.of(VERSION),
                Optional.empty());
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

    /** A right key gets a token session: the login answers with {@code Authorization: <token>} and no cookie. */
    public FakeSmc issuingTokens(String token) {
        this.sessionKind = SessionKind.TOKEN;
        this.token = token;
        return this;
    }

    /** A right key gets both a session cookie and {@code Authorization: <token>}. */
    public FakeSmc issuingCookiesAndTokens(String token) {
        this.sessionKind = SessionKind.COOKIE_AND_TOKEN;
        this.token = token;
        return this;
    }

    /** Every request gets 503 until {@link #available()}: the server is down. */
    public FakeSmc unavailable() {
        unavailable = true;
        return this;
    }

    /** Serves again after {@link #unavailable()}. */
    public FakeSmc available() {
        unavailable = false;
        return this;
    }

    /** Every login gets 401, whatever the key. */
    public FakeSmc refusingLogins() {
        loginRefusal = LoginRefusal.REFUSED;
        return this;
    }

    /** Every login gets 401 with an error message that quotes the request body, API key included. */
    public FakeSmc refusingLoginsQuotingTheRequest() {
        return refusingLoginsQuotingTheRequestAfter(0);
    }

    /** As {@link #refusingLoginsQuotingTheRequest()}, with {@code padding} characters of text before the quote. */
    public FakeSmc refusingLoginsQuotingTheRequestAfter(int padding) {
        loginRefusal = LoginRefusal.REFUSED_QUOTING_THE_REQUEST;
        quotePadding = padding;
        return this;
    }

    /** The handshake's answer names this subprotocol ({@code Sec-WebSocket-Protocol}). */
    public FakeSmc acceptingSubprotocol(String subprotocol) {
        acceptedSubprotocol = subprotocol;
        return this;
    }

    /**
     * Follows each acknowledgement with one status of READY/OK for the subscription, as the SMC's snapshot on
     * subscribe: named {@code "<context> node 1"} for a context, {@code "element node"} for an element.
     */
    public FakeSmc sendingStatusOnSubscribe() {
        sendsStatusOnSubscribe = true;
        return this;
    }

    /**
     * Sends the status of {@link #sendingStatusOnSubscribe()} before the acknowledgement instead of after it: the SMC
     * documents the acknowledgement first, but nothing says its status pushes cannot overtake it.
     */
    public FakeSmc sendingStatusBeforeAcknowledgement() {
        sendsStatusBeforeAcknowledgement = true;
        return this;
    }

    /** Closes the status socket (1001) right after answering the first subscribe command. */
    public FakeSmc closingSocketAfterSubscribe() {
        closesSocketAfterSubscribe = true;
        return this;
    }

    /**
     * Answers a subscribe command for {@code target} (a context name or an element URI) with
     * {@code {"failure":"Element not found: <target>"}} instead of an acknowledgement, as the SMC does for an element
     * it does not know.
     */
    public FakeSmc refusingSubscriptionsTo(String target) {
        refusedTargets.add(target);
        return this;
    }

    /** Stops {@link #closingSocketAfterSubscribe()}: the next socket stays open. */
    public FakeSmc keepingSocketsOpen() {
        closesSocketAfterSubscribe = false;
        return this;
    }

    /**
     * Opens the status socket for a session that has ended, and closes it at once with 1008 (policy violation), as an
     * SMC that checks the session only after the upgrade would; REST calls with it still get 401.
     */
    public FakeSmc acceptingSocketsOfEndedSessions() {
        acceptsSocketsOfEndedSessions = true;
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

    /** Answers the documents below {@code path} ({@code elements/single_fw/1}, not the list) after {@code delay}. */
    public FakeSmc delayingDocumentsUnder(String path, Duration delay) {
        delayedUnder = "/" + VERSION + "/" + path + "/";
        documentDelay = delay;
        return this;
    }

    /** Sends {@code frame}'s UTF-8 bytes as a binary frame on the status socket. */
    public void pushBinary(String frame) throws InterruptedException {
        openSocket().send(okio.ByteString.encodeUtf8(frame));
    }

    /** Closes the status socket from the SMC's side. */
    public void closeSocket(int code, String reason) throws InterruptedException {
        openSocket().close(code, reason);
    }

    private WebSocket openSocket() throws InterruptedException {
        Await.until(() -> socket != null, "no status socket is open");
        return socket;
    }

    /** Logins answered with a session, so that a test can match them with the logouts. */
    public int loginsAccepted() {
        return loginsAccepted.get();
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

    /** Every request received, in order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The requests with this method and path, such as {@code ("PUT", "/7.1/logout")}, in order. */
    public List<RecordedRequest> requests(String method, String path) {
        return requests.stream()
                .filter(r -> r.getMethod().equals(method) && r.getUrl().encodedPath().equals(path))
                .toList();
    }

    /**
     * Acknowledges each subscribe command with the next id, followed by a status if told; answers nothing else (the
     * SMC's answer to an unsubscribe is undocumented).
     */
    private List<String> replyTo(String command) {
        boolean context = command.startsWith("{\"context\"");
        if (!context && !command.startsWith("{\"element\"")) {
            return List.of();
        }
        String target = command.split("\"")[3];
        if (refusedTargets.contains(target)) {
            return List.of("{\"failure\":\"Element not found: " + target + "\"}");
        }
        int id = nextSubscriptionId.getAndIncrement();
        if (!sendsStatusOnSubscribe) {
            return List.of(acknowledgement(id));
        }
        String name = context ? target + " node 1" : "element node";
        String status = notification(id,
                "{\"monitoring_state\":\"READY\",\"monitoring_status\":\"OK\",\"name\":\"" + name + "\"}");
        return sendsStatusBeforeAcknowledgement ? List.of(status, acknowledgement(id))
                : List.of(acknowledgement(id), status);
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
            if (unavailable) {
                return json(503, "{\"message\":\"Service unavailable\"}");
            }
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
            if (!authenticated(request)) {
                if (acceptsSocketsOfEndedSessions && method.equals("GET") && call.equals("status/socket")) {
                    return new MockResponse.Builder().webSocketUpgrade(new EndedSessionSocket()).build();
                }
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
                MockResponse.Builder upgrade = new MockResponse.Builder().webSocketUpgrade(new SocketSide());
                if (acceptedSubprotocol != null) {
                    upgrade.addHeader("Sec-WebSocket-Protocol", acceptedSubprotocol);
                }
                return upgrade.build();
            }
            String document = documents.get(call);
            if (method.equals("GET") && document != null) {
                String under = delayedUnder;
                if (under != null && path.startsWith(under)) {
                    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                            .headersDelay(documentDelay.toMillis(), TimeUnit.MILLISECONDS).body(document).build();
                }
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

        /** A live cookie, or a live session's token in {@code Authorization} when sessions carry tokens. */
        private boolean authenticated(RecordedRequest request) {
            String session = validSessionId;
            if (session == null) {
                return false;
            }
            boolean cookie = sessionKind != SessionKind.TOKEN
                    && ("JSESSIONID=" + session).equals(request.getHeaders().get("Cookie"));
            boolean token = sessionKind != SessionKind.COOKIE
                    && FakeSmc.this.token.equals(request.getHeaders().get("Authorization"));
            return cookie || token;
        }

        private MockResponse login(RecordedRequest request) {
            String body = request.getBody() == null ? "" : request.getBody().utf8();
            if (loginRefusal == LoginRefusal.REFUSED_QUOTING_THE_REQUEST) {
                return json(401, "{\"message\":\"Invalid login " + "-".repeat(quotePadding) + body.replace("\"", "'")
                        + "\",\"details\":[]}");
            }
            if (loginRefusal == LoginRefusal.REFUSED || !body.contains("\"authenticationkey\":\"" + API_KEY + "\"")) {
                return json(401, "{\"message\":\"Login failed\",\"details\":\"Invalid authentication key\"}");
            }
            if (validSessionId == null) {
                // A fresh session after an expiry: Tomcat-style 32 upper-case hex characters.
                validSessionId = String.format("%032X", sessionsIssued.incrementAndGet());
            }
            loginsAccepted.incrementAndGet();
            MockResponse.Builder answer = new MockResponse.Builder().code(200);
            if (sessionKind != SessionKind.TOKEN) {
                answer.addHeader("Set-Cookie", "JSESSIONID=" + validSessionId + "; Path=/; HttpOnly");
            }
            if (sessionKind != SessionKind.COOKIE) {
                answer.addHeader("Authorization", token);
            }
            return answer.build();
        }

        private MockResponse json(int code, String body) {
            return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json")
                    .body(body).build();
        }
    }

    /** The SMC's end of the status socket. */
    /** The status socket of a session that has ended: closed by the SMC as soon as it opens. */
    private final class EndedSessionSocket extends WebSocketListener {
        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            events.add("socket open for an ended session");
            webSocket.close(1008, "session expired");
        }
    }

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
            List<String> replies = replyTo(text);
            replies.forEach(webSocket::send);
            // Recorded only once the replies are queued: a test that saw the command and then pushes a frame must
            // not have it overtake the acknowledgement, or the task rejects it as for an unknown subscription.
            commands.add(text);
            events.add("command " + text);
            if (closesSocketAfterSubscribe && !replies.isEmpty()) {
                webSocket.close(1001, "fake SMC going away");
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
