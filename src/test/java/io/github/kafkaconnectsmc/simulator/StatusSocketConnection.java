package io.github.kafkaconnectsmc.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * The server side of one status socket: answers subscribe and unsubscribe commands, sends the snapshot after each
 * acknowledgement, and reports changes for the subscriptions it holds. Subscription ids start at 0 on each socket.
 *
 * <p>Thread safety: {@link ServerWebSocket} calls the listener methods on the connection's reader thread;
 * everything that reads or changes subscriptions or sends a frame runs under the {@link StatusSocketHub}'s lock, so
 * that a change pushed by a test can never reach a subscription before its acknowledgement and snapshot.
 */
final class StatusSocketConnection extends WebSocketListener {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int NORMAL_CLOSURE = 1000;

    /** A live subscription: to a context (then {@code element} is null) or to one element. */
    private record Subscribed(int id, String context, CatalogElement element, List<CatalogElement> covered,
                              Set<CatalogElement> coveredSet) {

        Subscribed(int id, String context, CatalogElement element, List<CatalogElement> covered) {
            // The set answers "does it cover this element?" for each change, which a list of 10,000 answers slowly.
            this(id, context, element, covered, new HashSet<>(covered));
        }

        String describe() {
            return context != null ? "context:" + context : "element:" + element.path();
        }
    }

    private final int id;
    private final int sessionOrdinal;
    private final ApiLocation location;
    private final StatusSocketHub hub;
    private final ElementCatalog catalog;
    private final SimulatorTraffic traffic;
    private final boolean acknowledgeUnsubscribe;
    /** {@link SimulatorOptions#sequenceField()}. */
    private final String sequenceField;
    /** The TCP connection under the socket, cut by {@link #drop()}; null if the tracker lost it. */
    private final Socket tcp;

    /** Set once by {@link #onOpen}, before the hub lists this connection. */
    private volatile WebSocket webSocket;
    /** Guarded by the hub's lock, like {@link #subscriptions} and {@link #closing}. */
    private int nextSubscriptionId;
    private final Map<Integer, Subscribed> subscriptions = new LinkedHashMap<>();
    private boolean closing;

    StatusSocketConnection(int id, int sessionOrdinal, ApiLocation location, StatusSocketHub hub,
                           ElementCatalog catalog, SimulatorTraffic traffic, boolean acknowledgeUnsubscribe,
                           String sequenceField, Socket tcp) {
        this.id = id;
        this.sessionOrdinal = sessionOrdinal;
        this.location = location;
        this.hub = hub;
        this.catalog = catalog;
        this.traffic = traffic;
        this.acknowledgeUnsubscribe = acknowledgeUnsubscribe;
        this.sequenceField = sequenceField;
        this.tcp = tcp;
    }

    int id() {
        return id;
    }

    @Override
    public void onOpen(WebSocket openedSocket, Response response) {
        webSocket = openedSocket;
        hub.opened(this);
    }

    @Override
    public void onMessage(WebSocket socket, String text) {
        traffic.received(new SimulatorTraffic.ReceivedCommand(id, text));
        hub.withLock(() -> handle(text));
    }

    @Override
    public void onClosing(WebSocket socket, int code, String reason) {
        // The client started the close: answer it so that the connection ends.
        socket.close(NORMAL_CLOSURE, null);
    }

    @Override
    public void onClosed(WebSocket socket, int code, String reason) {
        hub.closed(this);
    }

    @Override
    public void onFailure(WebSocket socket, Throwable error, Response response) {
        hub.closed(this);
    }

    /** Answers one command. Under the hub's lock. */
    private void handle(String text) {
        JsonNode command;
        try {
            command = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            fail("Invalid message: not JSON");
            return;
        }
        if (command == null || !command.isObject()) {
            fail("Invalid message: not a JSON object");
        } else if (command.has("context")) {
            subscribeToContext(command.get("context"));
        } else if (command.has("element")) {
            subscribeToElement(command.get("element"));
        } else if (command.has("unsubscribe")) {
            unsubscribe(command.get("unsubscribe"));
        } else {
            fail("Invalid message: expected context, element or unsubscribe");
        }
    }

    private void subscribeToContext(JsonNode value) {
        String context = value.asText();
        Optional<List<CatalogElement>> members = value.isTextual() ? catalog.membersOf(context) : Optional.empty();
        if (members.isEmpty()) {
            fail("Unknown context: " + (value.isTextual() ? context : value.toString()));
            return;
        }
        subscribe(new Subscribed(nextSubscriptionId++, context, null, members.get()));
    }

    private void subscribeToElement(JsonNode value) {
        Optional<CatalogElement> element = value.isTextual() ? elementAt(value.asText()) : Optional.empty();
        if (element.isEmpty()) {
            fail("Element not found: " + (value.isTextual() ? value.asText() : value.toString()));
            return;
        }
        subscribe(new Subscribed(nextSubscriptionId++, null, element.get(), List.of(element.get())));
    }

    /**
     * Finds the element an element URI names: any scheme and host, an offered version, then {@code elements/...}.
     * The host is not checked, as an SMC behind a proxy or NAT is addressed by names it does not know.
     */
    private Optional<CatalogElement> elementAt(String uri) {
        String path;
        try {
            path = new URI(uri).getRawPath();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        int elements = path == null ? -1 : path.indexOf("/elements/");
        if (elements < 0 || !hub.offersVersion(path.substring(path.lastIndexOf('/', elements - 1) + 1, elements))) {
            return Optional.empty();
        }
        String elementPath = path.substring(elements + 1);
        return catalog.element(elementPath.endsWith("/") ? elementPath.substring(0, elementPath.length() - 1)
                : elementPath);
    }

    private void subscribe(Subscribed subscription) {
        subscriptions.put(subscription.id(), subscription);
        traffic.subscriptions.incrementAndGet();
        send(SentFrame.Kind.SUBSCRIBED, subscription.id(), null, false, StatusFrames.subscribed(subscription.id()), -1);
        for (CatalogElement element : subscription.covered()) {
            if (!hub.isDeleted(element)) {
                sendStatus(subscription.id(), element, true);
            }
        }
    }

    private void unsubscribe(JsonNode value) {
        Subscribed removed = value.canConvertToInt() && value.isIntegralNumber()
                ? subscriptions.remove(value.intValue()) : null;
        if (removed == null) {
            fail("Unknown subscription id: " + value);
            return;
        }
        traffic.unsubscriptions.incrementAndGet();
        if (acknowledgeUnsubscribe) {
            send(SentFrame.Kind.UNSUBSCRIBED, removed.id(), null, false, StatusFrames.unsubscribed(removed.id()), -1);
        }
    }

    /** Reports a changed element to every subscription of this socket that covers it. Under the hub's lock. */
    void report(CatalogElement element) {
        for (Subscribed subscription : subscriptions.values()) {
            if (subscription.coveredSet().contains(element)) {
                sendStatus(subscription.id(), element, false);
            }
        }
    }

    private void sendStatus(int subscriptionId, CatalogElement element, boolean snapshot) {
        // The field this frame is numbered in, if numbering is on.
        String numberField = hub.numbering() ? sequenceField : null;
        long sequence = numberField == null ? -1 : hub.nextSequence();
        String frame;
        if (numberField != null && StatusFrames.bodyMayHave(element, numberField)) {
            // The number replaces the body's own field where it stands, which the rendered body cannot show.
            ObjectNode body = StatusFrames.body(location, element);
            body.put(numberField, sequence);
            frame = StatusFrames.status(subscriptionId, body);
        } else {
            frame = StatusFrames.status(subscriptionId, StatusFrames.bodyText(location, element), numberField,
                    sequence);
        }
        send(SentFrame.Kind.STATUS, subscriptionId, element.path(), snapshot, frame, sequence);
    }

    private void fail(String reason) {
        send(SentFrame.Kind.FAILURE, -1, null, false, StatusFrames.failure(reason), -1);
    }

    /** Sends {@code text} as it is. Under the hub's lock. */
    void sendRaw(String text) {
        send(SentFrame.Kind.RAW, -1, null, false, text, -1);
    }

    private void send(SentFrame.Kind kind, int subscriptionId, String elementPath, boolean snapshot, String text,
                      long sequence) {
        long sentAtMicros = SentFrame.nowMicros();
        hub.queuing(text.length());
        traffic.sendAndCount(new SentFrame(id, kind, subscriptionId, elementPath, snapshot, text, sentAtMicros,
                sequence), () -> !closing && webSocket.send(text));
    }

    /** Bytes of frames queued for this socket and not yet written to TCP. */
    long backlogBytes() {
        WebSocket socket = webSocket;
        return socket == null ? 0 : socket.queueSize();
    }

    /** Cuts the TCP connection without a WebSocket close. Under the hub's lock. */
    void drop() {
        closing = true;
        if (tcp == null) {
            webSocket.close(1011, "dropped by the simulator");
            return;
        }
        try {
            tcp.close();
        } catch (IOException e) {
            // Closing is all that was wanted; a socket that fails to close is already broken.
        }
    }

    /** Starts a WebSocket close from the server side. Under the hub's lock. */
    void close(int code, String reason) {
        closing = true;
        webSocket.close(code, reason);
    }

    /** Every element some subscription of this socket covers. Under the hub's lock. */
    List<CatalogElement> covered() {
        List<CatalogElement> covered = new ArrayList<>();
        subscriptions.values().forEach(subscription -> covered.addAll(subscription.covered()));
        return covered;
    }

    /** Under the hub's lock. */
    SocketView view() {
        List<String> live = new ArrayList<>();
        subscriptions.values().forEach(subscription -> live.add(subscription.describe()));
        return new SocketView(id, sessionOrdinal, List.copyOf(live));
    }
}
