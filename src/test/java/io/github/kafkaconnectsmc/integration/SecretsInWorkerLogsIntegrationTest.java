package io.github.kafkaconnectsmc.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkaconnectsmc.LogCapture;
import io.github.kafkaconnectsmc.simulator.SimulatorOptions;
import io.github.kafkaconnectsmc.simulator.SmcSimulator;
import io.github.kafkaconnectsmc.smc.tls.KeyStoreType;
import io.github.kafkaconnectsmc.testing.TestCertificates;
import io.github.kafkaconnectsmc.testkit.ConnectorConfigBuilder;
import io.github.kafkaconnectsmc.testkit.FaultRun;
import io.github.kafkaconnectsmc.testkit.FaultTestCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret reaches the worker's log: the connector runs in a real worker against an https simulator whose
 * certificate it trusts through a password-protected JKS trust store, with a distinctive API key, through logins,
 * streaming, lost sockets, expired sessions (so new cookies or tokens), logouts and a login refused for a wrong key.
 * Every line of every logger is captured (root at ALL, the connector at TRACE, the worker's runtime and config
 * classes at DEBUG) and none may hold the API keys, the trust store password, or any session cookie or token the
 * simulator handed out. The test's own REST client stays quiet: it logs the request it sends, key included, playing
 * the operator.
 */
@Tag("integration")
class SecretsInWorkerLogsIntegrationTest {

    private static final Map<String, Level> VERBOSE = Map.of("io.github.kafkaconnectsmc", Level.TRACE,
            "org.apache.kafka.connect.runtime", Level.DEBUG, "org.apache.kafka.common.config", Level.DEBUG);

    private static EmbeddedConnectCluster connect;

    @TempDir
    Path directory;

    private final String apiKey = "SMC-API-KEY-" + UUID.randomUUID();
    private final String trustStorePassword = "TRUST-STORE-PW-" + UUID.randomUUID();
    private final Map<String, Level> previousLevels = new HashMap<>();
    private final List<String> connectors = new ArrayList<>();
    private TestCertificates certificates;
    private SmcSimulator simulator;
    private LogCapture logs;

    @BeforeAll
    static void startCluster() {
        connect = FaultTestCluster.start("smc-secrets", Map.of());
    }

    @AfterAll
    static void stopCluster() {
        connect.stop();
    }

    @BeforeEach
    void captureEveryLine() {
        certificates = TestCertificates.generate(directory);
        VERBOSE.keySet().forEach(logger -> previousLevels.put(logger, LogManager.getLogger(logger).getLevel()));
        logs = LogCapture.start();
        Configurator.setLevel(VERBOSE);
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        try {
            if (simulator != null) {
                for (String connector : connectors) {
                    FaultTestCluster.deleteConnector(connect, connector, simulator);
                }
                simulator.close();
            }
        } finally {
            Configurator.setLevel(previousLevels);
            logs.close();
        }
    }

    @Test
    void tokenSessionsOverHttpsLeaveNoKeyPasswordOrTokenInTheLog() throws InterruptedException {
        simulator = SmcSimulator.start(SimulatorOptions.builder().apiKey(apiKey).tokenSessions(true)
                .https(certificates.serverSocketFactory()).build());

        streamThroughExpiredSessions("smc-secrets-token");

        assertTrue(logged("token session"), "the logins were logged (the capture works)");
        assertNoSecretLogged();
    }

    @Test
    void cookieSessionsOverHttpsAndAWrongKeyLeaveNoKeyPasswordOrCookieInTheLog() throws InterruptedException {
        simulator = SmcSimulator.start(SimulatorOptions.builder().apiKey(apiKey)
                .https(certificates.serverSocketFactory()).build());
        String wrongKey = "WRONG-SMC-API-KEY-" + UUID.randomUUID();

        streamThroughExpiredSessions("smc-secrets-cookie");
        String refused = "smc-secrets-wrong-key";
        connectors.add(refused);
        Map<String, String> config = new HashMap<>(ConnectorConfigBuilder.forSimulator(simulator)
                .topic("smc.status." + refused).contexts("fw_single").with("smc.api.key", wrongKey).build());
        config.putAll(trustStoreSettings());
        connect.configureConnector(refused, config);
        TestUtils.waitForCondition(() -> taskStates(refused).equals(List.of("FAILED")), FaultRun.DEADLINE.toMillis(),
                "the task with the wrong key failed");

        assertTrue(logged("cookie session"), "the logins were logged (the capture works)");
        assertTrue(logged("refused the login"), "the refusal was logged");
        String trace = connect.connectorStatus(refused).tasks().get(0).trace();
        assertTrue(trace.contains("smc.api.key"), trace);
        assertFalse(trace.contains(wrongKey), "the task's trace holds the wrong key");
        assertFalse(logged(wrongKey), "a log line holds the wrong key");
        assertNoSecretLogged();
    }

    /**
     * Streams over two tasks (two sessions), then expires every session and cuts the sockets, so that each task is
     * refused with its old session, logs in again and gets a new cookie or token; checks nothing was lost.
     */
    private void streamThroughExpiredSessions(String connector) throws InterruptedException {
        connectors.add(connector);
        try (FaultRun run = FaultRun.start(connect, simulator, connector, "smc.status." + connector,
                trustStoreSettings())) {
            run.inject("sessions expired over https", () -> {
                simulator.control().expireSessions();
                simulator.control().dropSockets();
            });
            run.awaitReconnected();
            run.awaitMoreRecords(20);
            run.finish(FaultRun.Loss.NONE);
        }
        assertEquals(2 * FaultRun.TASKS, simulator.traffic().logins(), "each task logged in twice");
        connect.deleteConnector(connector);
        TestUtils.waitForCondition(() -> simulator.traffic().logouts() == FaultRun.TASKS,
                FaultRun.DEADLINE.toMillis(), "each task logged out with its session");
    }

    private Map<String, String> trustStoreSettings() {
        return Map.of("smc.tls.truststore.location",
                certificates.trustStore(KeyStoreType.JKS, trustStorePassword).toString(),
                "smc.tls.truststore.type", "JKS",
                "smc.tls.truststore.password", trustStorePassword);
    }

    private void assertNoSecretLogged() {
        List<String> secrets = new ArrayList<>(List.of(apiKey, trustStorePassword));
        secrets.addAll(simulator.traffic().issuedSessionSecrets());
        assertTrue(simulator.traffic().issuedSessionSecrets().size() >= 2 * FaultRun.TASKS,
                "sessions were issued and renewed");
        List<String> lines = logs.lines();
        for (String secret : secrets) {
            List<String> leaking = lines.stream().filter(line -> line.contains(secret)).toList();
            assertEquals(List.of(), leaking, "log lines holding a secret");
        }
    }

    private boolean logged(String text) {
        return logs.lines().stream().anyMatch(line -> line.contains(text));
    }

    private List<String> taskStates(String connector) {
        ConnectorStateInfo status = connect.connectorStatus(connector);
        return status.tasks().stream().map(ConnectorStateInfo.TaskState::state).toList();
    }
}
