package io.github.kafkaconnectsmc.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kafkaconnectsmc.protocol.Subscription;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns one status notification into a {@link SourceRecord}: keyed by the element's href, valued by the
 * {@link StatusSchema} struct, timestamped with the receive time, with the subscription as source partition.
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

    public SourceRecord toRecord(Subscription subscription, ObjectNode body, long receivedAt) {
        ElementKey key = keys.keyOf(subscription, body);
        Struct value = values.toValue(subscription, body, key, receivedAt);
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(KEY_SOURCE_HEADER, key.source().name());
        return new SourceRecord(offsets.partition(subscription), offsets.next(subscription, receivedAt), topic, null,
                StatusSchema.key(), key.href(), StatusSchema.value(), value, receivedAt, headers);
    }
}
