package io.github.kafkaconnectsmc.record;

import io.github.kafkaconnectsmc.protocol.Subscription;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What this task remembers about each element it has seen, keyed by record key: the one per-element memory that
 * change awareness and staleness share.
 *
 * <p>Per element it keeps only the last {@code monitoring_state} and {@code monitoring_status} (interned: there are
 * a handful of values), a fingerprint of each body field ({@link FieldHash}, 8 bytes a field, with the field names
 * held once per distinct set of names and shared by every element that has it), when it last reported, the serial
 * of the subscription it last came through, and how many staleness heartbeats it has had since. That is about 300
 * bytes per element with its key, so 10,000 elements stay around 3 MB.
 *
 * <p>An element whose status says DELETED is forgotten: it will not report again, so it can neither change nor
 * become stale.
 *
 * <p>Thread safety: {@link #observe} runs on the socket's reader thread; {@link #forEachDueHeartbeat} on the session
 * thread; counts are read by the metrics. The map is concurrent and each element's fields are guarded by the
 * element's own monitor, apart from the last-seen time, which is volatile so that counting stale elements takes no
 * lock.
 */
public final class ElementStates {

    /** The monitoring_state of an element that no longer exists. */
    public static final String DELETED = "DELETED";

    /** Distinct field-name sets kept for sharing; past this a hostile stream of new names cannot grow memory. */
    private static final int MAX_SHARED_LAYOUTS = 1_024;
    /** Distinct monitoring values kept for sharing (the SMC documents 16). */
    private static final int MAX_SHARED_VALUES = 256;

    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final Map<List<String>, Layout> layouts = new ConcurrentHashMap<>();
    private final Map<String, String> monitoringValues = new ConcurrentHashMap<>();

    /**
     * How a notification compares with the element's previous one. {@code changedFields} is null on first sight and
     * empty when the body is identical; {@code repeat} means identical and on the same subscription, which
     * {@code smc.drop.unchanged} may drop (the first notification on a newer subscription, such as a re-snapshot's,
     * is never a repeat).
     */
    public record Change(String previousMonitoringState, String previousMonitoringStatus, List<String> changedFields,
                         boolean repeat) {

        static final Change FIRST_SIGHT = new Change(null, null, null, false);

        public boolean firstSight() {
            return changedFields == null;
        }
    }

    /** An element due a staleness heartbeat, with what is known of it. */
    public record StaleElement(ElementKey key, Subscription subscription, String monitoringState,
                               String monitoringStatus, long lastReportedAt) {
    }

    /** The names of a body's fields in the order sent; one instance per distinct list, shared by elements. */
    private record Layout(String[] names) {
        int indexOf(String name) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(name)) {
                    return i;
                }
            }
            return -1;
        }
    }

    private static final class State {
        /** Guarded by this. Null until the first notification is recorded. */
        private Layout layout;
        private long[] fieldHashes;
        private String monitoringState;
        private String monitoringStatus;
        private Subscription subscription;
        private ElementKey.Source keySource;
        private int subscriptionSerial;
        private int heartbeats;
        private volatile long lastSeenAt;
    }

    /**
     * Records the element's latest notification and says how it differs from the one before. {@code serial} numbers
     * the subscription it came through (see {@code SubscriptionRegistry}); a DELETED element is forgotten after this.
     */
    public Change observe(ElementKey key, Subscription subscription, int serial, StatusBody body,
                          String monitoringState, String monitoringStatus, long receivedAt) {
        State state = states.computeIfAbsent(key.href(), k -> new State());
        Change change;
        synchronized (state) {
            change = compareAndRemember(state, body, monitoringState, monitoringStatus, serial);
            state.subscription = subscription;
            state.keySource = key.source();
            state.heartbeats = 0;
            state.lastSeenAt = receivedAt;
        }
        if (DELETED.equals(monitoringState)) {
            states.remove(key.href(), state);
        }
        return change;
    }

    private Change compareAndRemember(State state, StatusBody body, String monitoringState, String monitoringStatus,
                                      int serial) {
        Layout previousLayout = state.layout;
        Change change;
        if (hasLayout(body, previousLayout)) {
            // The same fields in the same order, as nearly every notification after an element's first: compare the
            // fingerprints and overwrite the remembered ones in place, allocating nothing.
            List<String> changed = null;
            long[] hashes = state.fieldHashes;
            for (int index = 0; index < hashes.length; index++) {
                long hash = body.fieldHash(index);
                if (hashes[index] != hash) {
                    changed = add(changed, previousLayout.names[index]);
                    hashes[index] = hash;
                }
            }
            change = changeFrom(state, changed == null ? List.of() : changed, serial);
        } else {
            int size = body.fieldCount();
            String[] names = new String[size];
            long[] hashes = new long[size];
            for (int index = 0; index < size; index++) {
                names[index] = body.fieldName(index);
                hashes[index] = body.fieldHash(index);
            }
            Layout layout = shared(names);
            change = previousLayout == null ? Change.FIRST_SIGHT
                    : changeFrom(state, changedFields(previousLayout, state.fieldHashes, layout, hashes), serial);
            state.layout = layout;
            state.fieldHashes = hashes;
        }
        state.monitoringState = sharedValue(state.monitoringState, monitoringState);
        state.monitoringStatus = sharedValue(state.monitoringStatus, monitoringStatus);
        state.subscriptionSerial = Math.max(serial, state.subscriptionSerial);
        return change;
    }

    /** True when {@code body}'s fields are those of {@code layout}, in the same order. */
    private static boolean hasLayout(StatusBody body, Layout layout) {
        if (layout == null || layout.names.length != body.fieldCount()) {
            return false;
        }
        for (int index = 0; index < layout.names.length; index++) {
            // Names come from the parser's symbol table, so equal names are usually the same instance.
            if (!layout.names[index].equals(body.fieldName(index))) {
                return false;
            }
        }
        return true;
    }

    private static Change changeFrom(State state, List<String> changed, int serial) {
        return new Change(state.monitoringState, state.monitoringStatus, changed,
                changed.isEmpty() && serial <= state.subscriptionSerial);
    }

    /** The fields that differ between two notifications whose fields are not the same list of names. */
    private static List<String> changedFields(Layout before, long[] beforeHashes, Layout after, long[] afterHashes) {
        List<String> changed = null;
        for (int i = 0; i < after.names.length; i++) {
            int was = before.indexOf(after.names[i]);
            if (was < 0 || beforeHashes[was] != afterHashes[i]) {
                changed = add(changed, after.names[i]);
            }
        }
        for (String name : before.names) {
            if (after.indexOf(name) < 0) {
                changed = add(changed, name);
            }
        }
        return changed == null ? List.of() : changed;
    }

    private static List<String> add(List<String> list, String name) {
        List<String> result = list == null ? new ArrayList<>(4) : list;
        result.add(name);
        return result;
    }

    private Layout shared(String[] names) {
        List<String> key = Arrays.asList(names);
        Layout known = layouts.get(key);
        if (known != null) {
            return known;
        }
        Layout layout = new Layout(names);
        if (layouts.size() >= MAX_SHARED_LAYOUTS) {
            return layout;
        }
        Layout raced = layouts.putIfAbsent(key, layout);
        return raced == null ? layout : raced;
    }

    /**
     * The shared instance of {@code value}. Most notifications repeat the element's last value, which is already
     * shared: comparing with it first spares hashing the parser's fresh copy.
     */
    private String sharedValue(String previous, String value) {
        if (value == null) {
            return null;
        }
        if (value.equals(previous)) {
            return previous;
        }
        String known = monitoringValues.get(value);
        if (known != null) {
            return known;
        }
        if (monitoringValues.size() >= MAX_SHARED_VALUES) {
            return value;
        }
        String raced = monitoringValues.putIfAbsent(value, value);
        return raced == null ? value : raced;
    }

    /** Elements that have not reported for at least {@code staleAfterMillis}. */
    public int countStale(long now, long staleAfterMillis) {
        int stale = 0;
        for (State state : states.values()) {
            if (now - state.lastSeenAt >= staleAfterMillis) {
                stale++;
            }
        }
        return stale;
    }

    /**
     * Hands each element due a heartbeat to {@code send}: silent for {@code staleAfterMillis}, and again for each
     * further {@code staleAfterMillis} of silence. Each is counted as having had its heartbeat.
     *
     * <p>{@code send} runs while the element is held, so an {@link #observe} of it waits: the heartbeat is queued
     * ahead of the element's next notification, or not at all once that is recorded. Made outside, it could land after
     * the notification and its records, with the status from before them; after a DELETED status, behind the
     * tombstone, where a compacted topic would keep it as the element's value. {@code send} must not wait.
     */
    public void forEachDueHeartbeat(long now, long staleAfterMillis, Consumer<StaleElement> send) {
        for (Map.Entry<String, State> entry : states.entrySet()) {
            State state = entry.getValue();
            synchronized (state) {
                long silentFor = now - state.lastSeenAt;
                if (state.layout != null && silentFor >= (state.heartbeats + 1L) * staleAfterMillis) {
                    state.heartbeats++;
                    send.accept(new StaleElement(new ElementKey(entry.getKey(), state.keySource), state.subscription,
                            state.monitoringState, state.monitoringStatus, state.lastSeenAt));
                }
            }
        }
    }

    /** Elements remembered. */
    public int size() {
        return states.size();
    }

    /** Forgets every element, for when every key is about to change (a failover with href keys). */
    public void clear() {
        states.clear();
    }
}
