package io.github.kafkaconnectsmc.integration;

import io.github.kafkaconnectsmc.simulator.SmcSimulator;
import io.github.kafkaconnectsmc.testkit.ConnectWorker;
import io.github.kafkaconnectsmc.testkit.EndToEndScenario;
import io.github.kafkaconnectsmc.testkit.ComponentArchive;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The end-to-end scenario against a Kafka broker in a container, with a Connect worker in this JVM loading the
 * component archive, unpacked into its {@code plugin.path}: the broker is a separate process, as in production.
 * Skipped where no Docker engine runs.
 */
@Tag("integration")
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerIT {

    @TempDir
    Path pluginPath;

    @Container
    private static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.0.0");

    @Test
    void streamsFromTheSimulatorIntoAKafkaContainer() throws InterruptedException, IOException {
        ComponentArchive.built().unpackInto(pluginPath);
        try (SmcSimulator simulator = SmcSimulator.start();
             ConnectWorker worker = ConnectWorker.start(KAFKA.getBootstrapServers(), pluginPath,
                     "smc-container-it")) {
            EndToEndScenario.run(worker.rest(), KAFKA.getBootstrapServers(), simulator, "smc-container",
                    "smc.status.container");
        }
    }
}
