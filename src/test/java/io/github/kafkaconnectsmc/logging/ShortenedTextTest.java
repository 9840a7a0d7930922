package io.github.kafkaconnectsmc.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShortenedTextTest {

    @Test
    void shortTextIsKeptAsItIs() {
        assertEquals("Plano node 1", ShortenedText.of("Plano node 1"));
    }

    @Test
    void longTextIsCutAndSaysItsLength() {
        String shortened = ShortenedText.of("x".repeat(1_000));

        assertEquals("x".repeat(ShortenedText.MAX_CHARS) + "... (1000 characters)", shortened);
    }

    @Test
    void aCutNeverSplitsACharacterOutsideTheBasicPlaneInTwo() {
        // An element name with an emoji where the cut falls: half of it would be written to the log as '?'.
        String name = "x".repeat(ShortenedText.MAX_CHARS - 1) + "\uD83D\uDD25 node 1";

        String shortened = ShortenedText.of(name);

        String kept = shortened.substring(0, shortened.indexOf("... ("));
        assertFalse(Character.isHighSurrogate(kept.charAt(kept.length() - 1)), kept);
        assertTrue(shortened.endsWith("(" + name.length() + " characters)"), shortened);
    }
}
