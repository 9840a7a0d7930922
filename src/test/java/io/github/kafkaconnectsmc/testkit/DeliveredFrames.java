package io.github.kafkaconnectsmc.testkit;

import io.github.kafkaconnectsmc.simulator.SentFrame;
import io.github.kafkaconnectsmc.simulator.SmcSimulator;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Matches the records of a status topic to the status frames the simulator sent, across any number of sockets (one
 * after the other, as reconnects and restarts open them).
 *
 * <p>TCP delivers a socket's frames in order and stops at the first it loses, so what a connector can receive from
 * one socket is a <em>prefix</em> of what was sent on it: everything up to the moment the connection broke. For each
 * element, the topic must therefore hold, socket after socket, a prefix of the frames sent about that element on each
 * socket, each carried in full ({@link SentVersusReceived#carries}). A frame lost in the middle of a socket's stream,
 * a duplicate, a reordering, or a record no frame explains breaks that shape and fails {@link #match}.
 *
 * <p>Statuses repeat (a node's states go round a cycle), so a record can fit more than one place; the match is a
 * search over where each socket's prefix ends, and among the fits it gives later sockets the longest prefixes.
 */
public final class DeliveredFrames {

    /**
     * A record and the frame it delivered.
     *
     * @param frameIndex the frame's position among every frame the simulator sent ({@code sentFrames()}), in send
     *                   order: frames sent after a moment {@code m} have {@code frameIndex >= } the
     *                   {@code framesSent()} read at {@code m}
     */
    public record Delivery(StatusRecord record, SentFrame frame, int frameIndex) {
    }

    private record Indexed(SentFrame frame, int index) {
    }

    private final List<Delivery> deliveries;
    private final Map<Integer, Integer> deliveredBySocket;
    private final Map<Integer, Integer> sentBySocket;

    private DeliveredFrames(List<Delivery> deliveries, Map<Integer, Integer> deliveredBySocket,
                            Map<Integer, Integer> sentBySocket) {
        this.deliveries = deliveries;
        this.deliveredBySocket = deliveredBySocket;
        this.sentBySocket = sentBySocket;
    }

    /**
     * Matches {@code records} (a topic's records in partition order) to the simulator's status frames; throws an
     * {@link AssertionError} naming the first record that fits nowhere.
     */
    public static DeliveredFrames match(SmcSimulator simulator, List<StatusRecord> records) {
        List<SentFrame> all = simulator.traffic().sentFrames();
        Map<String, Map<Integer, List<Indexed>>> sentByHrefAndSocket = new LinkedHashMap<>();
        Map<Integer, Integer> sentBySocket = new TreeMap<>();
        for (int i = 0; i < all.size(); i++) {
            SentFrame frame = all.get(i);
            if (frame.kind() == SentFrame.Kind.STATUS) {
                sentByHrefAndSocket.computeIfAbsent(simulator.href(frame.elementPath()), href -> new TreeMap<>())
                        .computeIfAbsent(frame.socketId(), socket -> new ArrayList<>()).add(new Indexed(frame, i));
                sentBySocket.merge(frame.socketId(), 1, Integer::sum);
            }
        }
        Map<String, List<StatusRecord>> receivedByHref = new LinkedHashMap<>();
        records.forEach(record -> receivedByHref.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(record));

        Map<StatusRecord, Delivery> matched = new IdentityHashMap<>();
        Map<Integer, Integer> deliveredBySocket = new TreeMap<>();
        receivedByHref.forEach((href, received) -> {
            Map<Integer, List<Indexed>> sent = sentByHrefAndSocket.get(href);
            if (sent == null) {
                throw new AssertionError("Records for " + href + ", which the simulator never reported: "
                        + received.get(0).value());
            }
            List<List<Indexed>> sockets = new ArrayList<>(sent.values());
            int[] prefixes = prefixLengths(href, sockets, received);
            int position = 0;
            for (int s = 0; s < sockets.size(); s++) {
                for (int i = 0; i < prefixes[s]; i++) {
                    Indexed frame = sockets.get(s).get(i);
                    StatusRecord record = received.get(position++);
                    matched.put(record, new Delivery(record, frame.frame(), frame.index()));
                }
                deliveredBySocket.merge(sockets.get(s).get(0).frame().socketId(), prefixes[s], Integer::sum);
            }
        });
        List<Delivery> deliveries = records.stream().map(matched::get).toList();
        return new DeliveredFrames(deliveries, deliveredBySocket, sentBySocket);
    }

    /**
     * How many frames of each socket the records hold, such that the records are those prefixes one after the
     * other. Searches the positions each socket's prefix can end at; for each position it keeps the earliest start,
     * which leaves later sockets the longest prefixes.
     */
    private static int[] prefixLengths(String href, List<List<Indexed>> sockets, List<StatusRecord> received) {
        List<Map<Integer, Integer>> startOf = new ArrayList<>();
        Map<Integer, Integer> reachable = new TreeMap<>(Map.of(0, 0));
        int furthest = 0;
        for (List<Indexed> socket : sockets) {
            Map<Integer, Integer> next = new TreeMap<>();
            for (int start : reachable.keySet()) {
                int length = 0;
                while (length < socket.size() && start + length < received.size()
                        && SentVersusReceived.carries(socket.get(length).frame().body(),
                        received.get(start + length).value())) {
                    length++;
                }
                for (int end = start; end <= start + length; end++) {
                    next.putIfAbsent(end, start);
                }
                furthest = Math.max(furthest, start + length);
            }
            startOf.add(next);
            reachable = next;
        }
        if (!reachable.containsKey(received.size())) {
            throw new AssertionError("The records for " + href + " are not what the simulator's sockets sent, each "
                    + "up to where it broke: record #" + furthest + " of " + received.size() + " fits no frame: "
                    + received.get(furthest).value());
        }
        int[] lengths = new int[sockets.size()];
        int end = received.size();
        for (int s = sockets.size() - 1; s >= 0; s--) {
            int start = startOf.get(s).get(end);
            lengths[s] = end - start;
            end = start;
        }
        return lengths;
    }

    /** Every record, in the order given, with the frame it delivered. */
    public List<Delivery> deliveries() {
        return deliveries;
    }

    /** Status frames the simulator sent on {@code socketId}. */
    public int sent(int socketId) {
        return sentBySocket.getOrDefault(socketId, 0);
    }

    /** Status frames of {@code socketId} the records hold. */
    public int delivered(int socketId) {
        return deliveredBySocket.getOrDefault(socketId, 0);
    }
}
