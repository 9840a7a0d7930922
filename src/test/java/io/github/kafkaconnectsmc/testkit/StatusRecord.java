package io.github.kafkaconnectsmc.testkit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A status record as read back from Kafka: the key (the element href), the value as the JsonConverter wrote it
 * (without schema envelope) and the {@code smc.key.source} header.
 */
public record StatusRecord(String key, JsonNode value, String keySource) {
}
