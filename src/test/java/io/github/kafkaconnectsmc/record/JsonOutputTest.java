package io.github.kafkaconnectsmc.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link JsonOutput} spells every value as Jackson's generator with its default features does, byte for byte. */
class JsonOutputTest {

    private static final JsonFactory JACKSON = new JsonFactory();

    @Test
    void spellsEveryCharacterAsJacksonDoes() throws IOException {
        // Every UTF-16 unit alone (controls, escapes, accents, lone surrogates), in chunks, and a surrogate pair.
        List<String> texts = new ArrayList<>();
        StringBuilder chunk = new StringBuilder();
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            chunk.append((char) c);
            if (chunk.length() == 256) {
                texts.add(chunk.toString());
                chunk.setLength(0);
            }
        }
        texts.add("\ud83d\udd25 pair, \ud800 lone high, \udc00 lone low");
        texts.add("");

        for (String text : texts) {
            JsonOutput output = new JsonOutput();
            output.string(text);
            assertEquals(jackson(generator -> generator.writeString(text)), written(output),
                    () -> "text starting with U+" + Integer.toHexString(text.isEmpty() ? 0 : text.charAt(0)));
        }
    }

    @Test
    void spellsNumbersAsJacksonDoes() throws IOException {
        Random random = new Random(42);
        List<Long> longs = new ArrayList<>(List.of(0L, 1L, -1L, 9L, 10L, -10L, 99L, 100L, Long.MAX_VALUE,
                Long.MIN_VALUE, Long.MIN_VALUE + 1, (long) Integer.MAX_VALUE, (long) Integer.MIN_VALUE));
        for (int i = 0; i < 1_000; i++) {
            longs.add(random.nextLong() >> random.nextInt(64));
        }
        for (long value : longs) {
            JsonOutput output = new JsonOutput();
            output.number(value);
            assertEquals(jackson(generator -> generator.writeNumber(value)), written(output), "long " + value);
        }

        List<Double> doubles = new ArrayList<>(List.of(0.0, -0.0, 1.5, 1e3, 1e-7, 1e21, Double.MAX_VALUE,
                Double.MIN_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
        for (int i = 0; i < 1_000; i++) {
            doubles.add(Double.longBitsToDouble(random.nextLong()));
        }
        for (double value : doubles) {
            JsonOutput output = new JsonOutput();
            output.number(value);
            assertEquals(jackson(generator -> generator.writeNumber(value)), written(output), "double " + value);
        }
    }

    @Test
    void writesLiteralsAndKeepsGrowingPastItsFirstBuffer() throws IOException {
        JsonOutput output = new JsonOutput();
        String large = "x".repeat(100_000);

        output.raw('[');
        output.bool(true);
        output.raw(',');
        output.bool(false);
        output.raw(',');
        output.nullValue();
        output.raw(',');
        output.string(large);
        output.raw(']');

        assertEquals("[true,false,null,\"" + large + "\"]", written(output));
        output.reset();
        output.nullValue();
        assertEquals("null", written(output), "empty again after a reset");
    }

    /** The bytes as Latin-1 text, one character per byte, so that comparing texts compares bytes. */
    private static String written(JsonOutput output) {
        return new String(output.toByteArray(), StandardCharsets.ISO_8859_1);
    }

    private interface Writing {
        void write(JsonGenerator generator) throws IOException;
    }

    private static String jackson(Writing writing) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator generator = JACKSON.createGenerator(bytes)) {
            writing.write(generator);
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }
}
