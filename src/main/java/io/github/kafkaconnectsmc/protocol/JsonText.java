package io.github.kafkaconnectsmc.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.CharTypes;
import java.io.IOException;
import java.io.StringWriter;

/**
 * The compact JSON text of a value read from a frame: {@code "text"} with its quotes, {@code 12.5}, {@code null},
 * {@code {"nested":[1,2,3]}}. Numbers and strings come out as Jackson writes them, whatever spacing the SMC used, so
 * the same value always gives the same text.
 *
 * <p>A generator is made only for what needs one: an object, an array, a fraction, a number beyond a long, a string
 * with a character to escape. Every body field the schema does not hold goes through here for {@code other_fields}
 * (fields of newer SMC versions, or the sequence number of the end-to-end benchmark's latency round), and a generator
 * per scalar cost about 60–100 ns and 170–300 bytes more than writing it here (JMH, docs/performance.md). The scalars
 * written here come out as the generator writes them, which {@code JsonTextTest} compares with it.
 */
public final class JsonText {

    private static final JsonFactory JSON = new JsonFactory();
    /** Jackson's table of the ASCII characters its generator escapes (non-zero entries), by default. */
    private static final int[] ESCAPES = CharTypes.get7BitOutputEscapes();

    private JsonText() {
    }

    /** The value the parser stands on, consumed to its last token. */
    public static String of(JsonParser parser) throws IOException {
        String scalar = plainScalar(parser);
        if (scalar != null) {
            return scalar;
        }
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = JSON.createGenerator(text)) {
            generator.copyCurrentStructure(parser);
        }
        return text.toString();
    }

    /** The value {@code json} holds, which must be one complete JSON value. */
    public static String of(String json) throws IOException {
        try (JsonParser parser = JSON.createParser(json)) {
            parser.nextToken();
            return of(parser);
        }
    }

    /**
     * The text of a scalar the generator would copy without escaping or formatting anything: a literal, an integer
     * within a long (the generator writes it from the int or long it parses to), or a string with nothing to escape.
     * Null for any other value.
     */
    private static String plainScalar(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_NULL -> "null";
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> Integer.toString(parser.getIntValue());
                case LONG -> Long.toString(parser.getLongValue());
                default -> null;
            };
            case VALUE_STRING -> quotedIfNothingToEscape(parser);
            default -> null;
        };
    }

    private static String quotedIfNothingToEscape(JsonParser parser) throws IOException {
        char[] chars = parser.getTextCharacters();
        int start = parser.getTextOffset();
        int end = start + parser.getTextLength();
        for (int i = start; i < end; i++) {
            char c = chars[i];
            if (c < ESCAPES.length && ESCAPES[c] != 0) {
                return null;
            }
        }
        StringBuilder quoted = new StringBuilder(end - start + 2);
        return quoted.append('"').append(chars, start, end - start).append('"').toString();
    }
}
