package io.github.kafkaconnectsmc.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of a Linux process and of its threads, from {@code /proc/<pid>/stat} and {@code /proc/<pid>/task/<tid>/stat}
 * (user plus system time, in clock ticks of 10 ms). Counts every thread of a JVM, JIT compilers and GC included.
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
     * CPU time so far of each live thread, in milliseconds, summed over threads whose names differ only in digits
     * (shown as N; the kernel keeps the first 15 characters of a Java thread's name).
     */
    static Map<String, Long> threadCpuMillis(String pid) {
        Map<String, Long> byName = new TreeMap<>();
        File[] tasks = Path.of("/proc", pid, "task").toFile().listFiles();
        if (tasks == null) {
            return byName;
        }
        for (File task : tasks) {
            try {
                String stat = Files.readString(task.toPath().resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "N");
                byName.merge(name, cpuMillis(stat), Long::sum);
            } catch (IOException e) {
                // The thread ended while being read: its time stays in the process total.
            }
        }
        return byName;
    }

    /** {@code after} minus {@code before}, thread name by thread name; threads started in between count in full. */
    static Map<String, Long> difference(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> difference = new TreeMap<>(after);
        difference.replaceAll((thread, millis) -> millis - before.getOrDefault(thread, 0L));
        return difference;
    }

    private static long cpuMillis(String stat) {
        // The command name in parentheses may hold spaces; utime and stime are the 12th and 13th fields after it.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 1000 / TICKS_PER_SECOND;
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
