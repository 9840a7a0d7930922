package io.github.kafkaconnectsmc.smc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kafkaconnectsmc.logging.ShortenedText;
import io.github.kafkaconnectsmc.smc.tls.ConnectionFailureTranslator;
import java.io.IOException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import okhttp3.Cookie;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.apache.kafka.common.config.types.Password;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated session with the SMC REST API: chooses the API version, logs in with the API client key, makes
 * authenticated calls, authenticates the status socket's handshake, and logs out.
 *
 * <p>With several management servers configured (SMC high availability), the session is with one of them at a time:
 * {@link #switchToNextServer()} moves on to the next in the configured order (wrapping around), forgetting the
 * session of the server left behind, which expires there on its own; {@link #switchToFirstServer()} moves back to the
 * first, the preferred one, once {@link #firstServerAcceptsLogin()} says it is back.
 *
 * <p>The API key is held as a {@link Password} and read only to build the login body; no message, log line or
 * {@code toString()} of this class includes it, the session cookie or the token.
 *
 * <p>Thread safety: {@link #open()} and {@link #logout()} are called from the task's session thread and from
 * {@code stop()}; the credentials are published through a volatile field.
 */
public final class SmcSession {

    private static final Logger log = LoggerFactory.getLogger(SmcSession.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_MEDIA_TYPE = MediaType.get("application/json");

    private final OkHttpClient client;
    private final List<URI> servers;
    private final Password apiKey;
    private final Optional<String> pinnedVersion;
    private final Optional<String> domain;

    /** The server in use and its base URL. Changed only by {@link #switchTo(int)}. */
    private volatile int serverIndex;
    private volatile HttpUrl baseUrl;
    private volatile String apiVersion;
    /** Set when a switch of server calls for the version to be chosen again; the old one stays usable until then. */
    private volatile boolean versionToRediscover;
    private volatile SessionCredentials credentials;
    private final AtomicLong logins = new AtomicLong();
    private final AtomicLong serverSwitches = new AtomicLong();

    public SmcSession(OkHttpClient client, URI baseUrl, Password apiKey, Optional<String> pinnedVersion,
                      Optional<String> domain) {
        this(client, List.of(baseUrl), apiKey, pinnedVersion, domain);
    }

    /** {@code servers}: the management servers to use, in order of preference; the first is used first. */
    public SmcSession(OkHttpClient client, List<URI> servers, Password apiKey, Optional<String> pinnedVersion,
                      Optional<String> domain) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("at least one SMC server is needed");
        }
        this.client = client;
        this.servers = List.copyOf(servers);
        this.baseUrl = HttpUrl.get(servers.get(0).toString());
        this.apiKey = apiKey;
        this.pinnedVersion = pinnedVersion;
        this.domain = domain;
        this.apiVersion = pinnedVersion.orElse(null);
    }

    /** Chooses the API version (once per server) and logs in. Throws {@link SmcLoginRefusedException} for a wrong key. */
    public synchronized void open() {
        if (apiVersion == null || versionToRediscover) {
            apiVersion = discoverNewestVersion();
            versionToRediscover = false;
        }
        login();
    }

    /**
     * Moves on to the next configured server, forgetting the current session without logging out (the server is
     * probably unreachable; the session expires there on its own). The next {@link #open()} logs in there, choosing
     * the API version again unless it is pinned. Returns false, changing nothing, when only one server is configured.
     */
    public synchronized boolean switchToNextServer() {
        if (servers.size() == 1) {
            return false;
        }
        switchTo((serverIndex + 1) % servers.size());
        return true;
    }

    /**
     * Moves back to the first configured server, the preferred one, forgetting the current session: log out first
     * when the server left behind is healthy. The next {@link #open()} logs in there. Returns false, changing
     * nothing, when the first server is already in use.
     */
    public synchronized boolean switchToFirstServer() {
        if (serverIndex == 0) {
            return false;
        }
        switchTo(0);
        return true;
    }

    private void switchTo(int index) {
        URI left = server();
        credentials = null;
        serverIndex = index;
        baseUrl = HttpUrl.get(servers.get(serverIndex).toString());
        versionToRediscover = pinnedVersion.isEmpty();
        serverSwitches.incrementAndGet();
        log.info("Switching from the SMC at {} to the SMC at {} (server {} of {} in smc.url)", left, server(),
                serverIndex + 1, servers.size());
    }

    /**
     * Whether the first configured server accepts a login again: logs in there with a session of its own, then logs
     * that session out. Answers false, logging why at debug level, when it does not answer, refuses the login or
     * fails TLS; never throws. For moving back to it after a failover, without leaving the server in use on a guess.
     */
    public boolean firstServerAcceptsLogin() {
        SmcSession probe = new SmcSession(client, List.of(servers.get(0)), apiKey, pinnedVersion, domain);
        try {
            probe.open();
            return true;
        } catch (SmcRequestException e) {
            log.debug("The first SMC in smc.url, {}, does not accept a login yet: {}", servers.get(0), e.getMessage());
            return false;
        } finally {
            probe.logout();
        }
    }

    /** The configured URL of the server in use, as written in {@code smc.url}. */
    public URI server() {
        return servers.get(serverIndex);
    }

    /** The position of the server in use in {@code smc.url}, from 0. */
    public int serverIndex() {
        return serverIndex;
    }

    /** Every configured server, in order. */
    public List<URI> servers() {
        return servers;
    }

    /** Moves from one server to another since this session object was made: failovers, and returns to the first. */
    public long serverSwitches() {
        return serverSwitches.get();
    }

    /**
     * {@code elementUri} with its base moved onto the server in use, when it names one of the configured servers: an
     * element URI in {@code smc.elements} names one server, and after a failover the subscription goes to another.
     * Any other URI is returned as it is.
     */
    public String onServerInUse(String elementUri) {
        URI inUse = server();
        for (URI configured : servers) {
            String base = configured.toString();
            if (elementUri.length() > base.length() && elementUri.charAt(base.length()) == '/'
                    && elementUri.regionMatches(true, 0, base, 0, base.length())) {
                return configured.equals(inUse) ? elementUri : inUse + elementUri.substring(base.length());
            }
        }
        return elementUri;
    }

    /** Successful logins since this session object was made (the first, and each after an expiry). */
    public long logins() {
        return logins.get();
    }

    public boolean isOpen() {
        return credentials != null;
    }

    public String apiVersion() {
        if (apiVersion == null) {
            throw new IllegalStateException("the API version is chosen by open()");
        }
        return apiVersion;
    }

    public HttpUrl baseUrl() {
        return baseUrl;
    }

    /** {@code base/{version}/{path}}, for example {@code apiUrl("elements/single_fw")}. */
    public HttpUrl apiUrl(String path) {
        return baseUrl.newBuilder().addPathSegment(apiVersion()).addPathSegments(path).build();
    }

    /** A handshake request for the status socket carrying this session's cookie and token, and no Origin. */
    public Request statusSocketHandshake() {
        SessionCredentials current = requireCredentials();
        return current.applyToHandshake(new Request.Builder().url(apiUrl("status/socket"))).build();
    }

    /**
     * An authenticated GET returning the JSON body. When the SMC answers 401 (the session expired) it logs in again
     * and retries once; a second 401, or a refused login, is thrown.
     */
    public JsonNode get(HttpUrl url) {
        return get(url, SmcSession::readTree);
    }

    /**
     * Reads a JSON body as it arrives, without building it as a tree first. Reads the body from the start of the
     * document; whatever of it {@code reader} leaves unread is discarded.
     */
    @FunctionalInterface
    public interface BodyReader<T> {
        T read(JsonParser body) throws IOException;
    }

    /** {@link #get(HttpUrl)}, the body read by {@code reader} as it streams in. */
    public <T> T get(HttpUrl url, BodyReader<T> reader) {
        SessionCredentials used = requireCredentials();
        try {
            return execute(used.applyTo(new Request.Builder().url(url).get()).build(), "GET " + url.encodedPath(),
                    reader);
        } catch (SmcRequestException e) {
            if (!e.isUnauthorized()) {
                throw e;
            }
            log.info("The SMC session expired (HTTP 401 on GET {}); logging in again", url.encodedPath());
            renew(used);
            return execute(requireCredentials().applyTo(new Request.Builder().url(url).get()).build(),
                    "GET " + url.encodedPath(), reader);
        }
    }

    /** The whole body as a tree; an empty body is a missing node, as the tree readers give it. */
    private static JsonNode readTree(JsonParser body) throws IOException {
        JsonNode tree = JSON.readTree(body);
        return tree == null ? MissingNode.getInstance() : tree;
    }

    /**
     * Forgets the session without logging out, because the SMC said it is no longer valid (401 on a call or on the
     * socket handshake); the next {@link #open()} logs in again.
     */
    public void expire() {
        credentials = null;
    }

    /** Logs in again unless another thread already replaced {@code expired}. */
    private synchronized void renew(SessionCredentials expired) {
        if (credentials == null || credentials.equals(expired)) {
            credentials = null;
            login();
        }
    }

    private String discoverNewestVersion() {
        HttpUrl url = baseUrl.newBuilder().addPathSegment("api").build();
        JsonNode answer = execute(new Request.Builder().url(url).get().build(), "GET /api (version discovery)",
                SmcSession::readTree);
        List<String> offered = new ArrayList<>();
        for (JsonNode version : answer.path("version")) {
            String rel = version.path("rel").asText("");
            if (!rel.isEmpty()) {
                offered.add(rel);
            }
        }
        ApiVersion newest = ApiVersion.newest(offered).orElseThrow(() -> new SmcRequestException(
                "The SMC at " + baseUrl + " listed no API version at GET /api; set smc.api.version", 0));
        log.info("SMC at {} offers API versions {}; using the newest, {} (pin one with smc.api.version)",
                baseUrl, offered, newest);
        return newest.text();
    }

    private synchronized void login() {
        ObjectNode body = JSON.createObjectNode().put("authenticationkey", apiKey.value());
        domain.ifPresent(d -> body.put("domain", d));
        HttpUrl url = apiUrl("login");
        Request request = new Request.Builder().url(url)
                .post(RequestBody.create(body.toString(), JSON_MEDIA_TYPE))
                .build();
        try (Response response = call(request, "POST " + url.encodedPath())) {
            if (response.code() == 401 || response.code() == 403) {
                throw new SmcLoginRefusedException("The SMC at " + baseUrl + " refused the login (HTTP "
                        + response.code() + "): check " + "smc.api.key" + domain.map(d -> " and smc.domain ('" + d + "')")
                        .orElse("") + errorText(response, this::withoutApiKey), response.code());
            }
            if (response.code() != 200 && response.code() != 201) {
                throw new SmcRequestException("Login to the SMC at " + baseUrl + " failed with HTTP " + response.code()
                        + proxyHint(response.code()) + errorText(response, this::withoutApiKey), response.code());
            }
            String sessionId = null;
            for (Cookie cookie : Cookie.parseAll(url, response.headers())) {
                if (cookie.name().equals(SessionCredentials.COOKIE_NAME)) {
                    sessionId = cookie.value();
                }
            }
            String authorization = response.header("Authorization");
            if (sessionId == null && authorization == null) {
                throw new SmcRequestException("The SMC at " + baseUrl + " accepted the login but returned neither a "
                        + SessionCredentials.COOKIE_NAME + " cookie nor an Authorization header", response.code());
            }
            credentials = new SessionCredentials(sessionId, authorization);
            logins.incrementAndGet();
            log.info("Logged in to the SMC at {} (API {}{}, {})", baseUrl, apiVersion,
                    domain.map(d -> ", domain '" + d + "'").orElse(""),
                    authorization != null ? "token session" : "cookie session");
        }
    }

    /** Ends the session on the SMC. Best effort and idempotent: a failure is logged, never thrown. */
    public void logout() {
        SessionCredentials current;
        synchronized (this) {
            // One swap, so that stop() and a login finishing late cannot both log the same session out.
            current = credentials;
            credentials = null;
        }
        if (current == null) {
            return;
        }
        HttpUrl url = apiUrl("logout");
        Request request = current.applyTo(new Request.Builder().url(url)
                .put(RequestBody.create(new byte[0], null))).build();
        try (Response response = call(request, "PUT " + url.encodedPath())) {
            if (response.code() == 200 || response.code() == 204) {
                log.info("Logged out of the SMC at {}", baseUrl);
            } else {
                log.warn("Logout from the SMC at {} answered HTTP {}; the session will expire on its own",
                        baseUrl, response.code());
            }
        } catch (SmcRequestException e) {
            log.warn("Logout from the SMC at {} failed: {}; the session will expire on its own", baseUrl,
                    e.getMessage());
        }
    }

    private SessionCredentials requireCredentials() {
        SessionCredentials current = credentials;
        if (current == null) {
            throw new SmcRequestException("Not logged in to the SMC at " + baseUrl, 401);
        }
        return current;
    }

    private <T> T execute(Request request, String what, BodyReader<T> reader) {
        try (Response response = call(request, what)) {
            if (response.code() != 200) {
                throw new SmcRequestException(what + " on the SMC at " + baseUrl + " answered HTTP " + response.code()
                        + proxyHint(response.code()) + errorText(response, UnaryOperator.identity()),
                        response.code());
            }
            ResponseBody body = response.body();
            try (JsonParser parser = JSON.createParser(body.byteStream())) {
                return reader.read(parser);
            } catch (IOException e) {
                throw new SmcRequestException(what + " on the SMC at " + baseUrl + " returned a body that is not JSON", e);
            }
        }
    }

    private Response call(Request request, String what) {
        try {
            return client.newCall(request).execute();
        } catch (IOException e) {
            throw ConnectionFailureTranslator.translate(e, baseUrl)
                    .orElseGet(() -> new SmcRequestException(what + " on the SMC at " + baseUrl + " failed: " + e
                            + unreachableHint(e), e));
        }
    }

    /**
     * The SMC's error body ({@code message} and {@code details}) for an exception message: {@code secretsHidden} first,
     * then shortened, so that no cut can split a secret and leave its start in the message.
     */
    private static String errorText(Response response, UnaryOperator<String> secretsHidden) {
        try {
            String text = response.peekBody(4096).string();
            JsonNode error = JSON.readTree(text);
            String message = error.path("message").asText("");
            JsonNode details = error.path("details");
            String detailsText = details.isTextual() ? details.asText() : details.isContainerNode() ? details.toString() : "";
            String combined = detailsText.isEmpty() ? message : message + " (" + detailsText + ")";
            return message.isEmpty() ? "" : ": " + ShortenedText.of(secretsHidden.apply(combined));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * The login's error text, in case an SMC (or a proxy) quotes the request body back: the key as sent, and as it
     * reads inside a JSON string, which is how {@code details} given as an object quotes it.
     */
    private String withoutApiKey(String text) {
        String key = apiKey.value();
        if (key == null || key.isEmpty()) {
            return text;
        }
        String quoted = new String(JsonStringEncoder.getInstance().quoteAsString(key));
        return text.replace(key, "[hidden]").replace(quoted, "[hidden]");
    }

    /**
     * The setting to check when the SMC could not be reached at all: the exception names the host or address, not
     * where it came from. A proxy (smc.proxy.url, or the JVM's) is what the task connects to when one is set.
     */
    static String unreachableHint(IOException e) {
        if (e instanceof UnknownHostException) {
            return " (the host name does not resolve: check the host in smc.url, or in smc.proxy.url when a proxy is "
                    + "set)";
        }
        if (e instanceof java.net.ConnectException || e instanceof NoRouteToHostException) {
            return " (nothing accepted the connection: check the host and port in smc.url, or in smc.proxy.url when a "
                    + "proxy is set, and that the SMC is running)";
        }
        if (e instanceof SocketTimeoutException && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT)
                .contains("connect")) {
            return " (no answer to the connection attempt within smc.connect.timeout.ms: check the host in smc.url "
                    + "and any firewall on the way)";
        }
        if (e instanceof SocketTimeoutException) {
            return " (no answer within smc.request.timeout.ms)";
        }
        return "";
    }

    /** Over plain http a proxy answers 407 itself; over https OkHttp turns it into a failed tunnel instead. */
    private static String proxyHint(int code) {
        return code == 407 ? " (a proxy asks for credentials: set smc.proxy.username and smc.proxy.password)" : "";
    }

    @Override
    public String toString() {
        return "SmcSession(" + baseUrl + ", API " + apiVersion + ", " + (credentials == null ? "closed" : "open") + ")";
    }
}
