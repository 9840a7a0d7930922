package io.github.kafkaconnectsmc.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ContextNamesTest {

    private final ContextNames names = new ContextNames();

    @Test
    void aNameReadForOneElementResolvesToItsHrefEvenWhenReadAgain() {
        ContextNames.Reading reading = names.newReading();
        reading.learn("Oslo node 2", "h:78");
        reading.learn("Oslo node 2", "h:78");
        reading.complete();

        assertEquals("h:78", names.hrefOf("Oslo node 2"));
        assertEquals(0, reading.ambiguousNames());
        assertNull(names.hrefOf("Lima node 1"));
        assertFalse(names.isAmbiguous("Lima node 1"));
    }

    @Test
    void aNameReadForTwoElementsIsAmbiguousAndResolvesToNeither() {
        ContextNames.Reading reading = names.newReading();
        reading.learn("node 1", "h:1");
        reading.learn("node 1", "h:2");
        reading.learn("node 1", "h:3");
        reading.complete();

        assertNull(names.hrefOf("node 1"));
        assertTrue(names.isAmbiguous("node 1"));
        assertEquals(1, reading.ambiguousNames());
        assertEquals("'node 1' (h:1 and h:2)", reading.example());
    }

    @Test
    void anAmbiguousNameStaysSoThroughAReadingCutShortAndResolvesWhenAWholeReadingFindsItOnce() {
        ContextNames.Reading first = names.newReading();
        first.learn("node 1", "h:1");
        first.learn("node 1", "h:2");
        first.complete();

        ContextNames.Reading cutShort = names.newReading();
        cutShort.learn("node 1", "h:1");
        assertNull(names.hrefOf("node 1"), "one reading of part of the context cannot tell");

        ContextNames.Reading whole = names.newReading();
        whole.learn("node 1", "h:1");
        assertNull(names.hrefOf("node 1"), "until the whole context is read");
        whole.complete();
        assertEquals("h:1", names.hrefOf("node 1"));
    }

    @Test
    void anElementRenamedAwayLeavesItsOldNameToTheElementThatTookIt() {
        ContextNames.Reading first = names.newReading();
        first.learn("Paris", "h:1");
        first.complete();

        ContextNames.Reading second = names.newReading();
        second.learn("Paris", "h:9");
        second.complete();

        assertEquals("h:9", names.hrefOf("Paris"));
    }

    @Test
    void anEmptyHrefIsNoHref() {
        names.newReading().learn("Ghost", "");

        assertNull(names.hrefOf("Ghost"));
        assertFalse(names.isAmbiguous("Ghost"));
    }
}
