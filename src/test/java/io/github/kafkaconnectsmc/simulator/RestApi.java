package io.github.kafkaconnectsmc.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.RecordedRequest;
import okio.ByteString;

/**
 * The HTTP side of the simulated SMC: routes each request to the REST resource it names and hands status socket
 * handshakes to the {@link StatusSocketHub}.
 *
 * <ul>
 *   <li>{@code GET /api}: the offered versions; no session needed.</li>
 *   <li>{@code GET /{v}/api}: the entry points; no session needed.</li>
 *   <li>{@code POST /{v}/login}: checks the API key (and domain), sets {@code JSESSIONID} (or, in token mode,
 *       answers with an {@code Authorization} header); 401 or, while refusing, 503.</li>
 *   <li>{@code PUT /{v}/logout}: 204; 401 without a live session.</li>
 *   <li>{@code GET /{v}/elements/{type}} and {@code GET /{v}/elements/...}: element lists and documents; 401 without
 *       a live session, 404 for what the catalog does not hold.</li>
 *   <li>{@code GET /{v}/status/socket}: the status socket.</li>
 * </ul>
 */
final class RestApi extends Dispatcher {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SimulatorOptions options;
    private final RenderedDocuments documents;
    private final SessionStore sessions;
    private final RefusalWindows refusals;
    private final StatusSocketHub sockets;
    private final SimulatorTraffic traffic;

    RestApi(SimulatorOptions options, ElementCatalog catalog, SessionStore sessions, RefusalWindows refusals,
            StatusSocketHub sockets, SimulatorTraffic traffic) {
        this.options = options;
        this.documents = new RenderedDocuments(catalog);
        this.sessions = sessions;
        this.refusals = refusals;
        this.sockets = sockets;
        this.traffic = traffic;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        List<String> path = request.getUrl().pathSegments().stream().filter(s -> !s.isEmpty()).toList();
        String method = request.getMethod();
        String baseUrl = request.getUrl().scheme() + "://" + request.getHeaders().get("Host");
        if (path.equals(List.of("api"))) {
            return method.equals("GET") ? json(200, RestDocuments.versions(baseUrl, options.apiVersions()))
                    : notAllowed();
        }
        if (path.size() < 2 || !options.apiVersions().contains(path.get(0))) {
            return notFound();
        }
        ApiLocation location = new ApiLocation(baseUrl, path.get(0));
        List<String> resource = path.subList(1, path.size());
        String first = resource.get(0);
        if (resource.size() == 1 && first.equals("api")) {
            return method.equals("GET") ? json(200, RestDocuments.entryPoints(location)) : notAllowed();
        }
        if (resource.size() == 1 && first.equals("login")) {
            return method.equals("POST") ? login(request) : notAllowed();
        }
        if (resource.size() == 1 && first.equals("logout")) {
            return method.equals("PUT") ? logout(request) : notAllowed();
        }
        if (resource.equals(List.of("status", "socket"))) {
            return method.equals("GET") ? sockets.handshake(request, location) : notAllowed();
        }
        if (first.equals("elements") && resource.size() >= 2) {
            return method.equals("GET") ? element(request, location, resource) : notAllowed();
        }
        return notFound();
    }

    private MockResponse login(RecordedRequest request) {
        traffic.loginAttempts.incrementAndGet();
        if (refusals.refusingLogins()) {
            traffic.refusedLogins.incrementAndGet();
            return json(503, RestDocuments.error("The Management Server is not ready", "Try again later"));
        }
        Optional<JsonNode> body = jsonBody(request.getBody());
        String key = body.map(b -> b.path("authenticationkey").asText("")).orElse("");
        String domain = body.map(b -> b.path("domain").asText("")).orElse("");
        if (!key.equals(options.apiKey()) || !(domain.isEmpty() || options.domains().contains(domain))) {
            traffic.refusedLogins.incrementAndGet();
            return json(401, RestDocuments.error("Login failed", "Invalid API client key or domain"));
        }
        traffic.logins.incrementAndGet();
        if (options.tokenSessions()) {
            return new MockResponse.Builder().code(200)
                    .addHeader("Authorization", sessions.createTokenSession())
                    .build();
        }
        return new MockResponse.Builder().code(200)
                .addHeader("Set-Cookie", SessionStore.COOKIE_NAME + "=" + sessions.createCookieSession()
                        + "; Path=/; HttpOnly")
                .build();
    }

    /**
     * The secret of the live session a REST request proves: its {@code JSESSIONID} cookie, or in token mode its
     * {@code Authorization} header, which must echo the login's exactly.
     */
    private Optional<String> session(RecordedRequest request) {
        if (options.tokenSessions()) {
            String token = request.getHeaders().get("Authorization");
            return sessions.fromSecret(token).map(ordinal -> token);
        }
        return sessions.liveIdIn(request.getHeaders().get("Cookie"));
    }

    private MockResponse logout(RecordedRequest request) {
        if (!session(request).map(sessions::end).orElse(false)) {
            return notLoggedIn();
        }
        traffic.logouts.incrementAndGet();
        return new MockResponse.Builder().code(204).build();
    }

    private MockResponse element(RecordedRequest request, ApiLocation location, List<String> resource) {
        if (session(request).isEmpty()) {
            return notLoggedIn();
        }
        Optional<MockResponseBody> body = resource.size() == 2 ? documents.list(resource.get(1), location)
                : documents.document(String.join("/", resource), location);
        return body.map(RestApi::json).orElseGet(RestApi::notFound);
    }

    private static Optional<JsonNode> jsonBody(ByteString body) {
        try {
            return body == null ? Optional.empty() : Optional.ofNullable(JSON.readTree(body.utf8()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static MockResponse json(MockResponseBody body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse json(int code, JsonNode body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json")
                .body(body.toString()).build();
    }

    private static MockResponse notLoggedIn() {
        return json(401, RestDocuments.error("Not logged in or session expired"));
    }

    private static MockResponse notFound() {
        return json(404, RestDocuments.error("Resource not found"));
    }

    private static MockResponse notAllowed() {
        return json(405, RestDocuments.error("Method not allowed"));
    }
}
