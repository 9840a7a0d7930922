package io.github.kafkaconnectsmc.simulator;

import java.time.Duration;
import java.util.List;

/**
 * What a test can make the simulated SMC do: change statuses, cut or close sockets, expire sessions, refuse for a
 * while, and send frames as they are.
 */
public final class SimulatorControl {

    /** The close code of a server going away (RFC 6455), as an SMC shutting down would send. */
    public static final int GOING_AWAY = 1001;

    /** Frames queued for one socket beyond which {@link #pushChanges} waits for the client. */
    public static final long MAX_BACKLOG_BYTES = 1L << 20;
    /** How long {@link #pushChanges} waits for a client that reads nothing before sending anyway. */
    private static final Duration BACKLOG_PATIENCE = Duration.ofSeconds(60);

    private final ElementCatalog catalog;
    private final StatusSocketHub sockets;
    private final SessionStore sessions;
    private final RefusalWindows refusals;

    SimulatorControl(ElementCatalog catalog, StatusSocketHub sockets, SessionStore sessions, RefusalWindows refusals) {
        this.catalog = catalog;
        this.sockets = sockets;
        this.refusals = refusals;
        this.sessions = sessions;
    }

    /**
     * Changes the status of the element at {@code path} and reports it to every subscription covering it. Changing a
     * node may also change its engine's derived status; changing an engine changes each of its nodes.
     */
    public void pushChange(String path) {
        sockets.change(element(path));
    }

    /**
     * {@code count} changes of each element at {@code paths}, interleaved, as fast as the sockets take them: while a
     * client reads more slowly than the changes are made, the simulator waits for its socket's send queue to drain
     * below {@link #MAX_BACKLOG_BYTES}, as a server writing to a full TCP window would.
     */
    public void pushChanges(List<String> paths, int count) {
        List<CatalogElement> elements = paths.stream().map(this::element).toList();
        for (int i = 0; i < count; i++) {
            for (CatalogElement element : elements) {
                sockets.change(element);
                sockets.awaitBacklogBelow(MAX_BACKLOG_BYTES, BACKLOG_PATIENCE);
            }
        }
    }

    /**
     * Deletes the element at {@code path}: every subscription covering it gets a DELETED status, and it is in no
     * snapshot and reports no change after that.
     */
    public void deleteElement(String path) {
        sockets.delete(element(path));
    }

    /** Changes a random node, VPN, tunnel or endpoint, one a subscription covers if there is any. */
    public void pushRandomChange() {
        sockets.changeAny();
    }

    /** Cuts the TCP connection of every status socket, with no WebSocket close: a network fault or crash. */
    public void dropSockets() {
        sockets.dropAll();
    }

    /** Closes every status socket with a WebSocket close frame, as a server shutting down does. */
    public void closeSockets(int code, String reason) {
        sockets.closeAll(code, reason);
    }

    /** Ends every session: REST calls and handshakes with their cookies get 401. Open sockets stay open. */
    public void expireSessions() {
        sessions.expireAll();
    }

    /** Answers every login with 503 for {@code duration}. */
    public void refuseLoginsFor(Duration duration) {
        refusals.refuseLoginsFor(duration);
    }

    /** Answers every status socket handshake with 503 for {@code duration}. */
    public void refuseHandshakesFor(Duration duration) {
        refusals.refuseHandshakesFor(duration);
    }

    /**
     * Whether status bodies carry {@link SimulatorOptions#sequenceField()} from now on (they do from the start, if
     * it is set); the numbers go on where they stopped. The end-to-end benchmark numbers only the frames whose
     * latency it measures: in its throughput rounds the number would be a body field no SMC sends, which the
     * connector keeps in {@code other_fields} at a cost of its own.
     */
    public void numberStatusBodies(boolean on) {
        sockets.numberBodies(on);
    }

    /**
     * Sends {@code frames} again, as they are, {@code count} frames in all (from the first again after the last), as
     * fast as the sockets take them, waiting on a full send queue as {@link #pushChanges} does. For a benchmark that
     * wants the SMC's frames at the least cost to the machine it measures: a real SMC runs on a machine of its own,
     * while making and rendering each change costs this one about 2 µs a frame. The frames must be ones this
     * simulator sent on the sockets still open (their subscription ids), recorded with
     * {@link SimulatorTraffic#keepSentFrames}.
     */
    public void replayFrames(List<String> frames, int count) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("No frames to replay");
        }
        for (int i = 0; i < count; i++) {
            sockets.sendRawToAll(frames.get(i % frames.size()));
            sockets.awaitBacklogBelow(MAX_BACKLOG_BYTES, BACKLOG_PATIENCE);
        }
    }

    /** Sends {@code text} as it is on every open status socket: for garbage, unknown ids, odd shapes. */
    public void sendRawFrame(String text) {
        sockets.sendRawToAll(text);
    }

    private CatalogElement element(String path) {
        return catalog.element(path).orElseThrow(() -> new IllegalArgumentException("No element at " + path));
    }
}
