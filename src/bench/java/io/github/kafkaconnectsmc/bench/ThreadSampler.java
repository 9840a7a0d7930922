package io.github.kafkaconnectsmc.bench;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
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
 * each thread's name only once, and the directory is listed again only while no named thread is known to be alive;
 * what sampling costs the measured process anyway, {@link #stop()} reports, to be taken off its CPU time.
 */
final class ThreadSampler {

    /** The sampling thread, as the kernel keeps its name (15 characters), which a caller leaves out of its figures. */
    static final String THREAD_NAME = "bench-sampler";

    private final String namePrefix;
    private final Path tasks = Path.of("/proc/self/task");
    /** Read by the sampling thread, and by {@link #stop()} once it has ended: each thread's name as first seen. */
    private final Map<String, String> names = new HashMap<>();
    /** Guarded by itself. */
    private final Map<Long, ProcStat.ThreadTime> lastSeen = new HashMap<>();
    /** Read by the sampling thread, and by {@link #stop()} once it has ended: the named threads alive at last look. */
    private final Map<String, Path> liveNamed = new HashMap<>();
    private final Thread sampling;
    private volatile boolean running = true;
    /** The sampling thread's own CPU time, as it last read it. */
    private volatile long samplingCpuNanos;

    private ThreadSampler(String namePrefix, Duration interval) {
        this.namePrefix = namePrefix;
        sampling = new Thread(() -> {
            while (running) {
                sample();
                samplingCpuNanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                LockSupport.parkNanos(interval.toNanos());
            }
        }, THREAD_NAME);
        sampling.setDaemon(true);
        sampling.start();
    }

    /** Starts reading this JVM's threads named {@code namePrefix}... every {@code interval}. */
    static ThreadSampler of(String namePrefix, Duration interval) {
        return new ThreadSampler(namePrefix, interval);
    }

    private void sample() {
        liveNamed.entrySet().removeIf(thread -> !read(thread.getKey(), thread.getValue()));
        if (!liveNamed.isEmpty()) {
            return;
        }
        File[] live = tasks.toFile().listFiles();
        if (live == null) {
            return;
        }
        for (File task : live) {
            String name = names.computeIfAbsent(task.getName(), tid -> commandName(task.toPath()));
            if (name.startsWith(namePrefix) && read(task.getName(), task.toPath())) {
                liveNamed.put(task.getName(), task.toPath());
            }
        }
    }

    /** Reads one named thread; false once it has ended (its reading before this one stands). */
    private boolean read(String tid, Path task) {
        try {
            ProcStat.ThreadTime time = ProcStat.threadTime(task);
            synchronized (lastSeen) {
                lastSeen.put(Long.parseLong(tid), time);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String commandName(Path task) {
        try {
            return Files.readString(task.resolve("comm")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** The last reading of every named thread seen, ended ones included. Call after {@link #stop()}. */
    Map<Long, ProcStat.ThreadTime> threadsSeen() {
        synchronized (lastSeen) {
            return new HashMap<>(lastSeen);
        }
    }

    /**
     * Stops sampling after one last reading of the named threads still alive, and returns the CPU time, in ns, that
     * the sampling thread used: the caller takes it off the process's.
     */
    long stop() throws InterruptedException {
        running = false;
        LockSupport.unpark(sampling);
        sampling.join();
        sample();
        return samplingCpuNanos;
    }
}
