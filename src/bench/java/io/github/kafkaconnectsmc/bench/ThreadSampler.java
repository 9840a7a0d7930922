package io.github.kafkaconnectsmc.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps the last reading ({@link ProcStat#threadTime}) of each of this JVM's threads whose name starts with a prefix,
 * read every few milliseconds while a measurement runs, so that such a thread still counts when it ends before the
 * measurement does. ProducerPerformance's I/O thread ends with each run: read only before and after, its CPU fell into
 * "threads ended during the round" and its time waiting for a core was lost. Only the named threads are read, and
 * each thread's name only once, so that sampling costs the measured process next to nothing (a directory listing and
 * three small reads per interval).
 */
final class ThreadSampler implements AutoCloseable {

    private final String namePrefix;
    private final Path tasks = Path.of("/proc/self/task");
    /** Read by the sampling thread, and by {@link #close()} once it has ended: each thread's name as first seen. */
    private final Map<String, String> names = new HashMap<>();
    /** Guarded by itself. */
    private final Map<Long, ProcStat.ThreadTime> lastSeen = new HashMap<>();
    private final Thread sampling;
    private volatile boolean running = true;

    private ThreadSampler(String namePrefix, Duration interval) {
        this.namePrefix = namePrefix;
        sampling = new Thread(() -> {
            while (running) {
                sample();
                LockSupport.parkNanos(interval.toNanos());
            }
        }, "bench-thread-sampler");
        sampling.setDaemon(true);
        sampling.start();
    }

    /** Starts reading this JVM's threads named {@code namePrefix}... every {@code interval}. */
    static ThreadSampler of(String namePrefix, Duration interval) {
        return new ThreadSampler(namePrefix, interval);
    }

    private void sample() {
        File[] live = tasks.toFile().listFiles();
        if (live == null) {
            return;
        }
        for (File task : live) {
            String name = names.computeIfAbsent(task.getName(), tid -> commandName(task.toPath()));
            if (name.startsWith(namePrefix)) {
                try {
                    ProcStat.ThreadTime time = ProcStat.threadTime(task.toPath());
                    synchronized (lastSeen) {
                        lastSeen.put(Long.parseLong(task.getName()), time);
                    }
                } catch (IOException e) {
                    // Ended while being read: its reading before this one stands.
                }
            }
        }
    }

    private static String commandName(Path task) {
        try {
            return Files.readString(task.resolve("comm")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** The last reading of every named thread seen, ended ones included. Call after {@link #close()}. */
    Map<Long, ProcStat.ThreadTime> threadsSeen() {
        synchronized (lastSeen) {
            return new HashMap<>(lastSeen);
        }
    }

    /** Stops sampling after one last reading of the named threads still alive. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        LockSupport.unpark(sampling);
        sampling.join();
        sample();
    }
}
