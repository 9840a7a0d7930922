package io.github.kafkaconnectsmc.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A status record as read back from Kafka: the key (the element href), the value as the JsonConverter wrote it
 * (without schema envelope; null for a tombstone), the {@code smc.key.source} header, and every header as text.
 */
public record StatusRecord(String key, JsonNode value, String keySource, Map<String, String> headers) {

    public StatusRecord(String key, JsonNode value, String keySource) {
        this(key, value, keySource, Map.of());
    }

    /** A null value: the record deletes its key from a compacted topic. */
    public boolean isTombstone() {
        return value == null;
    }
}
