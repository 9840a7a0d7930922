package io.github.kafkaconnectsmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Pages, or sections of pages, in docs/ that a test generates from the code: the test fails when the text in the
 * repository differs from what it generates, and with {@code -Ddocs.update=true} writes the generated text instead.
 */
final class GeneratedDocs {

    private GeneratedDocs() {
    }

    /** The whole of {@code page} is {@code generated}. */
    static void assertPageIsCurrent(Path page, String generated, String testClass) throws IOException {
        if (Boolean.getBoolean("docs.update")) {
            Files.writeString(page, generated, StandardCharsets.UTF_8);
        }
        String actual = Files.exists(page) ? Files.readString(page, StandardCharsets.UTF_8) : "";
        assertEquals(generated, actual, page + " is stale: " + regenerate(testClass));
    }

    /**
     * The part of {@code page} between the lines {@code begin} and {@code end} is {@code generated}; the rest of the
     * page is written by hand.
     */
    static void assertSectionIsCurrent(Path page, String begin, String end, String generated, String testClass)
            throws IOException {
        String text = Files.readString(page, StandardCharsets.UTF_8);
        int from = text.indexOf(begin + "\n");
        int to = text.indexOf(end + "\n");
        assertTrue(from >= 0 && to > from, page + " lacks the lines " + begin + " ... " + end);
        String before = text.substring(0, from + begin.length() + 1);
        String after = text.substring(to);
        if (Boolean.getBoolean("docs.update")) {
            Files.writeString(page, before + generated + after, StandardCharsets.UTF_8);
            text = Files.readString(page, StandardCharsets.UTF_8);
        }
        assertEquals(generated, text.substring(from + begin.length() + 1, text.indexOf(end + "\n")),
                page + " is stale between " + begin + " and " + end + ": " + regenerate(testClass));
    }

    private static String regenerate(String testClass) {
        return "run mvn test -Dtest=" + testClass + " -Ddocs.update=true";
    }
}
