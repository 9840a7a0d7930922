package io.github.kafkaconnectsmc.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * What the simulator has seen and done, for tests to assert on: counts of logins, sockets and subscriptions, the
 * commands each socket received, and every frame it sent.
 *
 * <p>Thread safety: counters are atomic and the logs synchronized; every accessor returns a copy.
 */
public final class SimulatorTraffic {

    /** A text frame received on a status socket. */
    public record ReceivedCommand(int socketId, String text) {
    }

    final AtomicInteger loginAttempts = new AtomicInteger();
    final AtomicInteger logins = new AtomicInteger();
    final AtomicInteger refusedLogins = new AtomicInteger();
    final AtomicInteger logouts = new AtomicInteger();
    final AtomicInteger refusedHandshakes = new AtomicInteger();
    final AtomicInteger socketsOpened = new AtomicInteger();
    final AtomicInteger subscriptions = new AtomicInteger();
    final AtomicInteger unsubscriptions = new AtomicInteger();

    private final List<SentFrame> sent = new ArrayList<>();
    private final List<ReceivedCommand> received = new ArrayList<>();
    private long framesSent;
    private long statusFramesSent;
    private final IntSupplier liveSessions;
    private final Supplier<List<SocketView>> openSockets;
    private final Supplier<List<String>> issuedSessionSecrets;
    /** Guarded by this. */
    private boolean recordsFrames;

    SimulatorTraffic(IntSupplier liveSessions, Supplier<List<SocketView>> openSockets,
                     Supplier<List<String>> issuedSessionSecrets, boolean recordsFrames) {
        this.liveSessions = liveSessions;
        this.openSockets = openSockets;
        this.issuedSessionSecrets = issuedSessionSecrets;
        this.recordsFrames = recordsFrames;
    }

    /**
     * Hands {@code frame} to its socket with {@code handOver}, and counts it if that took it, as one step for the
     * readers of the counts and the log: the client may read the frame before the sending thread gets to count it,
     * and a test that saw a frame must find it counted.
     */
    synchronized void sendAndCount(SentFrame frame, BooleanSupplier handOver) {
        if (handOver.getAsBoolean()) {
            sent(frame);
        }
    }

    /** Under this object's lock, from {@link #sendAndCount}, the only way a frame is counted. */
    private void sent(SentFrame frame) {
        framesSent++;
        if (frame.kind() == SentFrame.Kind.STATUS) {
            statusFramesSent++;
        }
        if (recordsFrames) {
            sent.add(frame);
        }
    }

    synchronized void received(ReceivedCommand command) {
        received.add(command);
    }

    /** Login requests, accepted or not. */
    public int loginAttempts() {
        return loginAttempts.get();
    }

    /** Logins that created a session. */
    public int logins() {
        return logins.get();
    }

    /** Logins answered 401 (wrong key or domain) or 503 (refusing for a while). */
    public int refusedLogins() {
        return refusedLogins.get();
    }

    public int logouts() {
        return logouts.get();
    }

    /** Sessions neither logged out nor expired. */
    public int liveSessions() {
        return liveSessions.getAsInt();
    }

    /** Status socket handshakes answered 401, 403 or 503. */
    public int refusedHandshakes() {
        return refusedHandshakes.get();
    }

    /** Status socket handshakes accepted. */
    public int socketsOpened() {
        return socketsOpened.get();
    }

    public List<SocketView> openSockets() {
        return openSockets.get();
    }

    /** Subscribe commands acknowledged. */
    public int subscriptions() {
        return subscriptions.get();
    }

    /** Unsubscribe commands for a live subscription. */
    public int unsubscriptions() {
        return unsubscriptions.get();
    }

    /** Every frame sent, in the order sent (per socket, the order on the wire). */
    public synchronized List<SentFrame> sentFrames() {
        requireRecording();
        return List.copyOf(sent);
    }

    public synchronized List<SentFrame> sentFrames(SentFrame.Kind kind) {
        requireRecording();
        return sent.stream().filter(frame -> frame.kind() == kind).toList();
    }

    private void requireRecording() {
        if (!recordsFrames) {
            throw new IllegalStateException("This simulator counts frames but does not keep them "
                    + "(SimulatorOptions.recordsFrames(false) or keepSentFrames(false))");
        }
    }

    /**
     * Starts or stops keeping the frames sent from now on (counting goes on either way). A benchmark stops it for the
     * rounds that never look at them: a 100,000-frame round otherwise keeps 100 MB alive for the collector to copy.
     */
    public synchronized void keepSentFrames(boolean keep) {
        recordsFrames = keep;
    }

    /**
     * Frames sent since the start or the last {@link #forgetSentFrames()}, whether or not frames are recorded: with
     * recording on, the size of {@link #sentFrames()}.
     */
    public synchronized long framesSent() {
        return framesSent;
    }

    /** Snapshot and change notifications sent, whether or not frames are recorded. */
    public synchronized long statusFramesSent() {
        return statusFramesSent;
    }

    /**
     * Every session id and token the simulator has handed out, live or not: secrets that must never appear in a
     * client's logs.
     */
    public List<String> issuedSessionSecrets() {
        return issuedSessionSecrets.get();
    }

    /** Drops the frames recorded so far, so that a long run keeps only those it still needs. */
    public synchronized void forgetSentFrames() {
        sent.clear();
        // Positions in sentFrames() and framesSent() stay the same thing (DeliveredFrames indexes by both).
        framesSent = 0;
    }

    public synchronized List<ReceivedCommand> receivedCommands() {
        return List.copyOf(received);
    }

    /** One line for a console: logins, sessions, sockets, subscriptions, frames. */
    public String summary() {
        return String.format("logins %d (refused %d), live sessions %d, sockets opened %d (open %d), "
                        + "subscriptions %d, unsubscriptions %d, frames sent %d", logins(), refusedLogins(),
                liveSessions(), socketsOpened(), openSockets().size(), subscriptions(), unsubscriptions(),
                framesSent());
    }
}
