package io.github.kafkaconnectsmc.testkit;

import io.github.kafkaconnectsmc.simulator.SmcSimulator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a fault test class runs on, registered as a static {@code @RegisterExtension} field: one
 * {@link FaultTestCluster} for the class, and for each test a simulator of its own and a connector name of its own
 * ({@code <cluster name>-<n>}, the topic {@code smc.status.<connector>}). After each test the run is closed, the
 * connector deleted (its tasks logged out) and only then the simulator closed, even when the test failed.
 */
public final class FaultTestBed implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    private final String name;
    private final Map<String, String> workerOverrides;
    private final AtomicInteger testNumber = new AtomicInteger();

    private EmbeddedConnectCluster connect;
    /** The current test's; null outside a test. */
    private SmcSimulator simulator;
    private String connector;
    /** The current test's, once {@link #startRun} was called; null before. */
    private FaultRun run;

    private FaultTestBed(String name, Map<String, String> workerOverrides) {
        this.name = name;
        this.workerOverrides = workerOverrides;
    }

    /** A cluster named {@code name} with a worker of default settings. */
    public static FaultTestBed onCluster(String name) {
        return new FaultTestBed(name, Map.of());
    }

    /** A cluster named {@code name} whose worker also gets {@code workerOverrides}. */
    public static FaultTestBed onCluster(String name, Map<String, String> workerOverrides) {
        return new FaultTestBed(name, workerOverrides);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        connect = FaultTestCluster.start(name, workerOverrides);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        connect.stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        simulator = SmcSimulator.start();
        connector = name + "-" + testNumber.incrementAndGet();
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        try {
            if (run != null) {
                run.close();
            }
            FaultTestCluster.deleteConnector(connect, connector, simulator);
        } finally {
            simulator.close();
            simulator = null;
            run = null;
        }
    }

    /** Starts the current test's {@link FaultRun}: its connector on its simulator, {@code overrides} applied. */
    public FaultRun startRun(Map<String, String> overrides) throws InterruptedException {
        run = FaultRun.start(connect, simulator, connector, "smc.status." + connector, overrides);
        return run;
    }

    public EmbeddedConnectCluster connect() {
        return connect;
    }

    public SmcSimulator simulator() {
        return simulator;
    }

    public String connector() {
        return connector;
    }

    /** The run {@link #startRun} started in the current test. */
    public FaultRun run() {
        return run;
    }
}
