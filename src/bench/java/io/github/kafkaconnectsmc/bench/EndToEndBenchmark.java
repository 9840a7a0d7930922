package io.github.kafkaconnectsmc.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;
import io.github.kafkaconnectsmc.simulator.CatalogElement;
import io.github.kafkaconnectsmc.simulator.SentFrame;
import io.github.kafkaconnectsmc.simulator.SimulatorOptions;
import io.github.kafkaconnectsmc.simulator.SmcSimulator;
import io.github.kafkaconnectsmc.simulator.StandardCatalog;
import io.github.kafkaconnectsmc.testkit.ConnectorConfigBuilder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

/**
 * The end-to-end benchmark ({@code bench/e2e.sh}): the SMC simulator (in this JVM) pushes status changes of
 * {@code bench.elements} engine nodes through the connector in a standalone Connect worker (its own JVM) into a
 * single-node KRaft broker (its own JVM), against Kafka's raw producer ({@link RawProducerRun}, its own JVM) writing
 * records of the same size to the same broker with the same producer settings.
 *
 * <ol>
 *   <li>Idle: the worker's CPU with no connector, then with the connector's task subscribed but no changes.</li>
 *   <li>Throughput and CPU: warm-up rounds of each until its JIT compilers are done (the raw producer's JVM lives
 *       through the whole benchmark, as the worker does), then {@code bench.rounds} rounds of each, interleaved; the
 *       connector is paused while the raw producer runs. Rates are taken over the broker's append-time window of each
 *       round's records ({@code message.timestamp.type=LogAppendTime}); CPU time per record from
 *       {@code /proc/<pid>/stat} of the worker, and from the raw producer's own process CPU time around its measured
 *       run.</li>
 *   <li>Latency: changes pushed at {@code bench.latency.rate} per second; for each record, the broker's append time
 *       minus the time the simulator sent its frame, matched through a sequence number the simulator writes into
 *       every body.</li>
 * </ol>
 */
public final class EndToEndBenchmark {

    static final String CONNECTOR = "smc-bench";
    static final String SMC_TOPIC = "smc.bench";
    static final String RAW_TOPIC = "raw.bench";
    static final String SEQUENCE_FIELD = "bench_seq";
    /**
     * Warm-up rounds each side runs at least before the measured ones; more, up to {@link #MAX_WARM_UP_ROUNDS}, until
     * its JIT compilers are done with the hot paths: until they used at most {@link #SETTLED_JIT_SHARE} of the side's
     * CPU in a round. One warm-up run of the raw producer as long as the connector's three left its compilers busy
     * through the first two measured rounds (44 -> 13 µs of CPU per record over the first four), which made the
     * medians kinder to the connector than the steady state; its CPU per record stalls between steps, so it cannot
     * tell a settled side by itself.
     */
    static final int WARM_UP_ROUNDS = 3;
    static final int MAX_WARM_UP_ROUNDS = 15;
    static final double SETTLED_JIT_SHARE = 0.05;
    /** The JIT compiler threads, as {@link ProcStat} names threads (C1 and C2 CompilerThread, digits as N). */
    private static final String JIT_THREADS = "CN CompilerThre";
    /** A producer's I/O thread, as {@link ProcStat} names threads: the first 15 characters of its name. */
    private static final String PRODUCER_IO_THREAD = "kafka-producer-";
    static final List<String> JVM_OPTIONS = List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RAW_KEY_AND_VALUE = "key-and-value";
    private static final String RAW_AS_CONNECTOR = "as-connector";
    /** Lines of the raw producer's payload file: enough to draw each size about as often as the connector has it. */
    private static final int PAYLOADS = 10_000;
    /** Changes of each element recorded for {@code bench.smc.replay}: each element's frames differ in turn. */
    private static final int RECORDED_CHANGES = 10;
    /** A row of the batch table after its first cell. */
    private static final String BATCH_ROW = "| %.1f | %.1f | %.1f | %.1f | %.0f | %.0f | %.1f %% | %.1f %% |";

    private final BenchSetup setup;
    /** Each side's warm-up, for the report: how many rounds, and each one's CPU per record and JIT share. */
    private final Map<String, String> warmUps = new LinkedHashMap<>();
    private final int elements = Integer.getInteger("bench.elements", 100);
    private final int roundRecords = roundedTo(Integer.getInteger("bench.round.records", 100_000), elements);
    /**
     * Nine by default: a round's ratio moves by 0.1 and more on a small machine, and nine is the fewest rounds whose
     * median has an interval of 95 % confidence narrower than their whole range (the 2nd to the 8th value).
     */
    private final int rounds = Integer.getInteger("bench.rounds", 9);
    private final int latencyRate = Integer.getInteger("bench.latency.rate", 1_000);
    private final int latencySeconds = Integer.getInteger("bench.latency.seconds", 20);
    private final Duration idle = Duration.ofSeconds(Integer.getInteger("bench.idle.seconds", 30));
    /**
     * How the raw producer's records are sized ({@code bench.raw.records}): {@code key-and-value}, each the mean key
     * plus value size of the connector's records, the comparison docs/performance.md's targets use; or
     * {@code as-connector}, drawn from the sizes of the connector's records with their headers counted, so that both
     * sides fill their batches with the same bytes.
     */
    private final String rawRecords = rawRecordsSetting();
    /**
     * {@code bench.smc.replay}: the simulator sends the throughput rounds' frames from a recording of
     * {@link #RECORDED_CHANGES} changes of each element, instead of making and rendering each change, so that the SMC
     * side costs the machine less (a real SMC runs on a machine of its own).
     */
    private final boolean replay = Boolean.getBoolean("bench.smc.replay");
    /** With {@link #replay}, the frames the throughput rounds send, over and over. */
    private List<String> replayFrames;
    private final Report report;

    private SmcSimulator simulator;
    private KafkaBroker broker;
    private ConnectWorkerJvm worker;
    private List<String> paths;

    private EndToEndBenchmark(BenchSetup setup) {
        this.setup = setup;
        this.report = new Report(setup.runDirectory().resolve("results.md"));
    }

    public static void main(String[] args) throws Exception {
        new EndToEndBenchmark(BenchSetup.fromSystemProperties()).run();
        System.exit(0);
    }

    private record ConnectorRound(AppendedRecords records, LogBatches batches, long workerCpuMillis,
                                  long brokerCpuMillis, long simulatorCpuMillis, ProcStat.ThreadFigures workerThreads,
                                  ProcStat.ThreadFigures simulatorThreads, ProcStat.ThreadFigures brokerThreads) {
        double workerMicrosPerRecord() {
            return microsPerRecord(workerCpuMillis, records);
        }

        double workerJitShare() {
            return (double) workerThreads.cpuMillis().getOrDefault(JIT_THREADS, 0L) / Math.max(1, workerCpuMillis);
        }

        double brokerMicrosPerRecord() {
            return microsPerRecord(brokerCpuMillis, records);
        }
    }

    private record RawRound(AppendedRecords records, LogBatches batches, long producerCpuMillis,
                            long brokerCpuMillis, String summary, Map<String, Long> threadCpuMillis,
                            Map<String, Long> threadRunQueueMicros, ProcStat.ThreadFigures brokerThreads) {
        double producerMicrosPerRecord() {
            return microsPerRecord(producerCpuMillis, records);
        }

        double producerJitShare() {
            return (double) threadCpuMillis.getOrDefault(JIT_THREADS, 0L) / Math.max(1, producerCpuMillis);
        }

        double brokerMicrosPerRecord() {
            return microsPerRecord(brokerCpuMillis, records);
        }
    }

    private void run() throws Exception {
        report.line("# End-to-end benchmark, " + java.time.Instant.now());
        report.line("");
        report.line("Machine: " + Machine.describe());
        report.line("Settings: " + elements + " engine nodes in context fw_single, " + roundRecords
                + " records per round, " + rounds + " measured rounds each, latency at " + latencyRate + "/s for "
                + latencySeconds + " s; broker, worker and raw producer JVMs " + JVM_OPTIONS
                + "; connector settings beyond the defaults: " + BenchSetup.connectorOverrides()
                + "; producer settings both sides get beyond a worker's: " + BenchSetup.producerSettings()
                + (replay ? "; the simulator replays " + RECORDED_CHANGES + " recorded changes of each element in the "
                + "throughput rounds (bench.smc.replay)" : ""));
        report.line("Run directory (logs, configs): " + setup.runDirectory());
        report.line("");
        simulator = SmcSimulator.start(SimulatorOptions.builder()
                .catalog(() -> StandardCatalog.singleFirewalls(elements)).sequenceField(SEQUENCE_FIELD).build());
        paths = simulator.catalog().all().stream().filter(e -> e.role() == CatalogElement.Role.NODE)
                .map(CatalogElement::path).toList();
        try {
            broker = KafkaBroker.start(setup, JVM_OPTIONS);
            broker.createAppendTimeTopic(SMC_TOPIC);
            broker.createAppendTimeTopic(RAW_TOPIC);
            worker = ConnectWorkerJvm.start(setup, broker.bootstrapServers(), profiled("worker"));
            measure();
        } finally {
            if (worker != null) {
                worker.close();
            }
            if (broker != null) {
                broker.close();
            }
            simulator.close();
        }
    }

    private void measure() throws Exception {
        progress("worker idle without a connector (" + idle.toSeconds() + " s)");
        Waits.pause(Duration.ofSeconds(5));
        double workerIdle = cpuShareOfACore(worker.jvm(), idle);

        progress("creating the connector and waiting for the " + elements + " snapshot records");
        worker.rest().putConnectorConfig(CONNECTOR, ConnectorConfigBuilder.forSimulator(simulator)
                .contexts("fw_single").topic(SMC_TOPIC).with(BenchSetup.connectorOverrides())
                .with(producerOverrides()).build());
        broker.awaitEndOffset(SMC_TOPIC, elements, Duration.ofMinutes(2), Duration.ofMillis(100));
        worker.awaitState(CONNECTOR, "RUNNING", Duration.ofMinutes(1));
        Waits.pause(Duration.ofSeconds(5));
        progress("worker idle with the task subscribed (" + idle.toSeconds() + " s)");
        double workerIdleWithTask = cpuShareOfACore(worker.jvm(), idle);

        // Only the latency round looks at the frames sent; kept, a round's would be garbage for the simulator's JVM.
        simulator.traffic().keepSentFrames(false);
        // Nor does any other round need the sequence number, a body field no SMC sends, which the connector would
        // keep in other_fields of every record.
        simulator.control().numberStatusBodies(false);
        if (replay) {
            replayFrames = recordFrames();
        }
        progress("warm-up: connector, until its JIT compilers are done");
        ConnectorRound warmConnector = warmUntilSettled("connector", round -> connectorRound(),
                ConnectorRound::workerMicrosPerRecord, ConnectorRound::workerJitShare);
        int recordSize = (int) Math.round(warmConnector.records().averageRecordBytes());
        String rawProducerRecords = rawRecords.equals(RAW_AS_CONNECTOR)
                ? RawProducerRun.PAYLOAD_FILE + writePayloads(warmConnector.records())
                : Integer.toString(recordSize);
        List<ConnectorRound> connectorRounds = new ArrayList<>();
        List<RawRound> rawRounds = new ArrayList<>();
        try (BenchJvm producer = BenchJvm.start("raw-producer", setup, setup.benchClassPath(), profiled("raw-producer"),
                RawProducerRun.class.getName(), rawProducerArguments(rawProducerRecords))) {
            progress("warm-up: raw producer, records " + rawRecords + ", until its JIT compilers are done");
            warmUntilSettled("raw producer", round -> rawRound(producer, "warm-up-" + round),
                    RawRound::producerMicrosPerRecord, RawRound::producerJitShare);
            for (int round = 1; round <= rounds; round++) {
                progress("round " + round + " of " + rounds + ": connector");
                connectorRounds.add(connectorRound());
                progress("round " + round + " of " + rounds + ": raw producer");
                rawRounds.add(rawRound(producer, Integer.toString(round)));
            }
            producer.endInput();
            producer.awaitExit(Duration.ofMinutes(1));
        }

        progress("latency at " + latencyRate + " notifications/s for " + latencySeconds + " s");
        long[] latencies = latencyRound();

        writeResults(workerIdle, workerIdleWithTask, recordSize, warmConnector.records()
                .averageRecordBytesWithHeaders(), connectorRounds, rawRounds, latencies);
    }

    private static String rawRecordsSetting() {
        String setting = System.getProperty("bench.raw.records", RAW_KEY_AND_VALUE);
        if (!setting.equals(RAW_KEY_AND_VALUE) && !setting.equals(RAW_AS_CONNECTOR)) {
            throw new IllegalArgumentException("bench.raw.records is " + RAW_KEY_AND_VALUE + " or "
                    + RAW_AS_CONNECTOR + ", not " + setting);
        }
        return setting;
    }

    /**
     * Writes values for the raw producer, one a line, as large as the first {@link #PAYLOADS} of {@code records}
     * with key and headers: a raw record has no key and no header, so its value carries their bytes.
     */
    private Path writePayloads(AppendedRecords records) throws IOException {
        Path file = setup.runDirectory().resolve("raw-producer-payloads.txt");
        StringBuilder lines = new StringBuilder();
        int[] sizes = records.recordBytes();
        for (int i = 0; i < Math.min(PAYLOADS, sizes.length); i++) {
            lines.append("x".repeat(sizes[i])).append('\n');
        }
        Files.writeString(file, lines, StandardCharsets.US_ASCII);
        return file;
    }

    /** One warm-up round, numbered from 1. */
    @FunctionalInterface
    private interface WarmUpRound<R> {
        R run(int round) throws Exception;
    }

    /**
     * Runs warm-up rounds, at least {@link #WARM_UP_ROUNDS}, until the JIT compilers used at most
     * {@link #SETTLED_JIT_SHARE} of a round's CPU or {@link #MAX_WARM_UP_ROUNDS} ran; returns the last, and notes
     * each round's CPU per record and compilers' share under {@code side} in {@link #warmUps}.
     */
    private <R> R warmUntilSettled(String side, WarmUpRound<R> warmUp, ToDoubleFunction<R> cpuPerRecord,
                                   ToDoubleFunction<R> jitShare) throws Exception {
        R last = null;
        List<String> rounds = new ArrayList<>();
        for (int round = 1; round <= MAX_WARM_UP_ROUNDS; round++) {
            last = warmUp.run(round);
            double share = jitShare.applyAsDouble(last);
            rounds.add(String.format(Locale.ROOT, "%.1f µs (JIT %.0f %%)", cpuPerRecord.applyAsDouble(last),
                    share * 100));
            if (round >= WARM_UP_ROUNDS && share <= SETTLED_JIT_SHARE) {
                break;
            }
        }
        warmUps.put(side, rounds.size() + " rounds, CPU per record " + String.join(", ", rounds));
        return last;
    }

    /** {@link BenchSetup#producerSettings()} as the connector's {@code producer.override.} settings. */
    private static Map<String, String> producerOverrides() {
        Map<String, String> overrides = new LinkedHashMap<>();
        BenchSetup.producerSettings().forEach((name, value) -> overrides.put("producer.override." + name, value));
        return overrides;
    }

    private List<String> rawProducerArguments(String records) {
        List<String> arguments = new ArrayList<>(List.of(broker.bootstrapServers(), RAW_TOPIC, records));
        BenchSetup.producerSettings().forEach((name, value) -> arguments.add(name + "=" + value));
        return arguments;
    }

    /**
     * Pushes {@link #RECORDED_CHANGES} changes of each element through the running connector, keeping the status
     * frames sent, and returns their texts.
     */
    private List<String> recordFrames() throws Exception {
        progress("recording " + RECORDED_CHANGES + " changes of each element to replay");
        long start = broker.endOffset(SMC_TOPIC);
        simulator.traffic().forgetSentFrames();
        simulator.traffic().keepSentFrames(true);
        simulator.control().pushChanges(paths, RECORDED_CHANGES);
        List<String> frames = simulator.traffic().sentFrames(SentFrame.Kind.STATUS).stream().map(SentFrame::text)
                .toList();
        simulator.traffic().keepSentFrames(false);
        simulator.traffic().forgetSentFrames();
        broker.awaitEndOffset(SMC_TOPIC, start + frames.size(), Duration.ofMinutes(2), Duration.ofMillis(100));
        return frames;
    }

    /** The connector's task is resumed, gets {@link #roundRecords} changes as fast as it takes them, is paused. */
    private ConnectorRound connectorRound() throws Exception {
        worker.rest().resumeConnector(CONNECTOR);
        worker.awaitState(CONNECTOR, "RUNNING", Duration.ofMinutes(1));
        simulator.traffic().forgetSentFrames();
        long start = broker.endOffset(SMC_TOPIC);
        long workerCpu = worker.jvm().cpuMillis();
        Map<Long, ProcStat.ThreadTime> workerThreads = worker.jvm().cpuMillisByThread();
        long brokerCpu = broker.jvm().cpuMillis();
        Map<Long, ProcStat.ThreadTime> brokerThreads = broker.jvm().cpuMillisByThread();
        long simulatorCpu = ownCpuMillis();
        Map<Long, ProcStat.ThreadTime> simulatorThreads = ProcStat.threadCpuMillis("self");
        Thread pusher = new Thread(replayFrames == null
                ? () -> simulator.control().pushChanges(paths, roundRecords / elements)
                : () -> simulator.control().replayFrames(replayFrames, roundRecords), "bench-pusher");
        pusher.start();
        broker.awaitEndOffset(SMC_TOPIC, start + roundRecords, Duration.ofMinutes(10), Duration.ofMillis(50));
        workerCpu = worker.jvm().cpuMillis() - workerCpu;
        ProcStat.ThreadFigures workerThreadsAfter = ProcStat.ThreadFigures.between(workerThreads,
                worker.jvm().cpuMillisByThread());
        brokerCpu = broker.jvm().cpuMillis() - brokerCpu;
        ProcStat.ThreadFigures brokerThreadsAfter = ProcStat.ThreadFigures.between(brokerThreads,
                broker.jvm().cpuMillisByThread());
        simulatorCpu = ownCpuMillis() - simulatorCpu;
        ProcStat.ThreadFigures simulatorThreadsAfter = ProcStat.ThreadFigures.between(simulatorThreads,
                ProcStat.threadCpuMillis("self"));
        pusher.join();
        worker.rest().pauseConnector(CONNECTOR);
        worker.awaitState(CONNECTOR, "PAUSED", Duration.ofMinutes(1));
        AppendedRecords records = AppendedRecords.read(broker.bootstrapServers(), SMC_TOPIC, start, roundRecords, false);
        LogBatches batches = LogBatches.read(broker.logDirectory(), SMC_TOPIC, start, roundRecords);
        progress(String.format(Locale.ROOT, "  %.0f records/s, worker %.1f µs CPU/record, %.1f records/batch",
                records.ratePerSecond(), workerCpu * 1000.0 / roundRecords, batches.recordsPerBatch()));
        return new ConnectorRound(records, batches, workerCpu, brokerCpu, simulatorCpu, workerThreadsAfter,
                simulatorThreadsAfter, brokerThreadsAfter);
    }

    /**
     * One round of the raw producer JVM, which lives as long as the benchmark, named {@code round} in its output. The
     * records of the round are the last {@link #roundRecords} of the raw topic.
     */
    private RawRound rawRound(BenchJvm producer, String round) throws Exception {
        long start = broker.endOffset(RAW_TOPIC);
        long brokerCpu = broker.jvm().cpuMillis();
        Map<Long, ProcStat.ThreadTime> brokerThreads = broker.jvm().cpuMillisByThread();
        producer.send(round + " " + roundRecords);
        String done = RawProducerRun.ROUND_DONE + round;
        producer.awaitWhileRunning(() -> producer.output().contains(done), Duration.ofMinutes(10),
                Duration.ofMillis(100), "raw producer round " + round);
        // Includes the raw producer JVM's start-up of a round (metadata, connection): a few ms of broker time.
        brokerCpu = broker.jvm().cpuMillis() - brokerCpu;
        ProcStat.ThreadFigures brokerThreadsAfter = ProcStat.ThreadFigures.between(brokerThreads,
                broker.jvm().cpuMillisByThread());
        String output = producer.output();
        String section = output.substring(output.lastIndexOf(RawProducerRun.ROUND_START + round), output.indexOf(done));
        long cpu = section.lines().filter(line -> line.startsWith(RawProducerRun.CPU_LINE_PREFIX))
                .mapToLong(line -> Long.parseLong(line.substring(RawProducerRun.CPU_LINE_PREFIX.length())))
                .findFirst().orElseThrow(() -> new IllegalStateException("No CPU time in " + producer.outputFile()));
        String summary = section.lines().filter(line -> line.contains("records sent")).reduce((a, b) -> b).orElse("");
        Map<String, Long> threads = byThreadLines(section, RawProducerRun.THREAD_LINE_PREFIX);
        Map<String, Long> runQueue = byThreadLines(section, RawProducerRun.RUN_QUEUE_LINE_PREFIX);
        AppendedRecords appended = AppendedRecords.read(broker.bootstrapServers(), RAW_TOPIC, start, roundRecords,
                false);
        LogBatches batches = LogBatches.read(broker.logDirectory(), RAW_TOPIC, start, roundRecords);
        progress(String.format(Locale.ROOT, "  %.0f records/s, producer %.1f µs CPU/record, %.1f records/batch",
                appended.ratePerSecond(), cpu * 1000.0 / roundRecords, batches.recordsPerBatch()));
        return new RawRound(appended, batches, cpu, brokerCpu, summary, threads, runQueue, brokerThreadsAfter);
    }

    /** The raw producer's {@code <prefix><thread>=<figure>} lines of a round, by thread. */
    private static Map<String, Long> byThreadLines(String section, String prefix) {
        Map<String, Long> byThread = new HashMap<>();
        section.lines().filter(line -> line.startsWith(prefix)).forEach(line -> {
            String entry = line.substring(prefix.length());
            byThread.put(entry.substring(0, entry.lastIndexOf('=')),
                    Long.parseLong(entry.substring(entry.lastIndexOf('=') + 1)));
        });
        return byThread;
    }

    /** Latency in microseconds of every record of a paced run, from the SMC's send to the broker's append. */
    private long[] latencyRound() throws Exception {
        worker.rest().resumeConnector(CONNECTOR);
        worker.awaitState(CONNECTOR, "RUNNING", Duration.ofMinutes(1));
        simulator.traffic().forgetSentFrames();
        simulator.traffic().keepSentFrames(true);
        simulator.control().numberStatusBodies(true);
        long start = broker.endOffset(SMC_TOPIC);
        int count = latencyRate * latencySeconds;
        long intervalNanos = 1_000_000_000L / latencyRate;
        long begin = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long wait = begin + i * intervalNanos - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            simulator.control().pushChange(paths.get(i % paths.size()));
        }
        broker.awaitEndOffset(SMC_TOPIC, start + count, Duration.ofMinutes(2), Duration.ofMillis(100));
        worker.rest().pauseConnector(CONNECTOR);
        Map<Long, Long> sentAtMicros = new HashMap<>();
        for (SentFrame frame : simulator.traffic().sentFrames(SentFrame.Kind.STATUS)) {
            sentAtMicros.put(frame.sequence(), frame.sentAtMicros());
        }
        AppendedRecords records = AppendedRecords.read(broker.bootstrapServers(), SMC_TOPIC, start, count, true);
        long[] latencies = new long[count];
        for (int i = 0; i < count; i++) {
            long sequence = sequenceOf(records.values().get(i));
            Long sent = sentAtMicros.get(sequence);
            if (sent == null) {
                throw new IllegalStateException("No frame was sent with " + SEQUENCE_FIELD + " " + sequence);
            }
            latencies[i] = records.appendTimes()[i] * 1000 - sent;
        }
        Arrays.sort(latencies);
        return latencies;
    }

    private static long sequenceOf(byte[] value) throws IOException {
        JsonNode sequence = JSON.readTree(value).path("other_fields").path(SEQUENCE_FIELD);
        if (sequence.isMissingNode()) {
            throw new IllegalStateException("A record carries no " + SEQUENCE_FIELD + ": " + new String(value));
        }
        return Long.parseLong(sequence.asText());
    }

    private void writeResults(double workerIdle, double workerIdleWithTask, int recordSize, double withHeaders,
                              List<ConnectorRound> connectorRounds, List<RawRound> rawRounds, long[] latencies) {
        report.line("## Throughput and CPU per record (" + recordSize + "-byte records, key plus value)");
        report.line("");
        report.line(String.format(Locale.ROOT, "The connector's records with their headers: %.0f bytes on average. "
                + "The raw producer's records: %s.", withHeaders, rawRecords.equals(RAW_AS_CONNECTOR)
                ? "values as large as a warm-up round's connector records with key and headers, drawn at random "
                + "(bench.raw.records=" + RAW_AS_CONNECTOR + ")"
                : recordSize + "-byte values, no key, no header (bench.raw.records=" + RAW_KEY_AND_VALUE + ")"));
        report.line("");
        report.line("Warm-up rounds before the measured ones (at least " + WARM_UP_ROUNDS + ", until the JIT "
                + "compilers used at most " + Math.round(SETTLED_JIT_SHARE * 100) + " % of the round's CPU, at most "
                + MAX_WARM_UP_ROUNDS + "): " + warmUps);
        report.line("");
        report.line("| Round | Connector records/s | Raw producer records/s | Throughput ratio | Worker CPU µs/record "
                + "| Raw producer CPU µs/record | CPU ratio | Broker CPU µs/record (connector) "
                + "| Simulator CPU µs/record |");
        report.line("|---|---|---|---|---|---|---|---|---|");
        double[] throughputRatios = new double[rounds];
        double[] cpuRatios = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            ConnectorRound connector = connectorRounds.get(i);
            RawRound raw = rawRounds.get(i);
            throughputRatios[i] = connector.records().ratePerSecond() / raw.records().ratePerSecond();
            cpuRatios[i] = connector.workerMicrosPerRecord() / raw.producerMicrosPerRecord();
            report.line(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.2f | %.1f | %.1f | %.2f | %.1f | %.1f |",
                    i + 1, connector.records().ratePerSecond(), raw.records().ratePerSecond(), throughputRatios[i],
                    connector.workerMicrosPerRecord(), raw.producerMicrosPerRecord(), cpuRatios[i],
                    connector.brokerMicrosPerRecord(),
                    connector.simulatorCpuMillis() * 1000.0 / connector.records().count()));
        }
        report.line(String.format(Locale.ROOT, "| median | %.0f | %.0f | %.2f | %.1f | %.1f | %.2f | | |",
                median(connectorRounds.stream().mapToDouble(r -> r.records().ratePerSecond()).toArray()),
                median(rawRounds.stream().mapToDouble(r -> r.records().ratePerSecond()).toArray()),
                median(throughputRatios),
                median(connectorRounds.stream().mapToDouble(ConnectorRound::workerMicrosPerRecord).toArray()),
                median(rawRounds.stream().mapToDouble(RawRound::producerMicrosPerRecord).toArray()),
                median(cpuRatios)));
        report.line("");
        report.line("Where the medians of the rounds' ratios lie, as far as " + rounds + " rounds tell (the "
                + "distribution-free interval between two order statistics): throughput ratio "
                + medianInterval(throughputRatios) + "; CPU ratio " + medianInterval(cpuRatios) + ".");
        report.line("");
        report.line("Broker CPU and batches (one partition: one batch per produce request), per round:");
        report.line("");
        report.line("| Round | Broker CPU µs/record (connector) | Broker CPU µs/record (raw producer) "
                + "| Records/batch (connector) | Records/batch (raw producer) | Bytes/batch (connector) "
                + "| Bytes/batch (raw producer) | Short batches (connector) | Short batches (raw producer) |");
        report.line("|---|---|---|---|---|---|---|---|---|");
        for (int i = 0; i < rounds; i++) {
            ConnectorRound connector = connectorRounds.get(i);
            RawRound raw = rawRounds.get(i);
            report.line(String.format(Locale.ROOT, "| %d " + BATCH_ROW, i + 1,
                    connector.brokerMicrosPerRecord(), raw.brokerMicrosPerRecord(),
                    connector.batches().recordsPerBatch(), raw.batches().recordsPerBatch(),
                    connector.batches().bytesPerBatch(), raw.batches().bytesPerBatch(),
                    connector.batches().shortShare() * 100, raw.batches().shortShare() * 100));
        }
        report.line(String.format(Locale.ROOT, "| median " + BATCH_ROW,
                median(connectorRounds.stream().mapToDouble(ConnectorRound::brokerMicrosPerRecord).toArray()),
                median(rawRounds.stream().mapToDouble(RawRound::brokerMicrosPerRecord).toArray()),
                median(connectorRounds.stream().mapToDouble(r -> r.batches().recordsPerBatch()).toArray()),
                median(rawRounds.stream().mapToDouble(r -> r.batches().recordsPerBatch()).toArray()),
                median(connectorRounds.stream().mapToDouble(r -> r.batches().bytesPerBatch()).toArray()),
                median(rawRounds.stream().mapToDouble(r -> r.batches().bytesPerBatch()).toArray()),
                median(connectorRounds.stream().mapToDouble(r -> r.batches().shortShare() * 100).toArray()),
                median(rawRounds.stream().mapToDouble(r -> r.batches().shortShare() * 100).toArray())));
        report.line("");
        LogBatches lastConnectorBatches = connectorRounds.get(rounds - 1).batches();
        LogBatches lastRawBatches = rawRounds.get(rounds - 1).batches();
        report.line("Short batches, last round: fewer records than most batches held (" + lastConnectorBatches
                .usualRecordCount() + " connector, " + lastRawBatches.usualRecordCount() + " raw producer), by "
                + "record count, with their mean bytes (near batch.size: cut by the byte limit; well under it: sent "
                + "before full, the producer having nothing more to add): connector " + lastConnectorBatches
                .shortBatches(4) + "; raw producer " + lastRawBatches.shortBatches(4) + ".");
        report.line("");
        report.line("CPU µs per record by thread, last round (thread names as the kernel keeps them, digits as N):");
        report.line("");
        ConnectorRound lastConnector = connectorRounds.get(rounds - 1);
        RawRound lastRaw = rawRounds.get(rounds - 1);
        report.line("- worker: " + byThread(lastConnector.workerThreads().cpuMillis(), lastConnector.workerCpuMillis(),
                lastConnector.records().count()));
        report.line("- simulator (this JVM: the SMC simulator, the pusher and the benchmark's own polling): "
                + byThread(lastConnector.simulatorThreads().cpuMillis(), lastConnector.simulatorCpuMillis(),
                lastConnector.records().count()));
        report.line("- raw producer: " + byThread(lastRaw.threadCpuMillis(), lastRaw.producerCpuMillis(),
                lastRaw.records().count()));
        report.line("");
        report.line("CPU µs per record by thread, median over the " + rounds + " measured rounds:");
        report.line("");
        report.line("- worker: " + medianByThread(connectorRounds, round -> microsByThread(
                round.workerThreads().cpuMillis(), round.workerCpuMillis(), round.records().count())));
        report.line("- simulator: " + medianByThread(connectorRounds, round -> microsByThread(
                round.simulatorThreads().cpuMillis(), round.simulatorCpuMillis(), round.records().count())));
        report.line("- raw producer: " + medianByThread(rawRounds, round -> microsByThread(
                round.threadCpuMillis(), round.producerCpuMillis(), round.records().count())));
        report.line("");
        writeWaitsForACore(connectorRounds, rawRounds);
        report.line("Worker threads, last round, per record: CPU µs in the kernel of the thread's CPU µs, and waits "
                + "(voluntary context switches: blocking reads, lock and condition waits, parks):");
        report.line("");
        report.line("- " + kernelTimeAndWaits(lastConnector));
        report.line("");
        report.line("Raw producer's own summaries (ProducerPerformance):");
        rawRounds.forEach(raw -> report.line("- " + raw.summary()));
        report.line("");
        report.line("## Idle");
        report.line("");
        report.line(String.format(Locale.ROOT, "Worker process, no connector: %.2f %% of a core; with the task "
                        + "subscribed and no changes: %.2f %% of a core; the task's share: %.2f %% of a core "
                        + "(over %d s each).", workerIdle, workerIdleWithTask, workerIdleWithTask - workerIdle,
                idle.toSeconds()));
        report.line("");
        report.line("## Latency, SMC send to broker append, at " + latencyRate + " notifications/s");
        report.line("");
        report.line(String.format(Locale.ROOT, "%d records: p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms "
                        + "(append time has 1 ms resolution).", latencies.length, percentile(latencies, 50) / 1000.0,
                percentile(latencies, 99) / 1000.0, percentile(latencies, 99.9) / 1000.0,
                latencies[latencies.length - 1] / 1000.0));
        report.line("");
        report.line("Load average at the end: " + Machine.loadAverage());
        report.print();
    }

    /**
     * {@link #JVM_OPTIONS}, plus a Java Flight Recording to {@code <run directory>/<name>.jfr} when
     * {@code bench.jfr=true}: for finding where the CPU time goes, not for the figures.
     */
    private List<String> profiled(String name) {
        if (!Boolean.getBoolean("bench.jfr")) {
            return JVM_OPTIONS;
        }
        List<String> options = new ArrayList<>(JVM_OPTIONS);
        options.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                + setup.runDirectory().resolve(name + ".jfr"));
        return options;
    }

    /**
     * The process's CPU time by thread, largest first; what threads that ended during the round used (the raw
     * producer's I/O thread ends with each run of ProducerPerformance) is the process's total minus the live threads'.
     */
    private static String byThread(Map<String, Long> millis, long processMillis, int records) {
        return describe(microsByThread(millis, processMillis, records));
    }

    /**
     * Per thread, the median over rounds of its CPU µs per record ({@link #microsByThread}), a thread missing from a
     * round counting 0 there. One round's figures move with the machine by 10 % and more; the medians are what to
     * compare between two versions of the code.
     */
    private static <R> String medianByThread(List<R> rounds, Function<R, Map<String, Double>> microsByThread) {
        List<Map<String, Double>> perRound = rounds.stream().map(microsByThread).toList();
        Map<String, Double> medians = new HashMap<>();
        perRound.forEach(round -> round.keySet().forEach(thread -> medians.computeIfAbsent(thread, name ->
                median(perRound.stream().mapToDouble(each -> each.getOrDefault(name, 0.0)).toArray()))));
        return describe(medians);
    }

    /** CPU µs per record by thread, with what threads that ended during the round used under a name of its own. */
    private static Map<String, Double> microsByThread(Map<String, Long> millis, long processMillis, int records) {
        Map<String, Double> micros = new HashMap<>();
        millis.forEach((thread, time) -> micros.put(thread, time * 1000.0 / records));
        long ended = processMillis - millis.values().stream().mapToLong(Long::longValue).sum();
        if (ended > 0) {
            micros.put("(threads ended during the round)", ended * 1000.0 / records);
        }
        return micros;
    }

    /** Threads with their figures, largest first, down to 0.05. */
    private static String describe(Map<String, Double> micros) {
        return String.join(", ", micros.entrySet().stream()
                .filter(thread -> thread.getValue() >= 0.05)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(thread -> String.format(Locale.ROOT, "%s %.1f", thread.getKey(), thread.getValue()))
                .toList());
    }

    /**
     * How long threads were ready to run but waited for a core, per record and per produce round trip. With one
     * request in flight a side's rate is a batch per round trip, and a round trip is the broker's and the producer I/O
     * thread's work one after the other; on two cores, the more the other processes run, the longer these wait.
     */
    private void writeWaitsForACore(List<ConnectorRound> connectorRounds, List<RawRound> rawRounds) {
        report.line("Waiting for a core (ready to run, not running: the run-queue time of /proc/<tid>/schedstat), "
                + "µs per record, median over the " + rounds + " measured rounds, all threads and then by thread:");
        report.line("");
        report.line("- broker, connector rounds: " + medianRunQueue(connectorRounds,
                round -> round.brokerThreads().runQueueMicros(), round -> round.records().count()));
        report.line("- broker, raw producer rounds: " + medianRunQueue(rawRounds,
                round -> round.brokerThreads().runQueueMicros(), round -> round.records().count()));
        report.line("- worker: " + medianRunQueue(connectorRounds, round -> round.workerThreads().runQueueMicros(),
                round -> round.records().count()));
        report.line("- raw producer: " + medianRunQueue(rawRounds, RawRound::threadRunQueueMicros,
                round -> round.records().count()));
        report.line("- simulator: " + medianRunQueue(connectorRounds,
                round -> round.simulatorThreads().runQueueMicros(), round -> round.records().count()));
        report.line("");
        report.line(String.format(Locale.ROOT, "Produce round trip (records per batch over the rate), median: "
                        + "connector %.0f µs, raw producer %.0f µs. Of a round trip, waiting for a core, median µs per "
                        + "batch: the broker's threads %.0f against %.0f, the producer's I/O thread %.0f against %.0f.",
                median(connectorRounds.stream().mapToDouble(r -> roundTripMicros(r.records(), r.batches())).toArray()),
                median(rawRounds.stream().mapToDouble(r -> roundTripMicros(r.records(), r.batches())).toArray()),
                median(connectorRounds.stream().mapToDouble(r -> perBatch(r.brokerThreads().runQueueMicrosTotal(),
                        r.records(), r.batches())).toArray()),
                median(rawRounds.stream().mapToDouble(r -> perBatch(r.brokerThreads().runQueueMicrosTotal(),
                        r.records(), r.batches())).toArray()),
                median(connectorRounds.stream().mapToDouble(r -> perBatch(r.workerThreads().runQueueMicros()
                        .getOrDefault(PRODUCER_IO_THREAD, 0L), r.records(), r.batches())).toArray()),
                median(rawRounds.stream().mapToDouble(r -> perBatch(r.threadRunQueueMicros()
                        .getOrDefault(PRODUCER_IO_THREAD, 0L), r.records(), r.batches())).toArray())));
        report.line("");
    }

    /** "total T; thread t, ...": medians over rounds of µs per record, all threads', then each thread's. */
    private static <R> String medianRunQueue(List<R> rounds, Function<R, Map<String, Long>> micros,
                                             ToIntFunction<R> records) {
        double total = median(rounds.stream().mapToDouble(round -> micros.apply(round).values().stream()
                .mapToLong(Long::longValue).sum() / (double) records.applyAsInt(round)).toArray());
        String byThread = medianByThread(rounds, round -> {
            Map<String, Double> perRecord = new HashMap<>();
            micros.apply(round).forEach((thread, time) -> perRecord.put(thread,
                    time / (double) records.applyAsInt(round)));
            return perRecord;
        });
        return String.format(Locale.ROOT, "%.1f; %s", total, byThread);
    }

    /** A produce round trip in µs: one batch per request, one request in flight. */
    private static double roundTripMicros(AppendedRecords records, LogBatches batches) {
        return batches.recordsPerBatch() / records.ratePerSecond() * 1_000_000;
    }

    private static double perBatch(long micros, AppendedRecords records, LogBatches batches) {
        return micros / (double) records.count() * batches.recordsPerBatch();
    }

    /** For each worker thread that used at least 0.5 µs of CPU a record: its kernel share and its waits a record. */
    private static String kernelTimeAndWaits(ConnectorRound round) {
        double records = round.records().count();
        ProcStat.ThreadFigures threads = round.workerThreads();
        return String.join(", ", threads.cpuMillis().entrySet().stream()
                .filter(thread -> thread.getValue() * 1000.0 / records >= 0.5)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(thread -> String.format(Locale.ROOT, "%s kernel %.1f of %.1f µs, %.2f waits", thread.getKey(),
                        threads.kernelMillis().getOrDefault(thread.getKey(), 0L) * 1000.0 / records,
                        thread.getValue() * 1000.0 / records,
                        threads.waits().getOrDefault(thread.getKey(), 0L) / records))
                .toList());
    }

    private static double microsPerRecord(long cpuMillis, AppendedRecords records) {
        return cpuMillis * 1000.0 / records.count();
    }

    /** CPU time the process used over {@code window}, as a percentage of one core. */
    private static double cpuShareOfACore(BenchJvm jvm, Duration window) throws InterruptedException {
        long before = jvm.cpuMillis();
        long started = System.nanoTime();
        Waits.pause(window);
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        return (jvm.cpuMillis() - before) * 100.0 / elapsedMillis;
    }

    private static long ownCpuMillis() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /**
     * The interval that holds the median of the distribution the values were drawn from with a confidence of at least
     * 95 %, from order statistics alone: between the k-th smallest and the k-th largest value, for the largest k for
     * which fewer than k of n values fall below the median with a probability of at most 2.5 % (binomial, p = 1/2).
     * Rounds on this machine scatter too widely (a round's ratio moves by 0.1 and more) for a single median to say
     * whether a target is met; the interval says how far it may be off. With five values or fewer no such k exists,
     * and the interval is the smallest to the largest value, with the confidence that has.
     */
    static String medianInterval(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        // In step j: below is the probability that at most j of n values fall below the median, term that exactly
        // j + 1 do; the interval from the (j+1)-th smallest to the (j+1)-th largest value misses it with 2 * below.
        double below = 0;
        double term = Math.pow(0.5, n);
        int k = 0;
        double confidence = 0;
        for (int j = 0; j < Math.max(1, n / 2); j++) {
            below += term;
            term = term * (n - j) / (j + 1);
            double withKPlusOne = 1 - 2 * below;
            if (k > 0 && withKPlusOne < 0.95) {
                break;
            }
            k = j + 1;
            confidence = withKPlusOne;
        }
        return String.format(Locale.ROOT, "%.2f to %.2f (%.1f %% confidence)", sorted[k - 1], sorted[n - k],
                confidence * 100);
    }

    /** The nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, double percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static int roundedTo(int value, int multiple) {
        return Math.max(multiple, value / multiple * multiple);
    }

    private static void progress(String message) {
        System.out.println(java.time.LocalTime.now().withNano(0) + " " + message);
    }
}
