package io.github.kafkaconnectsmc.record;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;

/**
 * The parser a {@link StatusBody} hands the mapper for an object or array: it folds every token into a
 * {@link FieldHash} fingerprint as the mapper reads it, so the structure is fingerprinted in the same pass that maps
 * it. Every way of moving on goes through {@link #nextToken()}, skipping included, so no token escapes the
 * fingerprint whichever way the mapper reads the structure.
 *
 * <p>One per body, reused for each structure of each frame the body reads. Not thread safe.
 */
final class FingerprintingParser extends JsonParserDelegate {

    private long hash;

    FingerprintingParser() {
        super(null);
    }

    /** Starts a structure: {@code parser} stands on its first token, the start of the object or array. */
    FingerprintingParser reading(JsonParser parser) throws IOException {
        delegate = parser;
        hash = FieldHash.startTokens(parser);
        return this;
    }

    /** The fingerprint of the structure read since {@link #reading}; lets go of the parser. */
    long fingerprint() {
        delegate = null;
        return FieldHash.ofTokens(hash);
    }

    @Override
    public JsonToken nextToken() throws IOException {
        JsonToken token = delegate.nextToken();
        if (token != null) {
            hash = FieldHash.ofToken(hash, delegate);
        }
        return token;
    }

    /** As the parser's own: a field name is passed over to the value after it, but folded in. */
    @Override
    public JsonToken nextValue() throws IOException {
        JsonToken token = nextToken();
        return token == JsonToken.FIELD_NAME ? nextToken() : token;
    }

    /** As the parser's own, token by token, so the skipped tokens are folded in. */
    @Override
    public JsonParser skipChildren() throws IOException {
        JsonToken token = currentToken();
        if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
            return this;
        }
        int open = 1;
        while (open > 0) {
            token = nextToken();
            if (token == null) {
                return this;
            }
            if (token.isStructStart()) {
                open++;
            } else if (token.isStructEnd()) {
                open--;
            }
        }
        return this;
    }
}
