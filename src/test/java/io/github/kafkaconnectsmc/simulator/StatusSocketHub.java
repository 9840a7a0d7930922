package io.github.kafkaconnectsmc.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * The status sockets of the simulated SMC: admits or refuses each handshake, keeps the open sockets, and fans changes,
 * drops and raw frames out to them.
 *
 * <p>One lock guards every status and subscription and every frame sent, so the frames of each socket go out in the
 * order the simulator decided them and a change is never reported to a subscription before its snapshot.
 */
final class StatusSocketHub {

    private static final String SUBPROTOCOL_HEADER = "Sec-WebSocket-Protocol";
    private static final String TOKEN_SUBPROTOCOL = "access_token";

    private final ElementCatalog catalog;
    private final StatusChanges changes;
    private final SessionStore sessions;
    private final RefusalWindows refusals;
    private final ConnectionTracker connections;
    private final SimulatorTraffic traffic;
    private final SimulatorOptions options;
    private final AtomicInteger socketIds = new AtomicInteger();
    /** Guarded by {@link #lock}: the last {@link SimulatorOptions#sequenceField()} number sent. */
    private long sequence;
    /** Guarded by {@link #lock}: whether bodies carry the sequence field now, see {@link #numberBodies}. */
    private boolean numbering = true;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}. */
    private final Map<Integer, StatusSocketConnection> open = new LinkedHashMap<>();
    /** Guarded by {@link #lock}: elements a test deleted, which are reported once as DELETED and then never again. */
    private final Set<CatalogElement> deleted = new HashSet<>();
    /** Written under {@link #lock}, read outside it: at least the bytes of all frames ever queued on any socket. */
    private volatile long queuedBytesBound;
    /** The largest backlog of any socket when last looked at, with {@link #queuedBytesBound} then. */
    private volatile BacklogLook lastLook = new BacklogLook(0, 0);

    private record BacklogLook(long largest, long queuedBytesBound) {
    }

    StatusSocketHub(ElementCatalog catalog, StatusChanges changes, SessionStore sessions, RefusalWindows refusals,
                    ConnectionTracker connections, SimulatorTraffic traffic, SimulatorOptions options) {
        this.catalog = catalog;
        this.changes = changes;
        this.sessions = sessions;
        this.refusals = refusals;
        this.connections = connections;
        this.traffic = traffic;
        this.options = options;
    }

    /**
     * Answers a handshake on {@code /{version}/status/socket}: 403 with an {@code Origin} header (the SMC's CORS
     * filter), 503 while refusing, 401 without a live session, otherwise the upgrade. The session is the
     * {@code JSESSIONID} cookie or, in token mode, the subprotocols {@code access_token, <token>}, answered with the
     * chosen subprotocol {@code access_token}. The 101 carries an empty reason phrase, as SMC 6.4 and later send it
     * (MockWebServer needs the separating space the SMC leaves out).
     */
    MockResponse handshake(RecordedRequest request, ApiLocation location) {
        if (request.getHeaders().get("Origin") != null) {
            return refuse(403, "Cross-origin status socket requests are not allowed");
        }
        if (refusals.refusingHandshakes()) {
            return refuse(503, "The Management Server is not ready");
        }
        Optional<Integer> session = options.tokenSessions()
                ? sessions.fromSecret(tokenSubprotocol(request.getHeaders().get(SUBPROTOCOL_HEADER)))
                : sessions.fromCookieHeader(request.getHeaders().get("Cookie"));
        if (session.isEmpty()) {
            return refuse(401, "Not logged in or session expired");
        }
        StatusSocketConnection connection = new StatusSocketConnection(socketIds.incrementAndGet(), session.get(),
                location, this, catalog, traffic, options.acknowledgesUnsubscribe(), options.sequenceField(),
                connections.connection(request.getConnectionIndex()));
        MockResponse.Builder upgrade = ServerWebSocket.upgrade(request, connection,
                "simulator-status-writer-" + connection.id());
        if (options.tokenSessions()) {
            upgrade.addHeader(SUBPROTOCOL_HEADER, TOKEN_SUBPROTOCOL);
        }
        return upgrade.build();
    }

    /** The token of {@code access_token, <token>}, or null when the header offers no such pair. */
    private static String tokenSubprotocol(String offered) {
        if (offered == null) {
            return null;
        }
        String[] protocols = offered.split(",");
        for (int i = 0; i + 1 < protocols.length; i++) {
            if (protocols[i].trim().equals(TOKEN_SUBPROTOCOL)) {
                return protocols[i + 1].trim();
            }
        }
        return null;
    }

    private MockResponse refuse(int code, String message) {
        traffic.refusedHandshakes.incrementAndGet();
        return RestApi.json(code, RestDocuments.error(message));
    }

    boolean offersVersion(String version) {
        return options.apiVersions().contains(version);
    }

    void opened(StatusSocketConnection connection) {
        withLock(() -> open.put(connection.id(), connection));
        traffic.socketsOpened.incrementAndGet();
    }

    void closed(StatusSocketConnection connection) {
        withLock(() -> open.remove(connection.id()));
    }

    /** Changes {@code target} (see {@link StatusChanges#apply}) and reports every resulting change. */
    void change(CatalogElement target) {
        // The lock taken directly, not through withLock: a flood of changes comes through here.
        lock.lock();
        try {
            if (deleted.contains(target)) {
                return;
            }
            for (CatalogElement changed : changes.apply(target)) {
                for (StatusSocketConnection connection : open.values()) {
                    connection.report(changed);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Deletes {@code target}: its status becomes DELETED/UNKNOWN (as in the sample frames) and is reported to every
     * subscription covering it; after that it is in no snapshot and reports no change.
     */
    void delete(CatalogElement target) {
        withLock(() -> {
            target.changeStatus(status -> status.put("monitoring_state", "DELETED")
                    .put("monitoring_status", "UNKNOWN"));
            open.values().forEach(connection -> connection.report(target));
            deleted.add(target);
        });
    }

    /** Under the lock. */
    boolean isDeleted(CatalogElement element) {
        return deleted.contains(element);
    }

    /** Changes a random element that has a status of its own, preferring those a subscription covers. */
    void changeAny() {
        withLock(() -> {
            Set<CatalogElement> watched = new HashSet<>();
            open.values().forEach(connection -> watched.addAll(connection.covered()));
            change(changes.pick(catalog, watched));
        });
    }

    /** Cuts the TCP connection of every open socket; they stop counting as open at once. */
    void dropAll() {
        withLock(() -> {
            open.values().forEach(StatusSocketConnection::drop);
            open.clear();
        });
    }

    /** Closes every open socket with a WebSocket close frame; they stop counting as open at once. */
    void closeAll(int code, String reason) {
        withLock(() -> {
            open.values().forEach(connection -> connection.close(code, reason));
            open.clear();
        });
    }

    void sendRawToAll(String text) {
        // The lock taken directly, as in change(): a replayed flood comes through here.
        lock.lock();
        try {
            for (StatusSocketConnection connection : open.values()) {
                connection.sendRaw(text);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The body a subscription covering {@code element} would get now; under the lock, so no change is half done. */
    ObjectNode currentStatus(ApiLocation location, CatalogElement element) {
        ObjectNode[] body = new ObjectNode[1];
        withLock(() -> body[0] = StatusFrames.body(location, element));
        return body[0];
    }

    /** The next status frame number. Under the lock. */
    long nextSequence() {
        return ++sequence;
    }

    /** Whether status bodies carry the sequence field (if there is one) from now on. */
    void numberBodies(boolean on) {
        withLock(() -> numbering = on);
    }

    /** Under the lock. */
    boolean numbering() {
        return numbering;
    }

    /**
     * Waits, outside the lock, while some open socket has more than {@code maxBytes} of frames not yet written to TCP,
     * so that a flood of changes paces itself to the client instead of overflowing the socket's 16 MiB send queue
     * (which closes it). Gives up after {@code timeout}. Looks every millisecond: a client reading 50 MB/s takes 20 ms
     * to read a 1 MiB backlog, and looking every 0.1 ms cost the pushing thread of the end-to-end benchmark about 1.5
     * µs per frame pushed (3.8 against 2.3 µs).
     */
    void awaitBacklogBelow(long maxBytes, Duration timeout) {
        if (backlogBound() <= maxBytes) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (largestBacklog() > maxBytes && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(1_000_000);
        }
    }

    /**
     * At least the largest backlog of any socket, without looking at the sockets: the largest at the last look plus
     * everything queued since, as a backlog grows only by what is queued on it (a socket opened since started at 0).
     * Looking takes the hub's lock, which the sockets' reader threads contend for too, and a look per change of a
     * flood would take it twice per change; this way a look comes once per {@code maxBytes} or so.
     */
    private long backlogBound() {
        BacklogLook last = lastLook;
        return last.largest() + (queuedBytesBound - last.queuedBytesBound());
    }

    private long largestBacklog() {
        lock.lock();
        try {
            long largest = 0;
            for (StatusSocketConnection connection : open.values()) {
                largest = Math.max(largest, connection.backlogBytes());
            }
            lastLook = new BacklogLook(largest, queuedBytesBound);
            return largest;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Counts a frame of {@code chars} characters about to be queued on a socket. Under the lock, like every send. A
     * character is at most 3 bytes of UTF-8 (a surrogate pair, 2 characters, is 4), so this bounds the bytes from
     * above without encoding the frame twice.
     */
    void queuing(int chars) {
        queuedBytesBound += 3L * chars;
    }

    List<SocketView> openSockets() {
        List<SocketView> views = new ArrayList<>();
        withLock(() -> open.values().forEach(connection -> views.add(connection.view())));
        return views;
    }

    void withLock(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }
}
