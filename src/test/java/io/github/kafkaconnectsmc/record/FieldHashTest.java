package io.github.kafkaconnectsmc.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FieldHashTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static long hash(String json) throws JsonProcessingException {
        return FieldHash.of(JSON.readTree(json));
    }

    @Test
    void equalJsonHasEqualFingerprintsHoweverItWasParsed() throws JsonProcessingException {
        assertEquals(hash("{\"href\":\"x\",\"n\":[1,2,{\"a\":null}]}"), hash("{ \"href\" : \"x\", \"n\" : [1, 2, {\"a\": null}] }"));
        assertEquals(hash("12345678901"), FieldHash.of(JSON.getNodeFactory().numberNode(12_345_678_901L)));
    }

    @Test
    void valuesThatLookAlikeButDifferInTypeOrShapeDiffer() throws JsonProcessingException {
        List<String> values = List.of("\"1\"", "1", "1.0", "true", "\"true\"", "null", "\"null\"", "[]", "{}", "\"\"",
                "[1]", "[[1]]", "{\"a\":1}", "{\"a\":\"1\"}", "[\"a\",\"b\"]", "[\"ab\"]", "[\"b\",\"a\"]",
                "123456789012345678901234567890", "1e400");
        Set<Long> fingerprints = new HashSet<>();
        for (String value : values) {
            fingerprints.add(hash(value));
        }
        assertEquals(values.size(), fingerprints.size());
    }

    @Test
    void consecutiveNumbersAndNearlyEqualTextsSpreadOverDistinctFingerprints() throws JsonProcessingException {
        Set<Long> fingerprints = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            fingerprints.add(FieldHash.of(JSON.getNodeFactory().numberNode(i)));
            fingerprints.add(FieldHash.of(JSON.getNodeFactory().textNode("Gateway Tunnel " + i)));
        }
        assertEquals(20_000, fingerprints.size());
        assertNotEquals(hash("\"ab\""), hash("\"ba\""));
    }
}
