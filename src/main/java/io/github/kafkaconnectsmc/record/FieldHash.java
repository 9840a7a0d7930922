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
 * <p>Which values count as equal (two values of a field get equal fingerprints exactly then, up to a 64-bit
 * collision; {@code FieldHashTest} checks this against random values):
 * <ul>
 *   <li>A scalar, fingerprinted from its token: same JSON type (each mixes in a tag of its own) and same token text,
 *       a string's with its escapes decoded. So {@code "1"}, {@code 1} and {@code 1.0} differ, as do {@code 1e2} and
 *       {@code 100}; {@code "\/"} equals {@code "/"}.</li>
 *   <li>An object or array, fingerprinted from its JSON text in the frame: that text with the spacing outside strings
 *       (space, tab, line feed, carriage return) left out. So members and items count in order, a repeated member
 *       counts, the SMC's spacing does not, numbers keep their spelling, and strings keep their escapes as sent:
 *       {@code ["\/"]} and {@code ["/"]} differ, though their records do not. That is stricter than the records, but
 *       it can only report an unchanged field as changed, never hide a change.</li>
 * </ul>
 *
 * <p>Folding a structure's tokens while the mapper reads them, instead of reading its text again afterwards, was
 * tried and measured (docs/performance.md, "Frame to record"): it saved 0.3–0.4 µs of a VPN endpoint's 7.6–8 µs, too
 * little for a second way of fingerprinting (a parser wrapper, and the text kept for structures with escapes, which
 * the parser decodes). The fold itself, not the second pass, is what a structure's fingerprint costs.
 *
 * <p>Text is folded in four characters at a time: one multiply-and-rotate round per 64-bit word, rather than one
 * multiply per character, whose chain of dependent multiplies made hashing the child list of a VPN notification
 * (2,000 characters) cost as much as tokenizing the whole frame. Each round is a bijection of the word for a given
 * state, the rotation carries the high bits of every product into the low bits of the next, and the character count
 * is mixed in last, so texts that differ in any character, or only in length, give different words to fold. In a
 * structure, the end of each string is found with {@link String#indexOf(int, int)} (vectorised) instead of a state
 * machine stepping through every character, since strings are most of a structure's text.
 */
final class FieldHash {

    private static final long SEED = 0xcbf29ce484222325L;
    /** An odd constant with bits spread over the whole word (2^64 divided by the golden ratio). */
    private static final long MULTIPLIER = 0x9e3779b97f4a7c15L;

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
        long hash = SEED ^ STRUCTURE_TAG;
        long word = 0;
        int length = 0;
        // The next backslash: strings without one are found with one (vectorised) search for their closing quote.
        int escape = nextEscape(json, start, end);
        int i = start;
        while (i < end) {
            char c = json.charAt(i++);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                continue;
            }
            int stringEnd = i;
            if (c == '"') {
                // The string's content up to its closing quote, which is folded in with it.
                int close = json.indexOf('"', i);
                while (escape < close) {
                    // An escaped character, perhaps a quote, is content: the string goes on after it.
                    int afterEscape = escape + 2;
                    close = afterEscape >= end ? end - 1 : json.indexOf('"', afterEscape);
                    escape = nextEscape(json, afterEscape, end);
                }
                stringEnd = close < 0 || close >= end ? end : close + 1;
            }
            word = word << Character.SIZE | c;
            if ((++length & 3) == 0) {
                hash = round(hash, word);
                word = 0;
            }
            for (; i < stringEnd; i++) {
                word = word << Character.SIZE | json.charAt(i);
                if ((++length & 3) == 0) {
                    hash = round(hash, word);
                    word = 0;
                }
            }
        }
        return mix(round(hash, word) ^ length);
    }

    /** The index of the first backslash in {@code json[from, end)}, or {@code end} when there is none. */
    private static int nextEscape(String json, int from, int end) {
        int index = from >= end ? -1 : json.indexOf('\\', from);
        return index < 0 || index >= end ? end : index;
    }

    private static long text(long tag, char[] chars, int offset, int length) {
        long hash = SEED ^ tag;
        int end = offset + length;
        int i = offset;
        for (; i + 4 <= end; i += 4) {
            hash = round(hash, (long) chars[i] << 48 | (long) chars[i + 1] << 32 | (long) chars[i + 2] << 16
                    | chars[i + 3]);
        }
        long word = 0;
        for (; i < end; i++) {
            word = word << Character.SIZE | chars[i];
        }
        return mix(round(hash, word) ^ length);
    }

    /** Folds one word of up to four characters into the state. */
    private static long round(long hash, long word) {
        return Long.rotateLeft((hash ^ word) * MULTIPLIER, 29);
    }

    /** The finaliser of SplitMix64: spreads every input bit over the whole result. */
    private static long mix(long value) {
        long z = value + 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
