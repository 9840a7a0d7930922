package io.github.kafkaconnectsmc.testkit;

import static io.github.kafkaconnectsmc.simulator.StandardCatalog.CORPORATE_ENDPOINT;
import static io.github.kafkaconnectsmc.simulator.StandardCatalog.CORPORATE_VPN;
import static io.github.kafkaconnectsmc.simulator.StandardCatalog.PLANO_NODE;
import static io.github.kafkaconnectsmc.simulator.StandardCatalog.QUITO_NODE_1;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kafkaconnectsmc.LogCapture;
import io.github.kafkaconnectsmc.simulator.PeriodicChanges;
import io.github.kafkaconnectsmc.simulator.SmcSimulator;
import io.github.kafkaconnectsmc.simulator.SocketView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestCondition;
import org.apache.kafka.test.TestUtils;
import org.apache.logging.log4j.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fault injected into a steady stream of status changes, from a simulator through a connector in a real worker to
 * a real topic, and the checks that nothing was lost:
 *
 * <ol>
 *   <li>{@link #start}: a connector with two tasks (two contexts and two element URIs: eight elements, one socket
 *       and one session per task) streams its snapshots; then a change every {@link #CHANGE_INTERVAL} begins and
 *       goes on through the fault.</li>
 *   <li>{@link #inject}: the fault, with the moment and the simulator's frame count noted.</li>
 *   <li>The test waits for its recovery condition, then {@link #awaitMoreRecords} lets the stream run on.</li>
 *   <li>{@link #finish}: the changes stop, the run waits until every element's current status is the latest record
 *       of its key and every task's accounts balance, then checks the accounts, the records against the frames
 *       sent, and returns the {@link Outcome} with the recovery times.</li>
 * </ol>
 *
 * <p><b>What "nothing lost" means here, and how it is proved.</b> Two sources are compared, and each closes a gap the
 * other leaves:
 * <ul>
 *   <li><em>The task's own accounts</em> ({@link TaskMetricsRecorder}: the task metrics, read live and at the moment
 *       a task stops). A notification counts as {@code notifications-received} before it is put in the queue;
 *       {@code records-handed-to-kafka} counts what {@code poll()} returned, {@code records-written} what the
 *       producer acknowledged, {@code queue-size} what is still queued. Once the stream is quiet every running task
 *       must show an empty queue and {@code received == handed == written}, and the topic must hold exactly the sum
 *       of {@code handed} over every start of every task. So every notification that reached a queue is in the
 *       topic, except what a stopping task still held (its {@code received - handed}); that is allowed only for
 *       faults that stop a task ({@link Loss}), and must then equal what the task logged as not handed over. Only
 *       when the worker gives up on a task blocked by a dead broker may it also drop records handed to it.</li>
 *   <li><em>The simulator's record of every frame sent</em> ({@link DeliveredFrames}): per element, the topic must
 *       be, socket after socket, a prefix of what each socket sent, with every field, in order, without duplicates
 *       or strangers. The accounts alone could not tell a lost frame from an extra one; this could not tell what the
 *       connector received from what was lost on the wire when a socket broke. Together: what the connector
 *       received is exactly what the topic holds.</li>
 * </ul>
 * Frames sent on a socket after the moment it broke never reached the connector and are not expected: the SMC
 * cannot replay them. Instead, the snapshot on the new socket brings each element's current status, which is the
 * third check: the latest record of every element carries the simulator's current status for it.
 */
public final class FaultRun implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FaultRun.class);

    /** Generous: a 2-core machine shared with other builds is slow, and waits end as soon as their condition holds. */
    public static final Duration DEADLINE = Duration.ofSeconds(60);
    public static final Duration CHANGE_INTERVAL = Duration.ofMillis(20);
    public static final int TASKS = 2;
    public static final int SUBSCRIPTIONS = 4;
    public static final long PING_INTERVAL_MS = 500;
    /** Records of the steady stream to see before a fault, and again after recovery: a few seconds' worth. */
    public static final int RECORDS_BEFORE_AND_AFTER = 100;
    /** Elements changed in turn: nodes and VPNs of both contexts, the subscribed cluster node and tunnel endpoint. */
    static final List<String> CHANGING = List.of(PLANO_NODE, QUITO_NODE_1, CORPORATE_VPN, CORPORATE_ENDPOINT,
            "elements/vpn/7", "elements/single_fw/1801/firewall_node/1802");

    private static final Pattern NOT_HANDED_OVER =
            Pattern.compile("Stopped with (\\d+) status notification\\(s\\) received but not handed to Kafka");

    private final SmcSimulator simulator;
    private final String connector;
    private final StatusTopic topic;
    private final LogCapture logs;
    private PeriodicChanges changes;

    private String fault;
    private long injectedAtMs;
    private long framesBeforeInjection;
    private int lastSocketBeforeInjection;

    private FaultRun(SmcSimulator simulator, String connector, StatusTopic topic, LogCapture logs) {
        this.simulator = simulator;
        this.connector = connector;
        this.topic = topic;
        this.logs = logs;
    }

    /** The connector's configuration: two tasks, short reconnect backoff and ping interval, then {@code overrides}. */
    private static Map<String, String> connectorConfig(SmcSimulator simulator, String topic,
                                                      Map<String, String> overrides) {
        Map<String, String> config = new HashMap<>(ConnectorConfigBuilder.forSimulator(simulator).topic(topic)
                .tasks(TASKS)
                .contexts("fw_single", "vpn")
                .elements(List.of(simulator.href(QUITO_NODE_1), simulator.href(CORPORATE_ENDPOINT)))
                .with("smc.reconnect.backoff.initial.ms", "50")
                .with("smc.reconnect.backoff.max.ms", "1000")
                .with("smc.ping.interval.ms", Long.toString(PING_INTERVAL_MS))
                .build());
        config.putAll(overrides);
        return config;
    }

    /**
     * Creates {@code topic}, starts {@code connector} against {@code simulator}, waits for every snapshot, then starts
     * the steady changes and waits until they flow.
     */
    public static FaultRun start(EmbeddedConnectCluster connect, SmcSimulator simulator, String connector,
                                 String topicName, Map<String, String> overrides) throws InterruptedException {
        connect.kafka().createTopic(topicName, 1);
        LogCapture logs = LogCapture.atConfiguredLevels();
        String bootstrap = connect.kafka().bootstrapServers();
        StatusTopic topic = simulator.options().recordsFrames() ? new StatusTopic(bootstrap, topicName)
                : StatusTopic.countingOnly(bootstrap, topicName);
        FaultRun run = new FaultRun(simulator, connector, topic, logs);
        try {
            connect.configureConnector(connector, connectorConfig(simulator, topicName, overrides));
            run.awaitSubscribed();
            run.topic.awaitCondition(() -> run.topic.count() >= simulator.traffic().statusFramesSent()
                    && run.currentStatusArrived(), DEADLINE, "every snapshot of " + connector);
            run.changes = PeriodicChanges.cycling(simulator, CHANGING, CHANGE_INTERVAL);
            run.awaitMoreRecords(RECORDS_BEFORE_AND_AFTER);
            return run;
        } catch (RuntimeException | InterruptedException | AssertionError e) {
            run.close();
            throw e;
        }
    }

    /** Runs {@code action}, noting when and after which frame and socket, for the checks and recovery times. */
    public void inject(String what, Runnable action) {
        fault = what;
        lastSocketBeforeInjection = simulator.traffic().socketsOpened();
        framesBeforeInjection = simulator.traffic().framesSent();
        injectedAtMs = System.currentTimeMillis();
        action.run();
    }

    /** Waits until each task has a socket opened after the injection, with every subscription acknowledged. */
    public void awaitReconnected() throws InterruptedException {
        awaitReconnected(TASKS);
    }

    /**
     * Waits until {@code newSockets} of the tasks' sockets were opened after the injection (the others kept theirs)
     * and every subscription is acknowledged.
     */
    public void awaitReconnected(int newSockets) throws InterruptedException {
        waitFor(() -> {
            List<SocketView> open = simulator.traffic().openSockets();
            return open.size() == TASKS
                    && open.stream().filter(s -> s.socketId() > lastSocketBeforeInjection).count() == newSockets
                    && open.stream().mapToInt(s -> s.subscriptions().size()).sum() == SUBSCRIPTIONS;
        }, newSockets + " task(s) reconnected and resubscribed after " + fault);
    }

    /** Waits until each task has its socket with every subscription acknowledged. */
    public void awaitSubscribed() throws InterruptedException {
        waitFor(() -> {
            List<SocketView> open = simulator.traffic().openSockets();
            return open.size() == TASKS && open.stream().mapToInt(s -> s.subscriptions().size()).sum() == SUBSCRIPTIONS;
        }, "a socket per task with every subscription acknowledged");
    }

    /** Waits until {@code count} more records have arrived in the topic. */
    public void awaitMoreRecords(int count) {
        int target = topic.count() + count;
        topic.awaitCondition(() -> topic.count() >= target, DEADLINE, count + " more records");
    }

    /**
     * Ends the fault with {@code recovery} (a resume, a broker restart) and waits until the running tasks have had
     * written everything they had received before it; returns how long that took from the start of {@code recovery}:
     * the backlog the stall built up, cleared.
     */
    public Duration recoverAndAwaitBacklogWritten(String what, Runnable recovery) {
        long received = live("notifications-received");
        long stalledMs = System.currentTimeMillis() - injectedAtMs;
        long started = System.nanoTime();
        recovery.run();
        topic.awaitCondition(() -> live("records-written") >= received, DEADLINE,
                "the " + received + " notifications received before the recovery written (" + what + ")");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        log.info("Recovery time: {}: {} ms until the backlog of {} notification(s) was written (stalled {} ms)",
                what, took.toMillis(), received, stalledMs);
        return took;
    }

    /**
     * Stops the changes and waits until every element's current status is the latest record of its key, every
     * running task's queue is empty with all it received handed over and written, and the topic holds all that.
     */
    public void settle() {
        changes.close();
        topic.awaitCondition(() -> currentStatusArrived() && settled(topic.count()), DEADLINE,
                () -> "every element's current status in the topic and every task's accounts balanced: "
                        + TaskMetricsRecorder.runs(connector));
    }

    /**
     * What a fault may cost. A running task loses nothing; a task the worker stops cannot hand over what it still
     * holds, and a worker that gives up on a task may also drop what its producer had not yet written.
     */
    public enum Loss {
        /** Every notification received reaches the topic. */
        NONE,
        /** A stopped task's queue at the moment it stopped, which it must log. Its handed records are all written. */
        QUEUED_AT_STOP,
        /** As {@link #QUEUED_AT_STOP}, and records the worker's producer held when the worker gave up on the task. */
        QUEUED_AND_UNWRITTEN_AT_STOP
    }

    /**
     * Notifications received, over every start of every task, that no {@code poll()} handed over: what stopped tasks
     * still held. Checks that every record handed over was written.
     */
    public long lostAtStop() {
        long lost = 0;
        for (TaskMetricsRecorder.TaskRun run : TaskMetricsRecorder.runs(connector)) {
            assertEquals(run.value("records-handed-to-kafka"), run.value("records-written"), "written: " + run);
            lost += run.value("notifications-received") - run.value("records-handed-to-kafka");
        }
        return lost;
    }

    /**
     * {@link #settle()}s, then checks the accounts, as far as {@code loss} allows, and the records against the frames
     * sent (see the class comment).
     */
    public Outcome finish(Loss loss) {
        settle();
        List<TaskMetricsRecorder.TaskRun> runs = TaskMetricsRecorder.runs(connector);
        log.info("Task accounts after {}: {}", fault, runs);
        long notHandedOver = 0;
        long handed = 0;
        for (TaskMetricsRecorder.TaskRun run : runs) {
            notHandedOver += run.value("notifications-received") - run.value("records-handed-to-kafka");
            handed += run.value("records-handed-to-kafka");
            if (loss != Loss.QUEUED_AND_UNWRITTEN_AT_STOP || !run.ended()) {
                assertEquals(run.value("records-handed-to-kafka"), run.value("records-written"), "written: " + run);
            }
        }
        List<StatusRecord> records = topic.records();
        if (loss == Loss.NONE) {
            assertEquals(0, notHandedOver, "no notification that reached a queue is missing: " + runs);
        } else {
            assertEquals(notHandedOverAsLogged(), notHandedOver,
                    "what stopping tasks could not hand over is what they logged");
        }
        if (loss != Loss.QUEUED_AND_UNWRITTEN_AT_STOP) {
            assertEquals(handed, records.size(), "the topic holds every record handed to Kafka, once");
        }
        DeliveredFrames delivered = DeliveredFrames.match(simulator, records);
        for (SocketView open : simulator.traffic().openSockets()) {
            assertEquals(delivered.sent(open.socketId()), delivered.delivered(open.socketId()),
                    "every frame of the open socket " + open.socketId() + " is in the topic");
        }
        return new Outcome(fault, injectedAtMs, framesBeforeInjection, records, delivered, notHandedOver);
    }

    /** The sum of {@code metric} over every start of every task of the connector. */
    public long total(String metric) {
        return TaskMetricsRecorder.total(connector, metric);
    }

    /** The sum of {@code metric} over the running tasks. */
    public long live(String metric) {
        return TaskMetricsRecorder.runs(connector).stream().filter(run -> !run.ended())
                .mapToLong(run -> run.value(metric)).sum();
    }

    /** The smallest value of {@code metric} over the running tasks. */
    public long liveMin(String metric) {
        return TaskMetricsRecorder.runs(connector).stream().filter(run -> !run.ended())
                .mapToLong(run -> run.value(metric)).min().orElse(0);
    }

    /** The largest value of {@code metric} over every run, live or ended. */
    public long max(String metric) {
        return TaskMetricsRecorder.runs(connector).stream().mapToLong(run -> run.value(metric)).max().orElse(0);
    }

    /** Waits, polling the topic meanwhile, until {@code condition} holds. */
    public void await(BooleanSupplier condition, String what) {
        topic.awaitCondition(condition, DEADLINE, what);
    }

    /** The latest record of every subscribed element carries that element's current status. */
    private boolean currentStatusArrived() {
        Map<String, StatusRecord> latest = topic.latestByKey();
        for (String path : subscribedElements()) {
            StatusRecord record = latest.get(simulator.href(path));
            if (record == null || !SentVersusReceived.carries(simulator.currentStatus(path), record.value())) {
                return false;
            }
        }
        return true;
    }

    /** The eight elements the connector's units cover: the nodes of fw_single, the VPNs, and the two URIs. */
    private List<String> subscribedElements() {
        List<String> paths = new ArrayList<>();
        for (String context : List.of("fw_single", "vpn")) {
            simulator.catalog().membersOf(context).orElseThrow().forEach(element -> paths.add(element.path()));
        }
        paths.add(QUITO_NODE_1);
        paths.add(CORPORATE_ENDPOINT);
        return paths;
    }

    /**
     * Every running task has an empty queue and handed over and had written all it received, and the topic holds at
     * least what every task had written (at most what they handed over: a worker that gives up on a task may drop
     * some).
     */
    private boolean settled(int topicRecords) {
        List<TaskMetricsRecorder.TaskRun> runs = TaskMetricsRecorder.runs(connector);
        long live = runs.stream().filter(run -> !run.ended()).count();
        boolean drained = runs.stream().filter(run -> !run.ended()).allMatch(run -> run.value("queue-size") == 0
                && run.value("notifications-received") == run.value("records-handed-to-kafka")
                && run.value("records-handed-to-kafka") == run.value("records-written"));
        return live == TASKS && drained
                && topicRecords >= TaskMetricsRecorder.total(connector, "records-written")
                && topicRecords <= TaskMetricsRecorder.total(connector, "records-handed-to-kafka");
    }

    /** Only this run's connector runs while the capture is open, so every such line is one of its tasks'. */
    private long notHandedOverAsLogged() {
        long total = 0;
        for (String line : logs.lines(Level.WARN, "not handed to Kafka")) {
            Matcher matcher = NOT_HANDED_OVER.matcher(line);
            if (matcher.find()) {
                total += Long.parseLong(matcher.group(1));
            }
        }
        return total;
    }

    private static void waitFor(TestCondition condition, String what) throws InterruptedException {
        TestUtils.waitForCondition(condition, DEADLINE.toMillis(), "Timed out waiting for " + what);
    }

    @Override
    public void close() {
        try {
            if (changes != null) {
                changes.close();
            }
        } finally {
            topic.close();
            logs.close();
        }
    }

    /** What a finished run found: the records, what they delivered, and how long recovery took. */
    public static final class Outcome {

        private final String fault;
        private final long injectedAtMs;
        private final long framesBeforeInjection;
        private final List<StatusRecord> records;
        private final DeliveredFrames delivered;
        private final long lost;

        Outcome(String fault, long injectedAtMs, long framesBeforeInjection, List<StatusRecord> records,
                DeliveredFrames delivered, long lost) {
            this.fault = fault;
            this.injectedAtMs = injectedAtMs;
            this.framesBeforeInjection = framesBeforeInjection;
            this.records = records;
            this.delivered = delivered;
            this.lost = lost;
        }

        public List<StatusRecord> records() {
            return records;
        }

        /** Notifications stopped tasks received but could not hand over (zero unless a task was stopped). */
        public long lostAtStop() {
            return lost;
        }

        /**
         * From the injection until the connector received the last element status of the first snapshots after it:
         * the status of every element that was subscribed again known again.
         */
        public Duration untilResnapshot() {
            Map<String, Long> firstSnapshotAt = new HashMap<>();
            for (DeliveredFrames.Delivery delivery : delivered.deliveries()) {
                if (delivery.frame().snapshot() && delivery.frameIndex() >= framesBeforeInjection) {
                    firstSnapshotAt.putIfAbsent(delivery.record().key(), receivedAt(delivery.record()));
                }
            }
            long last = firstSnapshotAt.values().stream().mapToLong(Long::longValue).max()
                    .orElseThrow(() -> new AssertionError("No snapshot after " + fault));
            return report("until the status of every element subscribed again was received", last);
        }

        /** The elements (hrefs) that got a snapshot after the injection: those of the sockets opened since. */
        public Set<String> resnapshotted() {
            Set<String> keys = new LinkedHashSet<>();
            delivered.deliveries().stream()
                    .filter(d -> d.frame().snapshot() && d.frameIndex() >= framesBeforeInjection)
                    .forEach(d -> keys.add(d.record().key()));
            return keys;
        }

        /** From the injection until the connector received the first notification sent after it. */
        public Duration untilNextRecord() {
            long first = delivered.deliveries().stream().filter(d -> d.frameIndex() >= framesBeforeInjection)
                    .mapToLong(d -> receivedAt(d.record())).min()
                    .orElseThrow(() -> new AssertionError("No record after " + fault));
            return report("until the next notification was received", first);
        }

        private Duration report(String what, long atMs) {
            Duration took = Duration.ofMillis(Math.max(0, atMs - injectedAtMs));
            log.info("Recovery time: {}: {} ms {}", fault, took.toMillis(), what);
            return took;
        }

        private static long receivedAt(StatusRecord record) {
            return record.value().path("received_at").asLong();
        }
    }
}
