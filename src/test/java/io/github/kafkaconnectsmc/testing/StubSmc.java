package io.github.kafkaconnectsmc.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * Just enough of an SMC (API 7.1) on a {@link MockWebServer} for component tests of sessions, TLS and proxies:
 * login (cookie, token or both; or refused), logout, an empty element list, and the status socket, which
 * acknowledges each subscription and sends one status for it. Every request is recorded. The full simulator is
 * built elsewhere; this stub only serves the security tests.
 */
public final class StubSmc implements AutoCloseable {

    public static final String VERSION = "7.1";
    public static final String SESSION_ID = "0123456789ABCDEF0123456789ABCDEF";

    /** What the login answers. REFUSED_QUOTING_REQUEST puts the request body into its error message. */
    public enum Login { COOKIE, TOKEN, COOKIE_AND_TOKEN, REFUSED, REFUSED_QUOTING_REQUEST }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MockWebServer server = new MockWebServer();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger subscriptionIds = new AtomicInteger();
    private volatile Login login = Login.COOKIE;
    private volatile String token = "smc-token-7f3a";
    private volatile int socketRefusal;
    private volatile String acceptedSubprotocol;
    private volatile boolean closeSocketAfterStatus;

    public StubSmc() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                return answer(request);
            }
        });
    }

    public StubSmc useHttps(SSLSocketFactory serverSide) {
        server.useHttps(serverSide);
        return this;
    }

    /** The SMC demands a client certificate of the test CA. */
    public StubSmc requireClientCertificate() {
        server.requireClientAuth();
        return this;
    }

    public StubSmc login(Login answer) {
        this.login = answer;
        return this;
    }

    /** The value of the login's Authorization header in token mode. */
    public StubSmc token(String value) {
        this.token = value;
        return this;
    }

    /** The socket handshake is refused with this HTTP status (401, 503, ...). */
    public StubSmc refuseSocket(int status) {
        this.socketRefusal = status;
        return this;
    }

    /** The handshake answer names this subprotocol, chosen from those the client offered. */
    public StubSmc acceptSubprotocol(String subprotocol) {
        this.acceptedSubprotocol = subprotocol;
        return this;
    }

    /** The status socket closes itself (code 1001) after sending the first status. */
    public StubSmc closeSocketAfterStatus() {
        this.closeSocketAfterStatus = true;
        return this;
    }

    public StubSmc start() throws IOException {
        server.start();
        return this;
    }

    public MockWebServer server() {
        return server;
    }

    /** The base URL as the connector's smc.url wants it, with the scheme the server speaks. */
    public String url() {
        HttpUrl url = server.url("/");
        return url.scheme() + "://" + url.host() + ":" + url.port();
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Recorded requests whose method and path match, e.g. {@code ("PUT", "/7.1/logout")}. */
    public List<RecordedRequest> requests(String method, String path) {
        return requests.stream()
                .filter(r -> r.getMethod().equals(method) && r.getUrl().encodedPath().equals(path))
                .toList();
    }

    public String token() {
        return token;
    }

    private MockResponse answer(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        if (path.equals("/api")) {
            return json(200, "{\"version\":[{\"rel\":\"" + VERSION + "\",\"href\":\"" + url() + "/" + VERSION
                    + "/api\"}]}");
        }
        if (path.equals("/" + VERSION + "/login") && request.getMethod().equals("POST")) {
            return loginAnswer(request);
        }
        if (path.equals("/" + VERSION + "/logout")) {
            return new MockResponse.Builder().code(204).build();
        }
        if (path.equals("/" + VERSION + "/status/socket")) {
            if (socketRefusal > 0) {
                return json(socketRefusal, "{\"message\":\"refused by the stub\",\"details\":[]}");
            }
            MockResponse.Builder upgrade = new MockResponse.Builder().webSocketUpgrade(new StatusSocket());
            if (acceptedSubprotocol != null) {
                upgrade.addHeader("Sec-WebSocket-Protocol", acceptedSubprotocol);
            }
            return upgrade.build();
        }
        if (path.startsWith("/" + VERSION + "/elements/")) {
            return json(200, "{\"result\":[]}");
        }
        return json(404, "{\"message\":\"no such resource in the stub\",\"details\":[]}");
    }

    private MockResponse loginAnswer(RecordedRequest request) {
        MockResponse.Builder answer = new MockResponse.Builder().code(200)
                .addHeader("Content-Type", "application/json").body("{}");
        switch (login) {
            case REFUSED -> {
                return json(401, "{\"message\":\"Invalid authentication key\",\"details\":[]}");
            }
            case REFUSED_QUOTING_REQUEST -> {
                String quoted = request.getBody() == null ? "" : request.getBody().utf8().replace("\"", "'");
                return json(401, "{\"message\":\"Invalid login " + quoted + "\",\"details\":[]}");
            }
            case COOKIE -> answer.addHeader("Set-Cookie", "JSESSIONID=" + SESSION_ID + "; Path=/; HttpOnly");
            case TOKEN -> answer.addHeader("Authorization", token);
            case COOKIE_AND_TOKEN -> answer.addHeader("Set-Cookie", "JSESSIONID=" + SESSION_ID + "; Path=/")
                    .addHeader("Authorization", token);
        }
        return answer.build();
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    /** Acknowledges each subscribe command and sends one status for it, as the SMC does on subscribe. */
    private final class StatusSocket extends WebSocketListener {
        @Override
        public void onMessage(WebSocket socket, String text) {
            try {
                JsonNode command = JSON.readTree(text);
                if (command.has("unsubscribe")) {
                    return;
                }
                String name = command.has("context") ? command.get("context").asText() + " node 1" : "element node";
                int id = subscriptionIds.getAndIncrement();
                socket.send("{\"success\":\"Subscribed for status\",\"subscription_id\":" + id + "}");
                socket.send("{\"status\":{\"status\":{\"monitoring_state\":\"READY\",\"monitoring_status\":\"OK\","
                        + "\"name\":\"" + name + "\"}},\"subscription_id\":" + id + "}");
                if (closeSocketAfterStatus) {
                    socket.close(1001, "stub going away");
                }
            } catch (IOException e) {
                socket.send("{\"failure\":\"not JSON\"}");
            }
        }

        @Override
        public void onClosing(WebSocket socket, int code, String reason) {
            socket.close(1000, null);
        }

        @Override
        public void onOpen(WebSocket socket, Response response) {
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
