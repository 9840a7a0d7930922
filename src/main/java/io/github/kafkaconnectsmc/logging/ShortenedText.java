package io.github.kafkaconnectsmc.logging;

/**
 * Text from outside the connector (a frame, a name or an error body the SMC sent) as a log line or an exception
 * message may quote it: cut to {@link #MAX_CHARS} characters, with the full length said. A frame may be megabytes
 * long, and one log line must not be.
 */
public final class ShortenedText {

    public static final int MAX_CHARS = 300;

    private ShortenedText() {
    }

    public static String of(String text) {
        if (text == null || text.length() <= MAX_CHARS) {
            return text;
        }
        // Half of a character outside the basic plane (an emoji in an element's name) would be logged as '?'.
        int cut = Character.isHighSurrogate(text.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
        return text.substring(0, cut) + "... (" + text.length() + " characters)";
    }
}
