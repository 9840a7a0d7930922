package io.github.kafkaconnectsmc.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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
    private final IntSupplier liveSessions;
    private final Supplier<List<SocketView>> openSockets;

    SimulatorTraffic(IntSupplier liveSessions, Supplier<List<SocketView>> openSockets) {
        this.liveSessions = liveSessions;
        this.openSockets = openSockets;
    }

    synchronized void sent(SentFrame frame) {
        sent.add(frame);
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

    public synchronized List<SentFrame> sentFrames() {
        return List.copyOf(sent);
    }

    public synchronized List<SentFrame> sentFrames(SentFrame.Kind kind) {
        return sent.stream().filter(frame -> frame.kind() == kind).toList();
    }

    public synchronized int framesSent() {
        return sent.size();
    }

    /** Drops the frames recorded so far, so that a long run keeps only those it still needs. */
    public synchronized void forgetSentFrames() {
        sent.clear();
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
