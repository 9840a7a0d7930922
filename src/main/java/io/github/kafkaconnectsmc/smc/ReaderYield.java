package io.github.kafkaconnectsmc.smc;

/**
 * Makes the status socket's reader thread give up its core ({@link Thread#yield()}) after every {@value #FRAMES}
 * frames it has handed on, so that a burst of notifications cannot keep the threads that carry its records on to Kafka
 * (the worker's producer, and a broker on the same machine) from a core.
 *
 * <p>Why: in a burst the reader never waits (the socket always holds the next frame), so it keeps its core for whole
 * scheduler slices, milliseconds, while each produce round trip needs the producer's I/O thread and the broker's
 * threads for a few hundred microseconds at a time. In the end-to-end benchmark on two cores (docs/performance.md,
 * seventh round; two runs each way, alternated), the broker's threads waited for a core 64–71 µs longer in each
 * connector round trip than in the raw producer's, and the round trips were 55–62 µs longer; yielding every 16 frames
 * (about 80 µs of reading) brought those to 14–34 µs and 14–36 µs, and the median throughput ratio to the raw producer
 * from 0.83 to 0.91 over 18 rounds each. With nobody waiting for the core a yield returns at once: one system call per
 * 16 frames. The reader's own wait for a core grows instead, which costs nothing while its queue is full, as it is
 * whenever Kafka sets the pace.
 *
 * <p>Not thread safe: one per socket, used on its reader thread only.
 */
final class ReaderYield {

    /** About 80 µs of reading at the 5 µs a frame the reader takes in the end-to-end benchmark. */
    static final int FRAMES = 16;

    private final Runnable yieldCore;
    private int framesSinceYield;

    ReaderYield() {
        this(Thread::yield);
    }

    // Visible for testing
    ReaderYield(Runnable yieldCore) {
        this.yieldCore = yieldCore;
    }

    /** A frame has been handed on: after the {@value #FRAMES}th since the last yield, yields. */
    void frameHandedOn() {
        if (++framesSinceYield == FRAMES) {
            framesSinceYield = 0;
            yieldCore.run();
        }
    }
}
