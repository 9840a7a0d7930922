package io.github.kafkaconnectsmc.record;

import io.github.kafkaconnectsmc.protocol.Subscription;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns one status notification into a {@link SourceRecord}: keyed by the element's href, valued by the
 * {@link StatusSchema} struct, timestamped with the receive time, with the subscription as source partition.
 *
 * <p>A frame is mapped in two steps, because its body comes before its subscription id: {@link #newBody(String)}
 * gives the reader its body is decoded into, and {@link #toRecord} completes the record once the subscription is
 * known.
 */
public final class StatusRecordMapper {

    /** Header naming how the key was found (an {@link ElementKey.Source} name). */
    public static final String KEY_SOURCE_HEADER = "smc.key.source";

    private final String topic;
    private final ElementKeyResolver keys;
    private final SourceOffsets offsets;
    private final StatusValueMapper values;

    public StatusRecordMapper(String topic, String smcUrl, ElementKeyResolver keys, SourceOffsets offsets) {
        this.topic = topic;
        this.keys = keys;
        this.offsets = offsets;
        this.values = new StatusValueMapper(StatusSchema.value(), smcUrl);
    }

    /** A reader for the status body of {@code frameText}, to decode the frame with. */
    public StatusBody newBody(String frameText) {
        return new StatusBody(values, frameText);
    }

    public SourceRecord toRecord(Subscription subscription, StatusBody body, long receivedAt) {
        ElementKey key = keys.keyOf(subscription, body);
        Struct value = values.toValue(subscription, body, key, receivedAt);
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(KEY_SOURCE_HEADER, key.source().name());
        return new SourceRecord(offsets.partition(subscription), offsets.next(subscription, receivedAt), topic, null,
                StatusSchema.key(), key.href(), StatusSchema.value(), value, receivedAt, headers);
    }
}
