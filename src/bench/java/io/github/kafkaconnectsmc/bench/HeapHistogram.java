package io.github.kafkaconnectsmc.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The live heap of a JVM by class, from {@code jcmd <pid> GC.class_histogram}, which runs a full GC first: what the
 * process retains, for comparing the heap of a worker with a task and without it.
 */
record HeapHistogram(long totalBytes, Map<String, Long> bytesByClass, Map<String, Long> instancesByClass) {

    static HeapHistogram of(long pid) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), "GC.class_histogram").redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes());
        if (!jcmd.waitFor(2, TimeUnit.MINUTES) || jcmd.exitValue() != 0) {
            throw new IllegalStateException("jcmd GC.class_histogram failed: " + output);
        }
        Map<String, Long> byClass = new HashMap<>();
        Map<String, Long> instances = new HashMap<>();
        long total = -1;
        for (String line : output.lines().toList()) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 4 && fields[0].endsWith(":")) {
                byClass.merge(fields[3], Long.parseLong(fields[2]), Long::sum);
                instances.merge(fields[3], Long.parseLong(fields[1]), Long::sum);
            } else if (fields.length == 3 && fields[0].equals("Total")) {
                total = Long.parseLong(fields[2]);
            }
        }
        if (total < 0) {
            throw new IllegalStateException("No total in jcmd's histogram: " + output);
        }
        return new HeapHistogram(total, byClass, instances);
    }

    /** Instances of {@code type} in this histogram minus those in {@code before}. */
    long instanceGrowthSince(HeapHistogram before, String type) {
        return instancesByClass.getOrDefault(type, 0L) - before.instancesByClass.getOrDefault(type, 0L);
    }

    /** The classes whose live bytes grew most from {@code before} to this histogram, largest first. */
    List<Map.Entry<String, Long>> largestGrowthSince(HeapHistogram before, int limit) {
        Map<String, Long> growth = new HashMap<>(bytesByClass);
        before.bytesByClass.forEach((type, bytes) -> growth.merge(type, -bytes, Long::sum));
        return growth.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(limit).toList();
    }
}
