package io.github.kafkaconnectsmc.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * The raw producer of the end-to-end benchmark, run in a JVM of its own: Kafka's {@link ProducerPerformance} with the
 * producer settings a Connect worker gives its source tasks' producers ({@code acks=all}, one request in flight, no
 * idempotence), first for a warm-up, then for the measured records, and the process CPU time of the measured run
 * (start-up and warm-up subtracted) printed as {@code bench.cpu.ms=<n>}.
 *
 * <pre>RawProducerRun bootstrapServers topic warmupRecords records recordSize</pre>
 */
public final class RawProducerRun {

    static final String CPU_LINE_PREFIX = "bench.cpu.ms=";
    /** {@code bench.thread.<name>=<ms>}: the measured run's CPU time by thread. */
    static final String THREAD_LINE_PREFIX = "bench.thread.";

    private RawProducerRun() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrapServers = args[0];
        String topic = args[1];
        long warmupRecords = Long.parseLong(args[2]);
        long records = Long.parseLong(args[3]);
        int recordSize = Integer.parseInt(args[4]);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        if (warmupRecords > 0) {
            ProducerPerformance.main(arguments(bootstrapServers, topic, warmupRecords, recordSize));
        }
        long cpuBefore = os.getProcessCpuTime();
        Map<String, Long> threadsBefore = ProcStat.threadCpuMillis("self");
        ProducerPerformance.main(arguments(bootstrapServers, topic, records, recordSize));
        long cpuAfter = os.getProcessCpuTime();
        ProcStat.difference(threadsBefore, ProcStat.threadCpuMillis("self")).forEach((thread, millis) ->
                System.out.println(THREAD_LINE_PREFIX + thread + "=" + millis));
        System.out.println(CPU_LINE_PREFIX + (cpuAfter - cpuBefore) / 1_000_000);
    }

    private static String[] arguments(String bootstrapServers, String topic, long records, int recordSize) {
        List<String> args = new ArrayList<>(List.of("--bootstrap-server", bootstrapServers, "--topic", topic,
                "--num-records", Long.toString(records), "--record-size", Integer.toString(recordSize),
                "--throughput", "-1", "--command-property",
                // What org.apache.kafka.connect.runtime.Worker sets for a source task's producer.
                "acks=all", "max.in.flight.requests.per.connection=1", "enable.idempotence=false"));
        return args.toArray(String[]::new);
    }
}
