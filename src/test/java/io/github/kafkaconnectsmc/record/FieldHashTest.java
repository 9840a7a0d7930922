package io.github.kafkaconnectsmc.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kafkaconnectsmc.SampleFrames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
                "123456789012345678901234567890", "1e400",
                // Structures alike but for where a token is or whether it is there at all.
                "[null]", "[[]]", "[{}]", "[[],[]]", "[[[]]]", "[[1],2]", "[[1,2]]", "[1,2]", "[12]", "[1,[2]]",
                "{\"a\":{}}", "{\"a\":[]}", "{\"a\":null}", "{\"a\":\"\"}", "{\"ab\":\"\"}", "{\"a\":\"b\"}",
                "[\"a\",\"\"]", "[\"\",\"a\"]", "[true]", "[false]", "[\"true\"]", "[1.0]", "[\"1\"]",
                "{\"a\":1,\"b\":2}", "{\"b\":2,\"a\":1}", "{\"a\":1,\"a\":1}", "[{\"a\":1},{}]", "[{\"a\":1,\"\":{}}]");
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

    @Test
    void randomFieldsHaveEqualFingerprintsExactlyWhenTheirJsonIsEqualAsFieldHashDefinesIt() {
        // Seeded, so that a failure names the seed to replay it with; a new seed each run widens the search. A small
        // vocabulary of spellings makes equal values (spaced differently) and nearly equal ones common.
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Map<String, Long> fingerprintByEquality = new HashMap<>();
        Map<Long, String> equalityByFingerprint = new HashMap<>();
        Map<String, String> firstSpellingByEquality = new HashMap<>();
        int respelled = 0;
        for (int frameIndex = 0; frameIndex < 3_000; frameIndex++) {
            List<String> names = new ArrayList<>();
            List<String> values = new ArrayList<>();
            StringBuilder body = new StringBuilder("{");
            int fields = 1 + random.nextInt(4);
            for (int field = 0; field < fields; field++) {
                String value = RandomJson.value(random, 0);
                String name = RandomJson.FIELD_NAMES.get(random.nextInt(RandomJson.FIELD_NAMES.size()));
                names.add(name);
                values.add(value);
                body.append(field > 0 ? "," : "").append(RandomJson.space(random)).append('"').append(name)
                        .append('"').append(RandomJson.space(random)).append(':').append(value);
            }
            String frame = "{\"status\":{\"status\":" + body.append('}') + "},\"subscription_id\":0}";
            StatusBody read = StatusBodies.read(frame);
            assertEquals(fields, read.fieldCount(), frame);
            for (int field = 0; field < fields; field++) {
                String value = values.get(field);
                String equality = equalityOf(value);
                long fingerprint = read.fieldHash(field);
                String seen = "seed " + seed + ", frame " + frameIndex + ", field " + names.get(field) + ": " + frame;
                Long known = fingerprintByEquality.putIfAbsent(equality, fingerprint);
                assertEquals(known == null ? fingerprint : known, fingerprint,
                        () -> "equal values, different fingerprints: " + firstSpellingByEquality.get(equality) + " and "
                                + value + "; " + seen);
                String other = equalityByFingerprint.putIfAbsent(fingerprint, equality);
                assertEquals(other == null ? equality : other, equality,
                        () -> "different values, equal fingerprints; " + seen);
                String first = firstSpellingByEquality.putIfAbsent(equality, value);
                if (first != null && !first.equals(value)) {
                    respelled++;
                }
            }
        }
        // The search covered what it is for: many values seen again, spaced or spelled otherwise.
        assertTrue(respelled > 1_000, "values seen again in another spelling: " + respelled);
        assertTrue(fingerprintByEquality.size() > 1_000, "distinct values: " + fingerprintByEquality.size());
    }

    /**
     * What makes two values of a field equal, per FieldHash's definition, worked out independently of it: a
     * scalar's JSON type and its text (a string's decoded); an object's or array's text without the spacing outside
     * its strings.
     */
    private static String equalityOf(String json) {
        String trimmed = json.strip();
        char first = trimmed.charAt(0);
        if (first == '{' || first == '[') {
            StringBuilder text = new StringBuilder("structure ");
            boolean inString = false;
            for (int i = 0; i < trimmed.length(); i++) {
                char c = trimmed.charAt(i);
                if (inString) {
                    text.append(c);
                    if (c == '\\') {
                        text.append(trimmed.charAt(++i));
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    text.append(c);
                    inString = c == '"';
                }
            }
            return text.toString();
        }
        if (first == '"') {
            try {
                return "string " + new ObjectMapper().readTree(trimmed).textValue();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return (first == 't' || first == 'f' || first == 'n' ? "literal " : "number ") + trimmed;
    }

    /** JSON values spelled from a few pieces each, spaced at random between tokens. */
    private static final class RandomJson {
        /** Body fields the mapper reads in each of its ways: child list, typed field, other field, name. */
        static final List<String> FIELD_NAMES = List.of("result", "child", "monitoring_state", "x", "name");
        private static final List<String> KEYS = List.of("\"a\"", "\"b\"", "\"ab\"", "\"\\u0061\"", "\"\"",
                "\"href\"", "\"name\"", "\"type\"");
        private static final List<String> STRINGS = List.of("\"\"", "\"a\"", "\"ab\"", "\"a b\"", "\" a\"", "\"/\"",
                "\"\\/\"", "\"A\"", "\"\\u0041\"", "\"\\\"\"", "\"\\\\\"", "\"a\\\" b\"", "\"\u00e9\"", "\"\\u00e9\"",
                "\"\\u00E9\"", "\"[1]\"", "\"{\\\"a\\\":1}\"", "\"\\n\"", "\"\\\\n\"", "\"\\u0000a\"", "\"\ud83d\udd25\"",
                "\"http://localhost:8082/7.2.1/elements/vpn/5/tunnels/NTkjNjU=\"", "\"gateway_tunnel\"");
        private static final List<String> NUMBERS = List.of("0", "-0", "1", "1.0", "1e0", "1E0", "1e+0", "10", "100",
                "1e2", "0.5", "-1", "12345678901234567890123");
        private static final List<String> LITERALS = List.of("true", "false", "null");
        private static final List<String> SPACES = List.of("", "", "", " ", "\n", "\t", "\r\n  ");

        static String value(Random random, int depth) {
            StringBuilder out = new StringBuilder();
            value(random, out, depth);
            return out.toString();
        }

        private static void value(Random random, StringBuilder out, int depth) {
            out.append(space(random));
            switch (random.nextInt(depth < 3 ? 9 : 5)) {
                case 0 -> out.append(pick(random, LITERALS));
                case 1, 2 -> out.append(pick(random, NUMBERS));
                case 3, 4 -> out.append(pick(random, STRINGS));
                case 5, 6 -> {
                    out.append('[');
                    int items = random.nextInt(4);
                    for (int item = 0; item < items; item++) {
                        out.append(item > 0 ? space(random) + "," : "");
                        value(random, out, depth + 1);
                    }
                    out.append(space(random)).append(']');
                }
                case 7 -> object(random, out, depth, KEYS);
                default -> {
                    // Child references, mostly of the shape the schema types, some not.
                    out.append('[');
                    int items = random.nextInt(4);
                    for (int item = 0; item < items; item++) {
                        out.append(item > 0 ? "," : "");
                        object(random, out, depth, List.of("\"href\"", "\"name\"", "\"type\""));
                    }
                    out.append(space(random)).append(']');
                }
            }
            out.append(space(random));
        }

        private static void object(Random random, StringBuilder out, int depth, List<String> keys) {
            out.append(space(random)).append('{');
            int members = random.nextInt(4);
            for (int member = 0; member < members; member++) {
                out.append(member > 0 ? "," : "").append(space(random)).append(pick(random, keys))
                        .append(space(random)).append(':');
                if (random.nextInt(4) > 0) {
                    out.append(space(random)).append(pick(random, STRINGS));
                } else {
                    value(random, out, depth + 1);
                }
            }
            out.append(space(random)).append('}');
        }

        static String space(Random random) {
            return pick(random, SPACES);
        }

        private static String pick(Random random, List<String> pieces) {
            return pieces.get(random.nextInt(pieces.size()));
        }
    }
}
