package io.github.kafkaconnectsmc.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FieldHashTest {

    /** The fingerprint of {@code json} as the value of a body field, read as the connector reads a frame. */
    private static long hash(String json) {
        return StatusBodies.read("{\"v\":" + json + "}").fieldHash(0);
    }

    @Test
    void equalJsonHasEqualFingerprintsHoweverItWasParsed() {
        assertEquals(hash("{\"href\":\"x\",\"n\":[1,2,{\"a\":null}]}"), hash("{ \"href\" : \"x\", \"n\" : [1, 2, {\"a\": null}] }"));
        assertEquals(hash("12345678901"), hash("\n 12345678901\t"));
        assertEquals(hash("\"a b\""), hash(" \"a b\" "));
    }

    @Test
    void valuesThatLookAlikeButDifferInTypeOrShapeDiffer() {
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
    void consecutiveNumbersAndNearlyEqualTextsSpreadOverDistinctFingerprints() {
        Set<Long> fingerprints = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            fingerprints.add(hash(Integer.toString(i)));
            fingerprints.add(hash("\"Gateway Tunnel " + i + "\""));
        }
        assertEquals(20_000, fingerprints.size());
        assertNotEquals(hash("\"ab\""), hash("\"ba\""));
    }
}
