package io.github.kafkaconnectsmc;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkaconnectsmc.metrics.TaskMetricsRegistration;
import io.github.kafkaconnectsmc.smc.tls.KeyStoreLoadException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.JMException;
import javax.management.ObjectName;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker restarts tasks often (rebalances, restarts after failures), and always in the same JVM: whatever a
 * task's start makes and its stop does not end (a thread, a socket, an SMC session, an MBean, or anything that keeps
 * the task's objects reachable) piles up with every restart. Each test starts and stops a task many times against
 * {@link FakeSmc}, then looks for anything left.
 */
class SmcSourceTaskRestartTest {

    private static final String CONNECTOR = "restarted";
    private static final int RESTARTS = 20;
    /** The subscription id FakeSmc gives the fw_single context, the only unit. */
    private static final int CONTEXT_ID = 0;
    private static final int ENGINES = 12;
    /**
     * Idle threads of pools that are shared by every client in the JVM, by design: OkHttp's task runner (web socket
     * writers, pings, connection pool cleanup of every client), Okio's timeout watchdog, and MockWebServer's task
     * runner (the FakeSmc's side). Each ends after a minute idle; a task cannot end them, and they do not grow with
     * restarts. Work of a stopped task still queued there runs or waits under its own name (such as
     * "OkHttp ConnectionPool connection closer", for a pool that still holds connections), so it does not pass as idle.
     */
    private static final Set<String> SHARED_IDLE_THREADS = Set.of("OkHttp TaskRunner", "Okio Watchdog",
            "MockWebServer TaskRunner");

    @TempDir
    Path directory;

    @RegisterExtension
    final TaskTestBed bed = TaskTestBed.forTask(CONNECTOR, 0)
            .withSettings(smc -> Map.of(SmcSourceConfig.SMC_API_VERSION_CONFIG, FakeSmc.VERSION))
            .smcStartedByEachTest(FakeSmc::sendingStatusOnSubscribe)
            .streamingQuickly();

    private FakeSmc smc;
    private Set<Thread> threadsBefore;

    @BeforeEach
    void startTheSmc() throws IOException {
        smc = bed.smc();
        smc.start();
        servingAContextOfSeveralEngines();
        threadsBefore = Set.copyOf(Thread.getAllStackTraces().keySet());
    }

    @Test
    void restartsWhileStreamingLeaveNothingBehind() throws Exception {
        List<WeakReference<Object>> stopped = new ArrayList<>();
        for (int restart = 0; restart < RESTARTS; restart++) {
            SmcSourceTask task = bed.start(bed.props());
            // The snapshot the SMC sends on subscribe, which shows the subscription acknowledged, then a change: both
            // need the context's names, read meanwhile.
            List<SourceRecord> records = new ArrayList<>(PollUntil.records(task, 1));
            smc.push(FakeSmc.notification(CONTEXT_ID, "{\"name\":\"fw_single node 2\",\"monitoring_state\":\"OK\"}"));
            records.addAll(PollUntil.records(task, 1));
            records.forEach(record -> task.commitRecord(record, null));
            bed.stop();
            stopped.add(new WeakReference<>(task));
            stopped.add(new WeakReference<>(streamOf(task)));
        }

        assertNothingLeftBehind();
        assertEquals(RESTARTS, smc.loginsAccepted());
        assertEquals(RESTARTS, smc.requests("GET", "/7.1/elements/single_fw").size(), "each start read the names");
        // The bed holds the last task it started until the test ends.
        assertUnreachable(stopped.subList(0, stopped.size() - 2));
    }

    @Test
    void stopsAtEachStepOfTheStartLeaveNothingBehind() throws Exception {
        // A rebalance may stop a task at any point of its start: before the login, while the SMC answers it, while
        // the names are read, while the socket opens. Each stop waits for the SMC to have seen one more of these.
        List<String> steps = List.of("", "POST /7.1/login", "GET /7.1/elements/single_fw", "GET /7.1/status/socket");
        for (int restart = 0; restart < RESTARTS; restart++) {
            String step = steps.get(restart % steps.size());
            long seen = timesSeen(step);
            bed.start(bed.props());
            Await.until(() -> step.isEmpty() || timesSeen(step) > seen, () -> "the SMC did not see " + step);
            bed.stop();
        }

        assertNothingLeftBehind();
    }

    @Test
    void aStopWhileTheSmcIsSlowToAnswerANameReadDoesNotWaitForTheAnswer() throws Exception {
        smc.delayingDocumentsUnder("elements/single_fw", Duration.ofMinutes(1));
        bed.start(bed.props());
        Await.until(() -> timesSeen("GET /7.1/elements/single_fw/1") > 0, "no engine document was asked for");

        // Well inside the step bound of awaiting the name reads, which a read left to its answer would use up.
        assertTimeoutPreemptively(SmcSourceTask.STOP_STEP_TIMEOUT.minusSeconds(2), bed::stop,
                "stop() waited for the SMC to answer a name read");
        // Not assertNothingLeftBehind(): the fake SMC's own threads sleep out their delay after the task hung up.
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.isAlive() && thread.getName().contains("-href-")),
                "a name reader outlived the task");
    }

    private long timesSeen(String event) {
        return smc.events().stream().filter(event::equals).count();
    }

    @Test
    void startsFailedByARefusedLoginLeaveNothingBehind() throws Exception {
        smc.refusingLogins();
        for (int restart = 0; restart < RESTARTS / 2; restart++) {
            SmcSourceTask task = bed.start(bed.props());
            PollUntil.failure(task);
            bed.stop();
        }

        assertNothingLeftBehind();
        assertTrue(smc.requests("PUT", "/7.1/logout").isEmpty(), "no session, nothing to log out");
    }

    @Test
    void startsThatThrowOnAMissingTrustStoreLeaveNothingBehindStoppedOrNot() throws Exception {
        Map<String, String> props = bed.props(
                SmcSourceConfig.SMC_URL_CONFIG, smc.baseUrl().replace("http://", "https://"),
                "smc.tls.truststore.location", directory.resolve("missing.pem").toString());
        for (int restart = 0; restart < RESTARTS; restart++) {
            assertThrows(KeyStoreLoadException.class, () -> bed.start(props));
            // Kafka 3.x and later stop a task whose start threw; older workers drop it without a stop.
            if (restart % 2 == 0) {
                bed.stop();
            }
        }

        assertNothingLeftBehind();
        assertTrue(smc.requests().isEmpty(), smc.events().toString());
    }

    @Test
    void stopWithoutStartAndStopTwiceAreHarmless() throws Exception {
        assertDoesNotThrow(() -> new SmcSourceTask().stop());

        SmcSourceTask task = bed.start(bed.props());
        PollUntil.records(task);
        bed.stop();
        assertDoesNotThrow(task::stop);

        assertNothingLeftBehind();
        assertEquals(1, smc.requests("PUT", "/7.1/logout").size(), smc.events().toString());
    }

    @Test
    void aLateStopOfTheTaskBeforeLeavesTheMetricsOfTheTaskAfter() throws Exception {
        // A worker whose task did not stop within task.shutdown.graceful.timeout.ms starts its successor, with the
        // same connector and task number, while the old stop() is still running.
        SmcSourceTask before = bed.start(bed.props());
        PollUntil.records(before);
        SmcSourceTask after = bed.start(bed.props());
        PollUntil.records(after);

        before.stop();

        assertEquals(Set.of(bed.metricsName()), metricsOfTheConnector(), "the running task's metrics are gone");
        assertEquals(1L, bed.metric("connected"));
    }

    /**
     * No thread of the stopped tasks, no other thread started since the test began but the shared idle ones, no
     * metrics, no open connection to the SMC, and a logout for every login the SMC accepted.
     */
    private void assertNothingLeftBehind() throws Exception {
        bed.assertNoThreadOfTheTaskIsAlive();
        Await.until(() -> threadsStartedSinceTheTestBegan().isEmpty(),
                () -> "threads outlived the tasks: " + threadsStartedSinceTheTestBegan());
        assertEquals(Set.of(), metricsOfTheConnector(), "MBeans outlived the tasks");
        // Every thread that could still make a call has ended: what is open now stays open.
        assertEquals(List.of(), openConnectionsTo(smc.port()), "connections the tasks left open to the SMC");
        assertEquals(smc.loginsAccepted(), smc.requests("PUT", "/7.1/logout").size(),
                "logouts: one for each session the SMC opened, or sessions stay open there until they expire");
    }

    private List<String> threadsStartedSinceTheTestBegan() {
        List<String> started = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            String name = thread.getName();
            if (thread.isAlive() && !threadsBefore.contains(thread) && !SHARED_IDLE_THREADS.contains(name)) {
                started.add(name);
            }
        }
        return started;
    }

    private Set<ObjectName> metricsOfTheConnector() throws JMException {
        return ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName(
                TaskMetricsRegistration.MBEAN_DOMAIN + ":connector=" + ObjectName.quote(CONNECTOR) + ",*"), null);
    }

    /**
     * This JVM's TCP connections to {@code port} still open on the connecting side: established, or closed by the
     * SMC but not by the task (close-wait). Read from Linux's socket tables; elsewhere the FakeSmc's threads serving
     * a connection still show it ({@link #threadsStartedSinceTheTestBegan}).
     */
    private static List<String> openConnectionsTo(int port) throws IOException {
        List<String> open = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.isReadable(path)) {
                continue;
            }
            for (String line : Files.readAllLines(path)) {
                String[] fields = line.trim().split("\\s+");
                // sl local_address rem_address st ...; addresses as hex ip:port, the state as hex.
                if (fields.length < 4 || !fields[2].contains(":")) {
                    continue;
                }
                int remotePort = Integer.parseInt(fields[2].substring(fields[2].indexOf(':') + 1), 16);
                String state = fields[3];
                if (remotePort == port && (state.equals("01") || state.equals("08"))) {
                    open.add(fields[1] + " -> " + fields[2] + (state.equals("01") ? " ESTABLISHED" : " CLOSE_WAIT"));
                }
            }
        }
        return open;
    }

    /**
     * The stopped tasks, and the status streams their threads, sockets and metrics reach, are garbage once stopped:
     * nothing JVM-wide (a shared OkHttp or Okio thread, a scheduled task, an MBean) still holds them.
     */
    private static void assertUnreachable(List<WeakReference<Object>> stopped) throws InterruptedException {
        Await.until(() -> {
            System.gc();
            return stopped.stream().allMatch(reference -> reference.get() == null);
        }, () -> stopped.stream().filter(reference -> reference.get() != null).count() + " of " + stopped.size()
                + " stopped tasks and streams are still reachable");
    }

    /** The task's status stream: what its socket, session thread and metrics hold on to. */
    private static Object streamOf(SmcSourceTask task) throws ReflectiveOperationException {
        Field stream = SmcSourceTask.class.getDeclaredField("stream");
        stream.setAccessible(true);
        return stream.get(task);
    }

    /** fw_single lists {@link #ENGINES} engines; engine n has one node, "fw_single node n". */
    private void servingAContextOfSeveralEngines() {
        StringBuilder list = new StringBuilder();
        for (int engine = 1; engine <= ENGINES; engine++) {
            String href = smc.href("elements/single_fw/" + engine);
            list.append(list.isEmpty() ? "" : ",").append("{\"href\":\"").append(href).append("\",\"name\":\"fw ")
                    .append(engine).append("\",\"type\":\"single_fw\"}");
            smc.serving("elements/single_fw/" + engine, "{\"nodes\":[{\"firewall_node\":{\"name\":\"fw_single node "
                    + engine + "\",\"link\":[{\"rel\":\"self\",\"href\":\"" + href + "/firewall_node/1\"}]}}]}");
        }
        smc.serving("elements/single_fw", "{\"result\":[" + list + "]}");
    }
}
