package io.github.kafkaconnectsmc.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * CPU time of a Linux process and of its threads, from {@code /proc/<pid>/stat} and {@code /proc/<pid>/task/<tid>/stat}
 * (user plus system time, in clock ticks of 10 ms), how often each thread waited ({@code voluntary_ctxt_switches}
 * of {@code /proc/<pid>/task/<tid>/status}: a blocking read, a lock or condition wait, a park), and how long it waited
 * for a core while ready to run (the second field of {@code /proc/<pid>/task/<tid>/schedstat}, in ns; 0 where the
 * kernel keeps no such figure). Counts every thread of a JVM, JIT compilers and GC included.
 */
final class ProcStat {

    /** Clock ticks per second of the times in {@code stat} (USER_HZ, 100 on Linux). */
    private static final long TICKS_PER_SECOND = ticksPerSecond();

    private ProcStat() {
    }

    /** CPU time of the whole process so far, in milliseconds; {@code pid} may be {@code "self"}. */
    static long processCpuMillis(String pid) {
        try {
            return cpuMillis(Files.readString(Path.of("/proc", pid, "stat")));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the CPU time of process " + pid, e);
        }
    }

    /**
     * CPU time so far of one thread, in milliseconds, the part of it spent in the kernel, how many times it waited,
     * how long it was ready to run but waited for a core (run queue), in microseconds, and its name when read.
     */
    record ThreadTime(String name, long millis, long kernelMillis, long waits, long runQueueMicros) {
    }

    /**
     * CPU time so far of each live thread, by thread id. Threads are told apart by id, not name: a pooled thread
     * (MockWebServer's, OkHttp's) renames itself for each connection it serves, and its earlier time must not count
     * under its new name.
     */
    static Map<Long, ThreadTime> threadCpuMillis(String pid) {
        Map<Long, ThreadTime> byId = new TreeMap<>();
        File[] tasks = Path.of("/proc", pid, "task").toFile().listFiles();
        if (tasks == null) {
            return byId;
        }
        for (File task : tasks) {
            try {
                byId.put(Long.parseLong(task.getName()), threadTime(task.toPath()));
            } catch (IOException e) {
                // The thread ended while being read: its time stays in the process total.
            }
        }
        return byId;
    }

    /** One thread's figures so far, from its {@code /proc/<pid>/task/<tid>} directory. */
    static ThreadTime threadTime(Path task) throws IOException {
        String stat = Files.readString(task.resolve("stat"));
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        return new ThreadTime(name, cpuMillis(stat), kernelMillis(stat),
                voluntaryContextSwitches(Files.readString(task.resolve("status"))),
                runQueueMicros(task.resolve("schedstat")));
    }

    /**
     * The CPU time each thread alive at {@code after} spent since {@code before} (in full if it started in between),
     * summed over threads whose names differ only in digits (shown as N; the kernel keeps the first 15 characters of
     * a Java thread's name), under the names they have at {@code after}.
     */
    static Map<String, Long> difference(Map<Long, ThreadTime> before, Map<Long, ThreadTime> after) {
        return difference(before, after, ThreadTime::millis);
    }

    /** As {@link #difference(Map, Map)}, of {@code measure} (CPU time, kernel time, waits, run-queue time). */
    static Map<String, Long> difference(Map<Long, ThreadTime> before, Map<Long, ThreadTime> after,
                                        ToLongFunction<ThreadTime> measure) {
        Map<String, Long> byName = new TreeMap<>();
        after.forEach((id, thread) -> {
            ThreadTime earlier = before.get(id);
            byName.merge(thread.name().replaceAll("[0-9]+", "N"),
                    measure.applyAsLong(thread) - (earlier == null ? 0 : measure.applyAsLong(earlier)), Long::sum);
        });
        return byName;
    }

    /**
     * What each thread did between two readings ({@link #threadCpuMillis}), by name as {@link #difference} sums them:
     * CPU and kernel time in ms, waits, and time it waited for a core in µs.
     */
    record ThreadFigures(Map<String, Long> cpuMillis, Map<String, Long> kernelMillis, Map<String, Long> waits,
                         Map<String, Long> runQueueMicros) {

        static ThreadFigures between(Map<Long, ThreadTime> before, Map<Long, ThreadTime> after) {
            return new ThreadFigures(difference(before, after), difference(before, after, ThreadTime::kernelMillis),
                    difference(before, after, ThreadTime::waits),
                    difference(before, after, ThreadTime::runQueueMicros));
        }

        /** All threads' time waiting for a core, in µs. */
        long runQueueMicrosTotal() {
            return runQueueMicros.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static long cpuMillis(String stat) {
        String[] fields = fieldsAfterName(stat);
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 1000 / TICKS_PER_SECOND;
    }

    private static long kernelMillis(String stat) {
        return Long.parseLong(fieldsAfterName(stat)[12]) * 1000 / TICKS_PER_SECOND;
    }

    /** The command name in parentheses may hold spaces; utime and stime are the 12th and 13th fields after it. */
    private static String[] fieldsAfterName(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    /** {@code schedstat}: time on a core, time waiting on a run queue (both in ns), time slices. */
    private static long runQueueMicros(Path schedstat) throws IOException {
        if (!Files.exists(schedstat)) {
            return 0;
        }
        String[] fields = Files.readString(schedstat).trim().split(" ");
        return fields.length < 2 ? 0 : Long.parseLong(fields[1]) / 1000;
    }

    private static long voluntaryContextSwitches(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("voluntary_ctxt_switches:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return 0;
    }

    private static long ticksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
            String text = new String(getconf.getInputStream().readAllBytes()).trim();
            getconf.waitFor();
            return Long.parseLong(text);
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
