package io.github.kafkaconnectsmc.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kafkaconnectsmc.testkit.ConnectRest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * A standalone Connect worker in its own JVM ({@code ConnectStandalone}), loading the packaged connector from
 * {@code plugin.path} only, driven through its REST API. Standalone, so that no group membership or internal topics
 * add CPU time of their own to what is measured.
 */
final class ConnectWorkerJvm implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(120);

    private final BenchJvm jvm;
    private final ConnectRest rest;

    private ConnectWorkerJvm(BenchJvm jvm, ConnectRest rest) {
        this.jvm = jvm;
        this.rest = rest;
    }

    static ConnectWorkerJvm start(BenchSetup setup, String bootstrapServers, List<String> jvmOptions) throws Exception {
        int port = BenchSetup.freePort();
        Properties worker = new Properties();
        worker.put("bootstrap.servers", bootstrapServers);
        worker.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        worker.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("value.converter.schemas.enable", "false");
        worker.put("offset.storage.file.filename", setup.runDirectory().resolve("connect.offsets").toString());
        worker.put("plugin.path", setup.pluginPath().toString());
        worker.put("plugin.discovery", "service_load");
        worker.put("listeners", "http://127.0.0.1:" + port);
        Path config = setup.runDirectory().resolve("worker.properties");
        try (var out = Files.newBufferedWriter(config)) {
            worker.store(out, "standalone Connect worker of a benchmark run");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BenchJvm jvm = BenchJvm.start("worker", setup, setup.kafkaClassPath(), jvmOptions,
                "org.apache.kafka.connect.cli.ConnectStandalone", List.of(config.toString()));
        ConnectRest rest = new ConnectRest(URI.create("http://127.0.0.1:" + port + "/"));
        jvm.awaitWhileRunning(rest::healthy, STARTUP, Duration.ofMillis(250), "the Connect worker to start");
        return new ConnectWorkerJvm(jvm, rest);
    }

    ConnectRest rest() {
        return rest;
    }

    BenchJvm jvm() {
        return jvm;
    }

    /** Waits until the connector and each of its tasks are in {@code state} (RUNNING, PAUSED, STOPPED). */
    void awaitState(String connector, String state, Duration timeout) throws Exception {
        Waits.until(() -> {
            JsonNode status = rest.connectorStatus(connector);
            for (JsonNode task : status.path("tasks")) {
                if (task.path("state").asText().equals("FAILED")) {
                    throw new IllegalStateException("Task of " + connector + " failed: " + task.path("trace").asText());
                }
                if (!task.path("state").asText().equals(state)) {
                    return false;
                }
            }
            return status.path("connector").path("state").asText().equals(state)
                    && (state.equals("STOPPED") || status.path("tasks").size() > 0);
        }, timeout, Duration.ofMillis(100), () -> connector + " to be " + state);
    }

    @Override
    public void close() {
        jvm.close();
    }
}
