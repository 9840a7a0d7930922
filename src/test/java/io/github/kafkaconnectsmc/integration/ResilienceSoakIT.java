package io.github.kafkaconnectsmc.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkaconnectsmc.simulator.SimulatorControl;
import io.github.kafkaconnectsmc.simulator.SimulatorOptions;
import io.github.kafkaconnectsmc.simulator.SmcSimulator;
import io.github.kafkaconnectsmc.testkit.ComponentArchive;
import io.github.kafkaconnectsmc.testkit.FaultRun;
import io.github.kafkaconnectsmc.testkit.FaultTestCluster;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Soak: the connector, loaded from the packaged plugin as in production, streams a change every
 * {@link FaultRun#CHANGE_INTERVAL} for {@link #DURATION} (two minutes by default; {@code -Dsoak.duration=PT10M} for a
 * longer run) while a fault hits it every few seconds, in turn: sockets cut, sessions expired with the sockets cut,
 * a WebSocket close from a server going away, and handshakes refused for a second (on this machine, a fault every
 * half second or so: over two hundred in two minutes). Then every notification the tasks received must be in the
 * topic, the connector's threads must be as many as after the first faults (give or take the idle HTTP threads a
 * task keeps for a minute: a leak of one per fault would be hundreds), and so must OkHttp's, and the heap after a
 * full GC must be within {@link #HEAP_TOLERANCE_BYTES} of what it was.
 *
 * <p>Runs under failsafe in {@code mvn verify} (about 2.5 minutes: the duration plus the cluster), bounded by
 * {@link Timeout}. The simulator and the topic reader keep counts, not every frame and record, so that the test's own
 * memory stays flat.
 */
@Tag("integration")
@Tag("soak")
class ResilienceSoakIT {

    private static final Logger log = LoggerFactory.getLogger(ResilienceSoakIT.class);

    static final Duration DURATION = Duration.parse(System.getProperty("soak.duration", "PT2M"));
    private static final String CONNECTOR = "smc-soak";
    /** Faults before the baseline is taken: every kind once, so that pools and caches have reached their size. */
    private static final int WARM_UP_FAULTS = 4;
    /** Heap after GC may move this much between the two measurements without counting as growth. */
    private static final long HEAP_TOLERANCE_BYTES = 24L * 1024 * 1024;
    /** Idle HTTP threads end a minute after their last use: this many more than before are tolerated. */
    private static final int IDLE_HTTP_THREADS_ALLOWED = 2 * FaultRun.TASKS;

    private static EmbeddedConnectCluster connect;

    /** Failsafe runs without the connector's classes: the worker loads it from the built component archive. */
    @TempDir
    static Path pluginPath;

    @BeforeAll
    static void startCluster() throws IOException {
        ComponentArchive.built().unpackInto(pluginPath);
        connect = FaultTestCluster.start("smc-soak", Map.of("plugin.path", pluginPath.toAbsolutePath().toString()));
    }

    @AfterAll
    static void stopCluster() {
        connect.stop();
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void repeatedFaultsUnderSteadyTrafficLeaveThreadsAndHeapWhereTheyWere() throws InterruptedException {
        try (SmcSimulator simulator = SmcSimulator.start(SimulatorOptions.builder().recordsFrames(false).build());
             FaultRun run = FaultRun.start(connect, simulator, CONNECTOR, "smc.status.soak", Map.of())) {
            List<Runnable> faults = List.of(
                    () -> simulator.control().dropSockets(),
                    () -> {
                        simulator.control().expireSessions();
                        simulator.control().dropSockets();
                    },
                    () -> simulator.control().closeSockets(SimulatorControl.GOING_AWAY, "restarting"),
                    () -> {
                        simulator.control().refuseHandshakesFor(Duration.ofSeconds(1));
                        simulator.control().dropSockets();
                    });
            int injected = 0;
            while (injected < WARM_UP_FAULTS) {
                injectAndRecover(run, faults.get(injected++ % faults.size()));
            }
            int threadsBefore = connectorThreads();
            int okHttpThreadsBefore = okHttpThreads();
            long heapBefore = heapAfterGc();

            long deadline = System.nanoTime() + DURATION.toNanos();
            while (System.nanoTime() - deadline < 0) {
                injectAndRecover(run, faults.get(injected++ % faults.size()));
            }
            run.settle();

            assertEquals(0, run.lostAtStop(), "every notification received is in the topic");
            assertTrue(run.total("reconnects") >= injected, "each fault cost a reconnect");
            // A task's idle HTTP threads live on for a minute, so a few more than at the start are no leak; one or
            // more per fault would be.
            TestUtils.waitForCondition(() -> connectorThreads() <= threadsBefore + IDLE_HTTP_THREADS_ALLOWED
                            && okHttpThreads() <= okHttpThreadsBefore + IDLE_HTTP_THREADS_ALLOWED,
                    FaultRun.DEADLINE.toMillis(), () -> "connector threads within " + IDLE_HTTP_THREADS_ALLOWED
                            + " of " + threadsBefore + " (now " + connectorThreads() + ": " + threadNames()
                            + ") and OkHttp threads of " + okHttpThreadsBefore + " (now " + okHttpThreads() + ")");
            long heapAfter = heapAfterGc();
            log.info("Soak: {} faults in {}; {} records; connector threads {} -> {}, OkHttp threads {} -> {}, heap "
                            + "after GC {} MiB -> {} MiB; threads now {}", injected, DURATION,
                    run.total("records-written"), threadsBefore, connectorThreads(), okHttpThreadsBefore,
                    okHttpThreads(), heapBefore >> 20, heapAfter >> 20, threadNames());
            assertTrue(heapAfter <= heapBefore + HEAP_TOLERANCE_BYTES, "heap after GC grew from "
                    + (heapBefore >> 20) + " MiB to " + (heapAfter >> 20) + " MiB");
        }
    }

    private static void injectAndRecover(FaultRun run, Runnable fault) throws InterruptedException {
        run.inject("soak fault", fault);
        run.awaitReconnected();
        run.awaitMoreRecords(FaultRun.TASKS * 10);
    }

    /** Threads the connector's tasks made: session, HTTP dispatcher and socket reader threads. */
    private static int connectorThreads() {
        return threadsNamed("smc-" + CONNECTOR + "-");
    }

    /** OkHttp's shared task runner threads (of the plugin's OkHttp and of the simulator's). */
    private static int okHttpThreads() {
        return threadsNamed("OkHttp ");
    }

    private static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("smc-") || name.startsWith("OkHttp")).sorted().toList();
    }

    private static int threadsNamed(String prefix) {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().startsWith(prefix)).count();
    }

    /** Heap in use after full collections, the least of three so that a collection that ran short does not count. */
    private static long heapAfterGc() {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return least;
    }
}
