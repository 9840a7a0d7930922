package io.github.kafkaconnectsmc.record;

import io.github.kafkaconnectsmc.protocol.Subscription;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns one status notification into its records: the status record, keyed by the element's key, valued by the
 * {@link StatusSchema} struct (with what changed since the element's previous notification, from
 * {@link ElementStates}), or by that struct's JSON ({@link ValueFormat}), timestamped with the receive time, with the
 * subscription as source partition; and, for an element whose status says DELETED, a tombstone after it. Also builds
 * staleness heartbeats.
 *
 * <p>A frame is mapped in two steps, because its body comes before its subscription id: {@link #newBody(String)}
 * gives the reader its body is decoded into, and {@link #toRecords} completes the records once the subscription is
 * known.
 */
public final class StatusRecordMapper {

    /** Header naming how the key was found (an {@link ElementKey.Source} name). */
    public static final String KEY_SOURCE_HEADER = "smc.key.source";
    /** Header of a staleness heartbeat record, with the value {@link #HEARTBEAT_STALE}. */
    public static final String HEARTBEAT_HEADER = "smc.heartbeat";
    public static final String HEARTBEAT_STALE = "stale";

    /**
     * What is written besides plain status records: tombstones after DELETED statuses, whether repeats of an
     * element's last notification are dropped, and the topic of staleness heartbeats; and what values are handed
     * over as.
     */
    public record Options(boolean tombstones, boolean dropUnchanged, String heartbeatTopic, ValueFormat valueFormat) {

        /** Tombstones on, repeats kept, heartbeats (if any) to the status topic, struct values. */
        public static Options defaults() {
            return new Options(true, false, null, ValueFormat.STRUCT);
        }
    }

    /** The {@link #KEY_SOURCE_HEADER} header for each key source. */
    private static final Map<ElementKey.Source, Header> KEY_SOURCE_HEADERS = keySourceHeaders();

    private final String topic;
    private final ElementKeyResolver keys;
    private final SourceOffsets offsets;
    private final StatusValueMapper values;
    private final ElementStates states;
    private final Options options;
    /** Turns each record's value into what is handed over: a struct, or JSON bytes. */
    private final Function<StatusValue, Object> valueMaker;
    /**
     * One body kept between frames. Frames are handled one at a time on a socket's reader thread; should two readers
     * overlap (the old socket's and the new one's, around a reconnect), the second simply makes a body of its own.
     */
    private final AtomicReference<StatusBody> spareBody = new AtomicReference<>();
    private final AtomicLong droppedUnchanged = new AtomicLong();
    private final AtomicLong tombstones = new AtomicLong();

    public StatusRecordMapper(String topic, String smcUrl, ElementKeyResolver keys, SourceOffsets offsets) {
        this(topic, () -> smcUrl, keys, offsets, new ElementStates(), Options.defaults());
    }

    /** {@code smcUrl}: the URL of the management server in use, read for each record. */
    public StatusRecordMapper(String topic, Supplier<String> smcUrl, ElementKeyResolver keys, SourceOffsets offsets,
                              ElementStates states, Options options) {
        this.topic = topic;
        this.keys = keys;
        this.offsets = offsets;
        this.values = new StatusValueMapper(StatusSchema.value(), smcUrl);
        this.states = states;
        this.options = options;
        this.valueMaker = options.valueFormat().newValueMaker();
    }

    /** A reader for the status body of {@code frameText}, to decode the frame with: a recycled one if there is one. */
    public StatusBody newBody(String frameText) {
        StatusBody body = spareBody.getAndSet(null);
        if (body == null) {
            return new StatusBody(values, frameText);
        }
        body.reuseFor(frameText);
        return body;
    }

    /**
     * Takes back a body whose records are made, for {@link #newBody} to read a later frame into, so that the reader
     * thread does not make one per frame. The caller must not use {@code body} afterwards.
     */
    public void recycle(StatusBody body) {
        if (body.isWorthReusing()) {
            // Drop the frame now: a spare body must not keep a large frame in memory until the next one arrives.
            body.reuseFor(null);
            spareBody.setRelease(body);
        }
    }

    /** The status record of a notification (without its tombstone, if it has one). */
    public SourceRecord toRecord(Subscription subscription, StatusBody body, long receivedAt) {
        return toRecords(subscription, 0, body, receivedAt).get(0);
    }

    /** As {@link #toRecords(Subscription, int, StatusBody, long, Runnable)}, with nothing to do while it waits. */
    public List<SourceRecord> toRecords(Subscription subscription, int serial, StatusBody body, long receivedAt) {
        return toRecords(subscription, serial, body, receivedAt, () -> { });
    }

    /**
     * The records of one notification that came through the subscription numbered {@code serial}: none when it
     * repeats the element's last notification and repeats are dropped; the status record; or the status record and
     * a tombstone for a DELETED element. While its key waits for the SMC to name the element, {@code whileWaiting}
     * runs about once per wait slice ({@link ElementKeyResolver#keyOf(Subscription, StatusBody, Runnable)}).
     */
    public List<SourceRecord> toRecords(Subscription subscription, int serial, StatusBody body, long receivedAt,
                                        Runnable whileWaiting) {
        ElementKey key = keys.keyOf(subscription, body, whileWaiting);
        StatusValue value = values.toValue(subscription, body, key, receivedAt);
        String monitoringState = values.monitoringState(value);
        ElementStates.Change change = states.observe(key, subscription, serial, body, monitoringState,
                values.monitoringStatus(value), receivedAt);
        if (change.repeat() && options.dropUnchanged()) {
            droppedUnchanged.incrementAndGet();
            return List.of();
        }
        values.putChange(value, change);
        SourceRecord status = new SourceRecord(offsets.partition(subscription), offsets.next(subscription, receivedAt),
                topic, null, StatusSchema.key(), key.href(), options.valueFormat().schema(),
                valueMaker.apply(value), receivedAt, headers(key));
        if (!options.tombstones() || !ElementStates.DELETED.equals(monitoringState)) {
            return List.of(status);
        }
        tombstones.incrementAndGet();
        // No value schema: JsonConverter (schemas on or off) and the Avro converters write a null value only for a
        // null schema; with the (required) value schema a null value is an error or, with schemas on, an envelope.
        SourceRecord tombstone = new SourceRecord(offsets.partition(subscription),
                offsets.next(subscription, receivedAt), topic, null, StatusSchema.key(), key.href(), null, null,
                receivedAt, headers(key));
        return List.of(status, tombstone);
    }

    /** A heartbeat for an element that has not reported for a while: see {@link StatusValueMapper#heartbeatValue}. */
    public SourceRecord heartbeat(ElementStates.StaleElement element, long now) {
        ConnectHeaders headers = headers(element.key());
        headers.addString(HEARTBEAT_HEADER, HEARTBEAT_STALE);
        String heartbeatTopic = options.heartbeatTopic() == null ? topic : options.heartbeatTopic();
        return new SourceRecord(offsets.partition(element.subscription()),
                offsets.next(element.subscription(), now), heartbeatTopic, null, StatusSchema.key(),
                element.key().href(), options.valueFormat().schema(),
                valueMaker.apply(values.heartbeatValue(element, now)), now, headers);
    }

    /** Each record gets headers of its own (they are mutable); the header in them is immutable, so made once. */
    private static ConnectHeaders headers(ElementKey key) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.add(KEY_SOURCE_HEADERS.get(key.source()));
        return headers;
    }

    private static Map<ElementKey.Source, Header> keySourceHeaders() {
        Map<ElementKey.Source, Header> headers = new EnumMap<>(ElementKey.Source.class);
        for (ElementKey.Source source : ElementKey.Source.values()) {
            headers.put(source, new ConnectHeaders().addString(KEY_SOURCE_HEADER, source.name()).lastWithName(
                    KEY_SOURCE_HEADER));
        }
        return headers;
    }

    /** Notifications dropped because they repeated the element's last one ({@code smc.drop.unchanged}). */
    public long droppedUnchanged() {
        return droppedUnchanged.get();
    }

    /** Tombstones written after DELETED statuses. */
    public long tombstones() {
        return tombstones.get();
    }
}
