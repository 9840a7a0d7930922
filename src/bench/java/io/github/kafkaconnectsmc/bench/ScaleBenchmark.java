package io.github.kafkaconnectsmc.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;
import io.github.kafkaconnectsmc.simulator.SimulatorOptions;
import io.github.kafkaconnectsmc.simulator.SmcSimulator;
import io.github.kafkaconnectsmc.simulator.StandardCatalog;
import io.github.kafkaconnectsmc.testkit.ConnectorConfigBuilder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The scale benchmark ({@code bench/scale.sh}): one task subscribed to a context of {@code bench.elements} (10,000)
 * engine nodes, each a single firewall of its own, so that resolving their hrefs takes one REST call per engine.
 * Measures, on a standalone worker and a KRaft broker in their own JVMs:
 *
 * <ol>
 *   <li>the time from creating the connector to the broker's append of the last snapshot record, every record keyed
 *       by its resolved href;</li>
 *   <li>the time from the simulator cutting the socket to the append of the last record of the re-snapshot, for
 *       {@code bench.repeats} drops right after that first snapshot and as many after a second connector's snapshot
 *       in the now warmer worker, with where each re-snapshot's CPU went;</li>
 *   <li>the heap the task retains: the worker's live heap after a full GC with the task running, minus the same
 *       after the connector was stopped.</li>
 * </ol>
 *
 * <p>Only the worker is cold when the connector is created: the simulator and the broker are warmed first
 * ({@link ServerWarmUp}), as a real SMC and broker are long-running servers, and the benchmark waits for the machine to
 * go quiet before it creates the connector. {@code -Dbench.scale.warmSmc=false} skips both, for comparison with runs
 * where all three were freshly started.
 */
public final class ScaleBenchmark {

    static final String CONNECTOR = "smc-scale";
    static final String TOPIC = "smc.scale";
    static final String WARM_TOPIC = "smc.scale.warm";
    static final String CONTEXT = "fw_single";
    /** The REST type the connector lists for {@link #CONTEXT} ({@code ContextElementTypes}). */
    static final String ELEMENT_TYPE = "single_fw";
    /** The machine counts as quiet once it uses less than this share of one core over a second. */
    private static final double QUIET_CORES = 0.1;
    private static final Duration QUIET_WAIT = Duration.ofSeconds(90);
    /** The warm-up ends after a round that cost the simulator's and broker's JIT compilers less than this. */
    private static final Duration JIT_SETTLED = Duration.ofMillis(200);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The producer's default batch.size, which the worker keeps unless the connector overrides it. */
    private static final long PRODUCER_BATCH_BYTES = 16_384;

    private final BenchSetup setup;
    private final int elements = Integer.getInteger("bench.elements", 10_000);
    private final int repeats = Integer.getInteger("bench.repeats", 3);
    private final boolean warmServers = Boolean.parseBoolean(System.getProperty("bench.scale.warmSmc", "true"));
    private final int warmRounds = Integer.getInteger("bench.scale.warmRounds", 10);
    private final Report report;

    private ScaleBenchmark(BenchSetup setup) {
        this.setup = setup;
        this.report = new Report(setup.runDirectory().resolve("results.md"));
    }

    public static void main(String[] args) throws Exception {
        new ScaleBenchmark(BenchSetup.fromSystemProperties()).run();
        System.exit(0);
    }

    private void run() throws Exception {
        report.line("# Scale benchmark, " + java.time.Instant.now());
        report.line("");
        report.line("Machine: " + Machine.describe());
        report.line("Settings: one task, context fw_single of " + elements + " single firewalls of one node each; "
                + repeats + " socket drops; broker and worker JVMs " + EndToEndBenchmark.JVM_OPTIONS
                + "; connector settings beyond the defaults: " + BenchSetup.connectorOverrides());
        report.line(warmServers ? "Simulator and broker warmed before the connector was created (the worker stays "
                + "cold): up to " + warmRounds + " rounds from the driver JVM of what the connector does, each "
                + "GET /api, login, list " + ELEMENT_TYPE + ", read all " + elements + " engine documents on 8 "
                + "threads, subscribe to " + CONTEXT + " and receive its snapshot, unsubscribe, log out, then " + elements
                + " records of " + ServerWarmUp.RECORD_BYTES + " bytes (the frames) to topic " + ServerWarmUp.TOPIC
                + " (acks=all, one request in flight), then a wait for the machine to go quiet (under " + QUIET_CORES
                + " of a core busy over 1 s); until a round and its wait cost the JIT compilers of simulator and "
                + "broker under " + JIT_SETTLED.toMillis() + " ms"
                : "Simulator and broker NOT warmed (-Dbench.scale.warmSmc=false): freshly started and cold, like the "
                + "worker, when the connector is created");
        report.line("Run directory (logs, configs): " + setup.runDirectory());
        report.line("");
        try (SmcSimulator simulator = SmcSimulator.start(SimulatorOptions.builder()
                .catalog(() -> StandardCatalog.singleFirewalls(elements)).build());
             KafkaBroker broker = KafkaBroker.start(setup, EndToEndBenchmark.JVM_OPTIONS)) {
            broker.createAppendTimeTopic(TOPIC);
            try (ConnectWorkerJvm worker = ConnectWorkerJvm.start(setup, broker.bootstrapServers(),
                    EndToEndBenchmark.JVM_OPTIONS)) {
                measure(simulator, broker, worker);
            }
        }
        report.print();
    }

    private void measure(SmcSimulator simulator, KafkaBroker broker, ConnectWorkerJvm worker) throws Exception {
        progress("heap of the worker without the connector");
        HeapHistogram withoutConnector = HeapHistogram.of(worker.jvm().pid());

        List<String> warmUp = warmServers ? warmUpServers(simulator, broker, worker) : List.of();
        String loadAtCreation = Machine.loadAverage();

        progress("creating the connector");
        CpuWindow snapshotWindow = new CpuWindow(worker, broker);
        long created = System.currentTimeMillis();
        worker.rest().putConnectorConfig(CONNECTOR, ConnectorConfigBuilder.forSimulator(simulator)
                .contexts(CONTEXT).topic(TOPIC).with(BenchSetup.connectorOverrides()).build());
        broker.awaitEndOffset(TOPIC, elements, Duration.ofMinutes(5), Duration.ofMillis(50));
        CpuUsage snapshotCpu = snapshotWindow.end();
        AppendedRecords snapshot = AppendedRecords.read(broker.bootstrapServers(), TOPIC, 0, elements, true);
        long toLastSnapshotRecord = snapshot.appendTimes()[elements - 1] - created;
        long toFirstSnapshotRecord = snapshot.appendTimes()[0] - created;
        String keys = checkKeys(snapshot);
        progress("last snapshot record " + toLastSnapshotRecord + " ms after creating the connector; " + keys);

        List<Resnapshot> resnapshots = dropSockets(simulator, broker, worker, TOPIC);

        Waits.pause(Duration.ofSeconds(5));
        progress("heap of the worker with the task idle");
        HeapHistogram withTask = HeapHistogram.of(worker.jvm().pid());
        worker.rest().stopConnector(CONNECTOR);
        worker.awaitState(CONNECTOR, "STOPPED", Duration.ofMinutes(1));
        Waits.pause(Duration.ofSeconds(5));
        progress("heap of the worker with the connector stopped");
        HeapHistogram stopped = HeapHistogram.of(worker.jvm().pid());

        // The same snapshot once the worker's JIT compilers know the code: a new connector and task (names resolved
        // afresh), in the same worker.
        progress("creating a second connector in the now warm worker");
        worker.rest().deleteConnector(CONNECTOR);
        broker.createAppendTimeTopic(WARM_TOPIC);
        long createdWarm = System.currentTimeMillis();
        worker.rest().putConnectorConfig(CONNECTOR + "-warm", ConnectorConfigBuilder.forSimulator(simulator)
                .contexts(CONTEXT).topic(WARM_TOPIC).with(BenchSetup.connectorOverrides()).build());
        broker.awaitEndOffset(WARM_TOPIC, elements, Duration.ofMinutes(5), Duration.ofMillis(50));
        AppendedRecords warmSnapshot = AppendedRecords.read(broker.bootstrapServers(), WARM_TOPIC, 0, elements, true);
        long warmToLast = warmSnapshot.appendTimes()[elements - 1] - createdWarm;
        long warmToFirst = warmSnapshot.appendTimes()[0] - createdWarm;
        progress("last snapshot record " + warmToLast + " ms after creating the connector; " + checkKeys(warmSnapshot));
        List<Resnapshot> warmResnapshots = dropSockets(simulator, broker, worker, WARM_TOPIC);

        report.line("## Results");
        report.line("");
        report.line("| Measure | Figure |");
        report.line("|---|---|");
        report.line("| Creating the connector to the last of " + elements + " snapshot records in Kafka | "
                + toLastSnapshotRecord + " ms (first record after " + toFirstSnapshotRecord + " ms; " + keys + ") |");
        report.line("| The same, a second connector in the warm worker | " + warmToLast + " ms (first record after "
                + warmToFirst + " ms) |");
        for (int drop = 0; drop < repeats; drop++) {
            report.line("| Dropped socket " + (drop + 1) + " to the last re-snapshot record | "
                    + resnapshots.get(drop).describe() + " |");
        }
        for (int drop = 0; drop < repeats; drop++) {
            report.line("| The same in the warm worker, dropped socket " + (drop + 1) + " | "
                    + warmResnapshots.get(drop).describe() + " |");
        }
        report.line(String.format(Locale.ROOT, "| Worker live heap: no connector / task idle / connector stopped | "
                        + "%.1f / %.1f / %.1f MiB |", mib(withoutConnector.totalBytes()), mib(withTask.totalBytes()),
                mib(stopped.totalBytes())));
        long retained = withTask.totalBytes() - stopped.totalBytes();
        // The worker's producer keeps freed batch buffers of batch.size (16 KiB unless overridden) in its BufferPool for
        // reuse; they are the only HeapByteBuffers that pile up, and go with the producer when the task stops.
        long pooledBuffers = withTask.instanceGrowthSince(stopped, "java.nio.HeapByteBuffer");
        long batchBytes = Long.parseLong(BenchSetup.connectorOverrides().getOrDefault("producer.override.batch.size",
                Long.toString(PRODUCER_BATCH_BYTES)));
        long pooledBytes = pooledBuffers * batchBytes;
        report.line(String.format(Locale.ROOT, "| Heap the task retains (task idle minus connector stopped) | %.1f MiB |",
                mib(retained)));
        report.line(String.format(Locale.ROOT, "| of which the worker's producer buffer pool (%d buffers of %d KiB) | "
                + "%.1f MiB |", pooledBuffers, batchBytes / 1024, mib(pooledBytes)));
        report.line(String.format(Locale.ROOT, "| the rest: the connector's task, and the worker's per-task objects | "
                + "%.1f MiB |", mib(retained - pooledBytes)));
        report.line("");
        report.line(String.format(Locale.ROOT, "CPU time from creating the connector to the last snapshot record: "
                        + "worker %.1f s, broker %.1f s, simulator (SMC) %.1f s, in %.1f s of wall time on %d cores.",
                snapshotCpu.workerMillis() / 1000.0, snapshotCpu.brokerMillis() / 1000.0,
                snapshotCpu.simulatorMillis() / 1000.0,
                toLastSnapshotRecord / 1000.0, Runtime.getRuntime().availableProcessors()));
        long workerLiveThreads = snapshotCpu.workerThreads().values().stream().mapToLong(Long::longValue).sum();
        report.line("Worker CPU by thread in that time (s): " + byThread(snapshotCpu.workerThreads())
                + String.format(Locale.ROOT,
                "; threads that ended before the last record (the name refresh's readers among them) %.1f",
                (snapshotCpu.workerMillis() - workerLiveThreads) / 1000.0));
        report.line("Simulator (benchmark driver JVM) CPU by thread in that time (s): "
                + byThread(snapshotCpu.simulatorThreads()));
        report.line("Broker CPU by thread in that time (s): " + byThread(snapshotCpu.brokerThreads()));
        report.line("CPU time from each dropped socket to its last re-snapshot record, first connector: "
                + resnapshots.stream().map(Resnapshot::cpu).collect(Collectors.joining("; ")));
        report.line("The same, second connector (warm worker): "
                + warmResnapshots.stream().map(Resnapshot::cpu).collect(Collectors.joining("; ")));
        report.line(String.format(Locale.ROOT, "Snapshot records: %.0f bytes of key and value on average",
                snapshot.keyAndValueBytes() / (double) elements));
        report.line("Load average when the connector was created: " + loadAtCreation);
        if (!warmUp.isEmpty()) {
            report.line("");
            report.line("Warming the simulator and broker (the driver JVM's CPU is the simulator's and the warm-up "
                    + "clients'):");
            report.line("");
            warmUp.forEach(line -> report.line("- " + line));
        }
        report.line("Element names read (the connector's ContextRefresh, from the worker log): "
                + String.join("; ", nameRefreshes()));
        report.line("");
        report.line("Largest growth by class, connector stopped to task idle:");
        report.line("");
        for (Map.Entry<String, Long> growth : withTask.largestGrowthSince(stopped, 15)) {
            report.line(String.format(Locale.ROOT, "- %s: %.2f MiB", growth.getKey(), mib(growth.getValue())));
        }
        report.line("");
        report.line("Load average at the end: " + Machine.loadAverage());
    }

    /** CPU used in a window, in total and by thread: by the worker, the broker, and this JVM (the simulator). */
    private record CpuUsage(long workerMillis, long brokerMillis, long simulatorMillis,
                            Map<String, Long> workerThreads, Map<String, Long> brokerThreads,
                            Map<String, Long> simulatorThreads) {
    }

    /** Counts the CPU of the worker, the broker and this JVM from its making to {@link #end()}. */
    private static final class CpuWindow {
        private final ConnectWorkerJvm worker;
        private final KafkaBroker broker;
        private final long[] totalsBefore;
        private final Map<Long, ProcStat.ThreadTime> workerThreads;
        private final Map<Long, ProcStat.ThreadTime> brokerThreads;
        private final Map<Long, ProcStat.ThreadTime> simulatorThreads;

        CpuWindow(ConnectWorkerJvm worker, KafkaBroker broker) {
            this.worker = worker;
            this.broker = broker;
            this.totalsBefore = new long[] {worker.jvm().cpuMillis(), broker.jvm().cpuMillis(), ownCpuMillis()};
            this.workerThreads = worker.jvm().cpuMillisByThread();
            this.brokerThreads = broker.jvm().cpuMillisByThread();
            this.simulatorThreads = ProcStat.threadCpuMillis("self");
        }

        CpuUsage end() {
            return new CpuUsage(worker.jvm().cpuMillis() - totalsBefore[0],
                    broker.jvm().cpuMillis() - totalsBefore[1], ownCpuMillis() - totalsBefore[2],
                    ProcStat.difference(workerThreads, worker.jvm().cpuMillisByThread()),
                    ProcStat.difference(brokerThreads, broker.jvm().cpuMillisByThread()),
                    ProcStat.difference(simulatorThreads, ProcStat.threadCpuMillis("self")));
        }
    }

    /** One re-snapshot after a dropped socket: when its first and last records were appended, and the CPU used. */
    private record Resnapshot(long toFirstRecordMillis, long toLastRecordMillis, String cpu) {

        String describe() {
            return toLastRecordMillis + " ms (first record after " + toFirstRecordMillis + " ms)";
        }
    }

    /**
     * Drops the simulator's sockets {@link #repeats} times, 5 s apart, and times each re-snapshot into {@code topic}
     * (which holds the snapshot so far). Where its CPU went is reported too: the first re-snapshot after a cold
     * snapshot was the slowest in most runs, and the worker's JIT compilers were busy through the first connector's
     * re-snapshots.
     */
    private List<Resnapshot> dropSockets(SmcSimulator simulator, KafkaBroker broker, ConnectWorkerJvm worker,
                                         String topic) throws Exception {
        List<Resnapshot> resnapshots = new ArrayList<>();
        long offset = elements;
        for (int drop = 1; drop <= repeats; drop++) {
            Waits.pause(Duration.ofSeconds(5));
            CpuWindow window = new CpuWindow(worker, broker);
            long dropped = System.currentTimeMillis();
            simulator.control().dropSockets();
            broker.awaitEndOffset(topic, offset + elements, Duration.ofMinutes(5), Duration.ofMillis(50));
            CpuUsage used = window.end();
            String cpu = String.format(Locale.ROOT, "drop %d: worker %.2f s (%s), broker %.2f s, simulator %.2f s",
                    drop, used.workerMillis() / 1000.0, byThread(used.workerThreads()), used.brokerMillis() / 1000.0,
                    used.simulatorMillis() / 1000.0);
            AppendedRecords again = AppendedRecords.read(broker.bootstrapServers(), topic, offset, elements, true);
            Resnapshot resnapshot = new Resnapshot(again.appendTimes()[0] - dropped,
                    again.appendTimes()[elements - 1] - dropped, cpu);
            resnapshots.add(resnapshot);
            progress(topic + ", drop " + drop + ": last re-snapshot record " + resnapshot.toLastRecordMillis()
                    + " ms after the drop; " + checkKeys(again));
            offset += elements;
        }
        return resnapshots;
    }

    /**
     * Runs rounds of {@link ServerWarmUp}, each followed by a wait for the machine to go quiet, until a round and its
     * wait cost the simulator's and broker's JIT compilers under {@link #JIT_SETTLED} together, or
     * {@link #warmRounds} rounds ran. The waits matter: while the compile queue is long, HotSpot raises the thresholds
     * for compiling hot code with C2 and drops queued compilations of code no longer running, so rounds run back to
     * back left the simulator's REST path in C1 code to be compiled while the connector ran. Returns a line for each
     * round: what it cost, JIT included, which falls as the hot paths get compiled.
     */
    private List<String> warmUpServers(SmcSimulator simulator, KafkaBroker broker, ConnectWorkerJvm worker)
            throws Exception {
        List<String> lines = new ArrayList<>();
        try (ServerWarmUp warmUp = ServerWarmUp.of(simulator, broker, CONTEXT, List.of(ELEMENT_TYPE), elements)) {
            long jit = Long.MAX_VALUE;
            for (int round = 1; round <= warmRounds && jit >= JIT_SETTLED.toMillis(); round++) {
                progress("warming the simulator and broker, round " + round);
                long[] cpuBefore = {ownCpuMillis(), broker.jvm().cpuMillis()};
                Map<Long, ProcStat.ThreadTime> ownBefore = ProcStat.threadCpuMillis("self");
                Map<Long, ProcStat.ThreadTime> brokerBefore = broker.jvm().cpuMillisByThread();
                ServerWarmUp.Round done = warmUp.round();
                String quiet = awaitQuiet(broker, worker);
                long driverCpu = ownCpuMillis() - cpuBefore[0];
                long brokerCpu = broker.jvm().cpuMillis() - cpuBefore[1];
                long driverJit = jitMillis(ProcStat.difference(ownBefore, ProcStat.threadCpuMillis("self")));
                long brokerJit = jitMillis(ProcStat.difference(brokerBefore, broker.jvm().cpuMillisByThread()));
                jit = driverJit + brokerJit;
                lines.add(String.format(Locale.ROOT, "round %d: %.1f s; %d engine documents read, %d snapshot frames "
                                + "received and produced (%.0f bytes of key and value on average); then %s; CPU of "
                                + "round and wait: driver %.1f s (JIT %.2f s), broker %.1f s (JIT %.2f s)", round,
                        done.wallMillis() / 1000.0, done.documents(), done.frames(),
                        done.producedBytes() / (double) done.frames(), quiet, driverCpu / 1000.0, driverJit / 1000.0,
                        brokerCpu / 1000.0, brokerJit / 1000.0));
                progress(lines.get(lines.size() - 1));
            }
        }
        return lines;
    }

    /** CPU time of the JIT compiler threads ({@code C1/C2 CompilerThreadN}, 15 characters kept by the kernel). */
    private static long jitMillis(Map<String, Long> cpuMillisByThread) {
        return cpuMillisByThread.entrySet().stream().filter(thread -> thread.getKey().contains("CompilerThre"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /**
     * Waits, second by second, until the machine uses under {@link #QUIET_CORES} of a core: the JIT compilers' queues
     * drained and the warm-up's garbage collected, so that none of it falls into the measured window. Says how long
     * that took, or that it did not happen within {@link #QUIET_WAIT}, and what the benchmark's own JVMs used in the
     * last second.
     */
    private String awaitQuiet(KafkaBroker broker, ConnectWorkerJvm worker) throws InterruptedException {
        progress("waiting for the machine to go quiet");
        long started = System.nanoTime();
        Machine.CpuTicks machine = Machine.CpuTicks.now();
        long windowStart = started;
        long jvmCpu = worker.jvm().cpuMillis() + broker.jvm().cpuMillis() + ownCpuMillis();
        double machineCores;
        double jvmCores;
        do {
            Waits.pause(Duration.ofSeconds(1));
            Machine.CpuTicks machineNow = Machine.CpuTicks.now();
            long now = System.nanoTime();
            long jvmCpuNow = worker.jvm().cpuMillis() + broker.jvm().cpuMillis() + ownCpuMillis();
            machineCores = machineNow.coresBusySince(machine);
            jvmCores = (jvmCpuNow - jvmCpu) * 1_000_000.0 / (now - windowStart);
            machine = machineNow;
            windowStart = now;
            jvmCpu = jvmCpuNow;
        } while (machineCores >= QUIET_CORES && System.nanoTime() - started < QUIET_WAIT.toNanos());
        return String.format(Locale.ROOT, "machine %s after %.1f s (last second: %.2f of a core busy, %.2f of it the "
                        + "broker, worker and driver JVMs), load average %s",
                machineCores < QUIET_CORES ? "quiet" : "NOT quiet", (System.nanoTime() - started) / 1e9, machineCores,
                jvmCores, Machine.loadAverage());
    }

    /** Says how the records were keyed; fails when a record's key is not the href its name resolves to. */
    private String checkKeys(AppendedRecords records) throws IOException {
        Set<String> elementNames = new HashSet<>();
        int resolved = 0;
        for (byte[] value : records.values()) {
            JsonNode record = JSON.readTree(value);
            elementNames.add(record.path("element_name").asText());
            if (record.path("key_source").asText().equals("RESOLVED")) {
                resolved++;
            }
        }
        if (resolved != records.count() || elementNames.size() != records.count()) {
            throw new IllegalStateException(resolved + " of " + records.count() + " records have a resolved key, for "
                    + elementNames.size() + " distinct elements");
        }
        return "all " + resolved + " keys resolved";
    }

    private static String byThread(Map<String, Long> cpuMillis) {
        return String.join(", ", cpuMillis.entrySet().stream()
                .filter(thread -> thread.getValue() >= 50)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(thread -> String.format(Locale.ROOT, "%s %.1f", thread.getKey(), thread.getValue() / 1000.0))
                .toList());
    }

    /** The worker log's line for each reading of the context's names: how long it took, per connector. */
    private List<String> nameRefreshes() throws IOException {
        Path log = setup.runDirectory().resolve("worker.log");
        if (!Files.exists(log)) {
            return List.of("no worker log");
        }
        List<String> refreshes = new ArrayList<>();
        try (var lines = Files.lines(log)) {
            lines.filter(line -> line.contains("Read the element names of context")).forEach(line -> {
                int connector = line.indexOf("] [");
                int read = line.indexOf("read in ");
                refreshes.add(line.substring(0, 12) + " " + (connector < 0 ? ""
                        : line.substring(connector + 3, line.indexOf('|', connector)) + " ")
                        + (read < 0 ? line : line.substring(read)));
            });
        }
        return refreshes;
    }

    private static long ownCpuMillis() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
    }

    private static double mib(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }

    private static void progress(String message) {
        System.out.println(java.time.LocalTime.now().withNano(0) + " " + message);
    }

}
