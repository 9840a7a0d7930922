package io.github.kafkaconnectsmc.record;

import com.fasterxml.jackson.core.io.CharTypes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JSON text written into a growable byte array, spelled as Jackson's {@code UTF8JsonGenerator} spells it with its
 * default features, which is what Connect's {@code JsonConverter} writes: text as UTF-8, escaped with Jackson's own
 * table of ASCII escapes (short forms such as {@code \n}, {@code \\u00XX} for other controls), every surrogate
 * escaped as {@code \\uXXXX} (Jackson neither combines pairs nor refuses a lone one), numbers in Java's spelling, and
 * a NaN or infinite double as quoted text.
 *
 * <p>Why not the generator itself: for {@link StructJsonWriter}'s fixed shapes the structure is known in advance, so
 * field names and separators are written as ready-made bytes, and the generator's per-call state checks and
 * bookkeeping, about 20 ns for each of a record's 33 fields, are not needed. Not thread safe.
 */
final class JsonOutput {

    private static final int[] ESCAPES = CharTypes.get7BitOutputEscapes();
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    /** A buffer that grew past this for a large value is not kept for the next one. */
    private static final int KEPT_CAPACITY = 64 * 1024;
    private static final int INITIAL_CAPACITY = 1024;

    private byte[] buffer = new byte[INITIAL_CAPACITY];
    private int size;

    /** The bytes of {@code text} as JSON text: quoted and escaped. For names written as ready-made bytes. */
    static byte[] quoted(String text) {
        JsonOutput output = new JsonOutput();
        output.string(text);
        return output.toByteArray();
    }

    /** {@code bytes}, then {@code null}. */
    static byte[] followedByNull(byte[] bytes) {
        byte[] both = Arrays.copyOf(bytes, bytes.length + NULL.length);
        System.arraycopy(NULL, 0, both, bytes.length, NULL.length);
        return both;
    }

    void raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
    }

    void raw(char ascii) {
        ensure(1);
        buffer[size++] = (byte) ascii;
    }

    void nullValue() {
        raw(NULL);
    }

    void bool(boolean value) {
        raw(value ? TRUE : FALSE);
    }

    void number(long value) {
        if (value == Long.MIN_VALUE) {
            // Its magnitude has no positive long.
            raw(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
            return;
        }
        ensure(20);
        if (value < 0) {
            buffer[size++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        int end = size + digits;
        for (int at = end - 1; at >= size; at--) {
            buffer[at] = (byte) ('0' + value % 10);
            value /= 10;
        }
        size = end;
    }

    void number(double value) {
        String text = Double.toString(value);
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            // Jackson's QUOTE_NON_NUMERIC_NUMBERS, on by default: JSON has no such numbers.
            string(text);
        } else {
            raw(text.getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** {@code text} quoted, as UTF-8, escaped as Jackson escapes it. */
    void string(String text) {
        int length = text.length();
        // At most 6 bytes (an escape) per character, and the quotes.
        ensure(6 * length + 2);
        byte[] out = buffer;
        int at = size;
        out[at++] = '"';
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                int escape = ESCAPES[c];
                if (escape == 0) {
                    out[at++] = (byte) c;
                } else if (escape > 0) {
                    out[at++] = '\\';
                    out[at++] = (byte) escape;
                } else {
                    at = unicodeEscape(out, at, c);
                }
            } else if (c < 0x800) {
                out[at++] = (byte) (0xC0 | (c >> 6));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                at = unicodeEscape(out, at, c);
            } else {
                out[at++] = (byte) (0xE0 | (c >> 12));
                out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        out[at++] = '"';
        size = at;
    }

    private static int unicodeEscape(byte[] out, int at, char c) {
        out[at++] = '\\';
        out[at++] = 'u';
        out[at++] = HEX[(c >> 12) & 0xF];
        out[at++] = HEX[(c >> 8) & 0xF];
        out[at++] = HEX[(c >> 4) & 0xF];
        out[at++] = HEX[c & 0xF];
        return at;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    /** Empties the output for the next value; a buffer a large value grew is let go. */
    void reset() {
        size = 0;
        if (buffer.length > KEPT_CAPACITY) {
            buffer = new byte[INITIAL_CAPACITY];
        }
    }

    private void ensure(int more) {
        if (buffer.length - size < more) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
