package io.github.kafkaconnectsmc.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.io.StringWriter;

/**
 * The compact JSON text of a value read from a frame: {@code "text"} with its quotes, {@code 12.5}, {@code null},
 * {@code {"nested":[1,2,3]}}. Numbers and strings come out as Jackson writes them, whatever spacing the SMC used, so
 * the same value always gives the same text.
 */
public final class JsonText {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonText() {
    }

    /** The value the parser stands on, consumed to its last token. */
    public static String of(JsonParser parser) throws IOException {
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
}
