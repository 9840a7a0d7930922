package io.github.kafkaconnectsmc.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReaderYieldTest {

    private final AtomicInteger yields = new AtomicInteger();
    private final ReaderYield readerYield = new ReaderYield(yields::incrementAndGet);

    @Test
    void theReaderKeepsItsCoreUntilItHasHandedOnAFullRunOfFrames() {
        handOn(ReaderYield.FRAMES - 1);

        assertEquals(0, yields.get());
    }

    @Test
    void theReaderYieldsOnceAfterEachFullRunOfFrames() {
        handOn(ReaderYield.FRAMES);
        assertEquals(1, yields.get());

        handOn(2 * ReaderYield.FRAMES + ReaderYield.FRAMES / 2);
        assertEquals(3, yields.get(), "a yield after each full run, none for the half run after them");
    }

    private void handOn(int frames) {
        for (int i = 0; i < frames; i++) {
            readerYield.frameHandedOn();
        }
    }
}
