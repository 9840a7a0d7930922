package io.github.kafkaconnectsmc.record;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * A 64-bit fingerprint of one status body field, computed while the streaming parser reads it, so that
 * {@link ElementStates} can tell a changed field from an unchanged one while keeping eight bytes per field instead of
 * the value, and without a JSON tree or a second parse. 64 bits, not a 32-bit hash code, because an unnoticed
 * collision would make a real change look like a repeat, which {@code smc.drop.unchanged} drops.
 *
 * <p>A scalar is fingerprinted from its token: each JSON type mixes in a tag of its own and numbers keep their text,
 * so {@code "1"}, {@code 1} and {@code 1.0} differ. An object or array is fingerprinted from its JSON text in the
 * frame, with the spacing outside strings left out, so members count in order and the SMC's spacing does not.
 */
final class FieldHash {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private static final long NULL_TAG = 0x6e756c6cL;
    private static final long TRUE_TAG = 0x74727565L;
    private static final long FALSE_TAG = 0x66616c73L;
    private static final long STRING_TAG = 1;
    private static final long NUMBER_TAG = 2;
    private static final long STRUCTURE_TAG = 5;

    private FieldHash() {
    }

    /** The fingerprint of the scalar value the parser stands on; the parser stays where it is. */
    static long ofScalar(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case VALUE_NULL -> mix(NULL_TAG);
            case VALUE_TRUE -> mix(TRUE_TAG);
            case VALUE_FALSE -> mix(FALSE_TAG);
            case VALUE_STRING -> text(STRING_TAG, parser.getTextCharacters(), parser.getTextOffset(),
                    parser.getTextLength());
            default -> text(NUMBER_TAG, parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        };
    }

    /** The fingerprint of the object or array whose JSON text is {@code json[start, end)}. */
    static long ofStructure(String json, int start, int end) {
        long hash = FNV_OFFSET ^ STRUCTURE_TAG;
        boolean inString = false;
        boolean escaped = false;
        int length = 0;
        for (int i = start; i < end; i++) {
            char c = json.charAt(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                continue;
            } else if (c == '"') {
                inString = true;
            }
            hash = (hash ^ c) * FNV_PRIME;
            length++;
        }
        return mix(hash ^ length);
    }

    private static long text(long tag, char[] chars, int offset, int length) {
        long hash = FNV_OFFSET ^ tag;
        for (int i = offset; i < offset + length; i++) {
            hash = (hash ^ chars[i]) * FNV_PRIME;
        }
        return mix(hash ^ length);
    }

    /** The finaliser of SplitMix64: spreads every input bit over the whole result. */
    private static long mix(long value) {
        long z = value + 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
