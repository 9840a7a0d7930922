package io.github.kafkaconnectsmc.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.kafkaconnectsmc.SampleFrames;
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

    @Test
    void spacingInsideStringsWithEscapesCountsAndSpacingAfterThemDoesNot() {
        // An escaped quote does not end its string, so the space after it is content.
        assertNotEquals(hash("[\"a \\\" b\"]"), hash("[\"a \\\"b\"]"));
        // ... and the quote after it ends the string, so the space after that one is not.
        assertEquals(hash("[\"a\\\"\", \"b\"]"), hash("[\"a\\\"\",\"b\"]"));
        // An escaped backslash does end its string at the next quote, so the spacing after that is not content.
        assertEquals(hash("[\"a\\\\\" , \"b c\"]"), hash("[\"a\\\\\",\"b c\"]"));
        assertNotEquals(hash("[\"a\\\\\",\"b c\"]"), hash("[\"a\\\\\",\"bc\"]"));
        assertEquals(hash("{\"k\":\"\\u0041 \\n\"}"), hash("{ \"k\" : \"\\u0041 \\n\" }"));
    }

    @Test
    void structuresThatDifferInOneCharacterOrInLengthDiffer() {
        // The child list of Forcepoint's VPN example: 2,000 characters, most of them inside strings.
        String frame = SampleFrames.seedExample("Corporate VPN");
        int start = frame.indexOf("\"result\":[") + "\"result\":".length();
        String base = frame.substring(start, frame.indexOf("}]", start) + 2);
        Set<Long> fingerprints = new HashSet<>();
        fingerprints.add(hash(base));
        for (int i = 1; i < base.length() - 1; i++) {
            char c = base.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                fingerprints.add(hash(base.substring(0, i) + (char) (c + 1) + base.substring(i + 1)));
            }
        }
        long changed = base.chars().skip(1).limit(base.length() - 2).filter(Character::isLetterOrDigit).count();
        assertEquals(changed + 1, fingerprints.size());
        assertNotEquals(hash("[\"abcd\"]"), hash("[\"abcd\",\"\"]"));
        assertNotEquals(hash("[\"abc\"]"), hash("[\"abcd\"]"));
    }
}
