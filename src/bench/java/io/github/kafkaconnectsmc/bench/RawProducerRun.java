package io.github.kafkaconnectsmc.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * The raw producer of the end-to-end benchmark, in a JVM of its own that lives for the whole benchmark, so that it
 * is as warm as the Connect worker: for each line {@code <round> <records>} on standard input it runs Kafka's
 * {@link ProducerPerformance} with the producer settings a Connect worker gives its source tasks' producers
 * ({@code acks=all}, one request in flight, no idempotence), and prints the process CPU time of that run (by thread
 * too, and each thread's time waiting for a core) between {@code bench.round.start=<round>} and
 * {@code bench.round.done=<round>}. Ends at end of input.
 *
 * <pre>RawProducerRun bootstrapServers topic (recordSize | payload-file=path) [name=value ...]</pre>
 *
 * <p>Records are either all {@code recordSize} bytes of value, or drawn at random from the lines of a payload file
 * ({@link #PAYLOAD_FILE}). Producer settings after that are added to both, for labelled figures where both sides
 * get them.
 */
public final class RawProducerRun {

    /** Instead of a record size: {@code payload-file=<path>}, ProducerPerformance's values, one a line. */
    static final String PAYLOAD_FILE = "payload-file=";
    static final String ROUND_START = "bench.round.start=";
    static final String ROUND_DONE = "bench.round.done=";
    static final String CPU_LINE_PREFIX = "bench.cpu.ms=";
    /** {@code bench.thread.<name>=<ms>}: a run's CPU time by thread. */
    static final String THREAD_LINE_PREFIX = "bench.thread.";
    /** {@code bench.runqueue.<name>=<µs>}: how long each thread of a run waited for a core while ready to run. */
    static final String RUN_QUEUE_LINE_PREFIX = "bench.runqueue.";
    /**
     * The producer's I/O thread ({@code kafka-producer-network-thread | producer-N}), which ends with each run of
     * ProducerPerformance, as the kernel keeps its name: its first 15 characters.
     */
    private static final String IO_THREAD = "kafka-producer-";
    /** Often enough to lose little of the I/O thread's last moments, seldom enough to cost the run nothing to see. */
    private static final Duration SAMPLE_INTERVAL = Duration.ofMillis(20);

    private RawProducerRun() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrapServers = args[0];
        String topic = args[1];
        String records = args[2];
        List<String> extraSettings = List.of(args).subList(3, args.length);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String command;
        while ((command = commands.readLine()) != null) {
            String[] fields = command.trim().split(" ");
            String round = fields[0];
            long count = Long.parseLong(fields[1]);
            System.out.println(ROUND_START + round);
            long cpuBefore = os.getProcessCpuTime();
            Map<Long, ProcStat.ThreadTime> threadsBefore = ProcStat.threadCpuMillis("self");
            ThreadSampler ioThreads = ThreadSampler.of(IO_THREAD, SAMPLE_INTERVAL);
            long samplingNanos;
            try {
                ProducerPerformance.main(arguments(bootstrapServers, topic, count, records, extraSettings));
            } finally {
                samplingNanos = ioThreads.stop();
            }
            // The sampling is the benchmark's, not the producer's: its CPU time is not the producer's to pay.
            long cpuAfter = os.getProcessCpuTime() - samplingNanos;
            Map<Long, ProcStat.ThreadTime> threadsAfter = ProcStat.threadCpuMillis("self");
            threadsAfter.values().removeIf(thread -> thread.name().equals(ThreadSampler.THREAD_NAME));
            // The run's I/O thread has ended by now: it counts with its last reading.
            ioThreads.threadsSeen().forEach(threadsAfter::putIfAbsent);
            ProcStat.ThreadFigures threads = ProcStat.ThreadFigures.between(threadsBefore, threadsAfter);
            threads.cpuMillis().forEach((thread, millis) ->
                    System.out.println(THREAD_LINE_PREFIX + thread + "=" + millis));
            threads.runQueueMicros().forEach((thread, micros) ->
                    System.out.println(RUN_QUEUE_LINE_PREFIX + thread + "=" + micros));
            System.out.println(CPU_LINE_PREFIX + (cpuAfter - cpuBefore) / 1_000_000);
            System.out.println(ROUND_DONE + round);
            System.out.flush();
        }
    }

    private static String[] arguments(String bootstrapServers, String topic, long count, String records,
                                      List<String> extraSettings) {
        List<String> arguments = new ArrayList<>(List.of("--bootstrap-server", bootstrapServers, "--topic", topic,
                "--num-records", Long.toString(count)));
        if (records.startsWith(PAYLOAD_FILE)) {
            arguments.addAll(List.of("--payload-file", records.substring(PAYLOAD_FILE.length())));
        } else {
            arguments.addAll(List.of("--record-size", Integer.toString(Integer.parseInt(records))));
        }
        arguments.addAll(List.of("--throughput", "-1", "--command-property",
                // What org.apache.kafka.connect.runtime.Worker sets for a source task's producer.
                "acks=all", "max.in.flight.requests.per.connection=1", "enable.idempotence=false"));
        arguments.addAll(extraSettings);
        return arguments.toArray(String[]::new);
    }
}
