package io.github.kafkaconnectsmc.testkit;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/** The in-process KRaft broker and Connect worker the integration test classes share, one per class. */
public final class EmbeddedConnect {

    private EmbeddedConnect() {
    }

    /** Starts one broker and one worker named {@code name}. */
    public static EmbeddedConnectCluster start(String name) {
        return start(name, Map.of());
    }

    /** Starts one broker and one worker named {@code name}, the worker also getting {@code workerOverrides}. */
    public static EmbeddedConnectCluster start(String name, Map<String, String> workerOverrides) {
        // A mutable map: the cluster adds its own settings to it.
        Map<String, String> workerProps = new HashMap<>();
        // Plugins declare themselves in META-INF/services; skipping the reflective scan starts the worker faster.
        workerProps.put("plugin.discovery", "service_load");
        workerProps.putAll(workerOverrides);
        EmbeddedConnectCluster connect = new EmbeddedConnectCluster.Builder().name(name).numWorkers(1).numBrokers(1)
                .workerProps(workerProps).build();
        connect.start();
        return connect;
    }
}
