package io.github.kafkaconnectsmc.simulator;

import io.github.kafkaconnectsmc.simulator.SimulatorClient.RecordingSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the tests that talk to the simulator over HTTP share: a simulator and a client of their own for each test,
 * both closed after it, and a socket opened with a fresh session whose frames are recorded.
 */
abstract class SimulatorClientBaseTest {

    protected SmcSimulator simulator;
    protected SimulatorClient client;

    /** The options the simulator starts with; the defaults unless a test class needs others. */
    SimulatorOptions options() {
        return SimulatorOptions.builder().build();
    }

    @BeforeEach
    void startSimulatorAndClient() {
        simulator = SmcSimulator.start(options());
        client = new SimulatorClient(simulator);
    }

    @AfterEach
    void closeClientAndSimulator() {
        client.close();
        simulator.close();
    }

    /** Logs in and opens the status socket with the new session, recording what it receives. */
    RecordingSocket openSocketWithNewSession() {
        return client.openSocket(client.session(simulator), null);
    }
}
