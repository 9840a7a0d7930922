package io.github.kafkaconnectsmc.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonText} gives every value the text Jackson's generator copies from the parser, also for the scalars it
 * writes without a generator.
 */
class JsonTextTest {

    private static final JsonFactory JACKSON = new JsonFactory();

    @Test
    void writesLiteralsAndIntegersAsTheGeneratorDoes() throws IOException {
        Random random = new Random(7);
        List<String> values = new ArrayList<>(List.of("null", "true", "false", "0", "-0", "7", "-7",
                "2147483647", "2147483648", "-2147483648", "-2147483649", "9223372036854775807",
                "-9223372036854775808", "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890",
                "1.5", "-0.0", "1e3", "1E-7", "12.50", "1.0e+21"));
        for (int i = 0; i < 1_000; i++) {
            values.add(Long.toString(random.nextLong() >> random.nextInt(64)));
        }
        for (String value : values) {
            assertEquals(copiedByTheGenerator(value), JsonText.of(value), value);
        }
    }

    @Test
    void writesEveryCharacterOfAStringAsTheGeneratorDoes() throws IOException {
        // Every UTF-16 unit, in chunks (controls, quote, backslash, accents, lone surrogates), each also alone in a
        // string of plain letters, which is what a string with nothing to escape looks like around it.
        List<String> values = new ArrayList<>(List.of("\"\"", "\"plain text, with spaces / and slashes\"",
                "\"\\u00e9t\\u00e9 \\ud83d\\udd25\"", "\"tab\\tand \\\"quotes\\\" and \\\\\""));
        StringBuilder chunk = new StringBuilder();
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            String escaped = String.format("\\u%04x", c);
            values.add("\"ab" + escaped + "cd\"");
            chunk.append(escaped);
            if (chunk.length() == 6 * 256) {
                values.add("\"" + chunk + "\"");
                chunk.setLength(0);
            }
        }
        for (String value : values) {
            assertEquals(copiedByTheGenerator(value), JsonText.of(value), value.length() > 40
                    ? value.substring(0, 40) + "..." : value);
        }
    }

    @Test
    void writesStructuresCompactlyWithTheGenerator() throws IOException {
        assertEquals("{\"a\":[1,2.5,\"x\",null,{\"b\":true}],\"c\":{}}",
                JsonText.of("{ \"a\" : [ 1 , 2.5, \"x\", null, {\"b\": true} ], \"c\": {} }"));
        assertEquals("[]", JsonText.of(" [ ] "));
    }

    @Test
    void leavesTheParserOnTheValuesLastToken() throws IOException {
        try (JsonParser parser = JACKSON.createParser("{\"a\":\"x\",\"b\":12,\"c\":[1],\"d\":null}")) {
            parser.nextToken();
            List<String> texts = new ArrayList<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                parser.nextToken();
                texts.add(parser.currentName() + "=" + JsonText.of(parser));
            }
            assertEquals(List.of("a=\"x\"", "b=12", "c=[1]", "d=null"), texts);
        }
    }

    /** What Jackson's generator writes when it copies the value {@code json} holds from a parser. */
    private static String copiedByTheGenerator(String json) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonParser parser = JACKSON.createParser(json);
             JsonGenerator generator = JACKSON.createGenerator(text)) {
            parser.nextToken();
            generator.copyCurrentStructure(parser);
        }
        return text.toString();
    }
}
