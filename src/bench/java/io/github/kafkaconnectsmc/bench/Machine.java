package io.github.kafkaconnectsmc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** What a benchmark ran on, for its report: cores, memory, CPU model, JDK, and how busy the machine was. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        return String.format(Locale.ROOT, "%d cores, %.1f GiB memory, CPU %s, JDK %s (%s), load average %s",
                Runtime.getRuntime().availableProcessors(), memoryGiB(), cpuModel(), System.getProperty("java.version"),
                System.getProperty("java.vm.name"), loadAverage());
    }

    /** The 1-, 5- and 15-minute load averages from {@code /proc/loadavg}. */
    static String loadAverage() {
        String[] fields = read("/proc/loadavg").split(" ");
        return fields.length >= 3 ? fields[0] + " " + fields[1] + " " + fields[2] : "unknown";
    }

    /** The whole machine's CPU time so far, busy and in all, in clock ticks (the first line of {@code /proc/stat}). */
    record CpuTicks(long busy, long total) {

        static CpuTicks now() {
            long[] ticks = read("/proc/stat").lines().findFirst().stream()
                    .flatMap(line -> Arrays.stream(line.trim().split(" +")).skip(1))
                    .mapToLong(Long::parseLong).toArray();
            long total = Arrays.stream(ticks).sum();
            // idle and iowait are the fourth and fifth fields; the rest is work.
            return new CpuTicks(ticks.length < 5 ? 0 : total - ticks[3] - ticks[4], total);
        }

        /** How many of the machine's cores were busy on average since {@code earlier}. */
        double coresBusySince(CpuTicks earlier) {
            long total = this.total - earlier.total;
            return total <= 0 ? 0 : (double) (busy - earlier.busy) / total * Runtime.getRuntime().availableProcessors();
        }
    }

    private static String cpuModel() {
        return read("/proc/cpuinfo").lines().filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
    }

    private static double memoryGiB() {
        return read("/proc/meminfo").lines().filter(line -> line.startsWith("MemTotal:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", ""))).findFirst().orElse(0)
                / 1024.0 / 1024.0;
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            return "";
        }
    }
}
