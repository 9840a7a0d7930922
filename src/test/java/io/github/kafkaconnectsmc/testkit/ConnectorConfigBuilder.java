package io.github.kafkaconnectsmc.testkit;

import io.github.kafkaconnectsmc.simulator.SmcSimulator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration of an SMC source connector pointed at a simulator, as the worker's REST API takes it. The
 * connector class is named, never referenced, so the configuration also serves tests that keep the connector off
 * the class path.
 */
public final class ConnectorConfigBuilder {

    public static final String CONNECTOR_CLASS = "io.github.kafkaconnectsmc.SmcSourceConnector";

    private final Map<String, String> config = new HashMap<>();

    private ConnectorConfigBuilder(SmcSimulator simulator) {
        config.put("connector.class", CONNECTOR_CLASS);
        config.put("tasks.max", "1");
        config.put("smc.url", simulator.baseUrl());
        config.put("smc.api.key", simulator.options().apiKey());
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
    }

    public static ConnectorConfigBuilder forSimulator(SmcSimulator simulator) {
        return new ConnectorConfigBuilder(simulator);
    }

    public ConnectorConfigBuilder topic(String topic) {
        config.put("topic", topic);
        return this;
    }

    public ConnectorConfigBuilder tasks(int tasks) {
        config.put("tasks.max", Integer.toString(tasks));
        return this;
    }

    public ConnectorConfigBuilder contexts(String... contexts) {
        config.put("smc.contexts", String.join(",", contexts));
        return this;
    }

    /** Element URIs, such as {@code simulator.href("elements/single_fw/1649")}. */
    public ConnectorConfigBuilder elements(List<String> elementUris) {
        config.put("smc.elements", String.join(",", elementUris));
        return this;
    }

    public ConnectorConfigBuilder with(String name, String value) {
        config.put(name, value);
        return this;
    }

    public ConnectorConfigBuilder with(Map<String, String> settings) {
        config.putAll(settings);
        return this;
    }

    public Map<String, String> build() {
        return Map.copyOf(config);
    }
}
