package io.github.kafkaconnectsmc.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kafkaconnectsmc.simulator.SmcSimulator;
import io.github.kafkaconnectsmc.testkit.ComponentArchive;
import io.github.kafkaconnectsmc.testkit.ConnectRest;
import io.github.kafkaconnectsmc.testkit.ConnectorConfigBuilder;
import io.github.kafkaconnectsmc.testkit.EndToEndScenario;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.connect.runtime.isolation.PluginClassLoader;
import org.apache.kafka.connect.runtime.isolation.Plugins;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The component archive {@code mvn package} builds, installed as an operator installs it: unpacked into a folder on
 * the worker's {@code plugin.path}, from which the worker loads the connector in its own class loader, with nothing
 * of the connector on the class path. Runs under failsafe after {@code package}, whose class path leaves out the
 * connector's classes and the dependencies only the connector uses, so any jar the archive lacks makes the connector
 * fail here.
 */
@Tag("integration")
class PluginPathIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path pluginPath;
    private static ComponentArchive archive;
    private static Path component;
    /** Classes the connector needs that neither Kafka nor the JDK provides. */
    private static final List<String> SHIPPED_DEPENDENCIES = List.of("okhttp3.OkHttpClient", "okio.Buffer",
            "kotlin.Unit", "com.fasterxml.jackson.databind.ObjectMapper", "org.apache.avro.Schema");

    private static EmbeddedConnectCluster connect;

    @BeforeAll
    static void installAndStartCluster() throws IOException {
        archive = ComponentArchive.built();
        component = archive.unpackInto(pluginPath);
        connect = new EmbeddedConnectCluster.Builder().name("smc-plugin-path").numWorkers(1).numBrokers(1)
                .workerProps(new HashMap<>(workerPluginProps())).build();
        connect.start();
    }

    @AfterAll
    static void stopCluster() {
        connect.stop();
    }

    private static Map<String, String> workerPluginProps() {
        return Map.of("plugin.path", pluginPath.toAbsolutePath().toString(),
                "plugin.discovery", "service_load");
    }

    @Test
    void theTestClassPathCannotLoadTheConnectorOrItsOwnDependencies() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName(ConnectorConfigBuilder.CONNECTOR_CLASS));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.avro.Schema"));
    }

    @Test
    void theArchiveHoldsTheConnectorAndNoKafkaOrSlf4jJarInLib() throws IOException {
        List<String> jars;
        try (Stream<Path> files = Files.list(component.resolve("lib"))) {
            jars = files.map(file -> file.getFileName().toString()).sorted().toList();
        }
        assertTrue(jars.stream().anyMatch(jar -> jar.startsWith("kafka-connect-smc-")), jars.toString());
        assertFalse(jars.stream().anyMatch(jar -> jar.startsWith("kafka-clients") || jar.startsWith("connect-")
                || jar.startsWith("slf4j")), jars.toString());
    }

    @Test
    void theArchiveIsNamedAfterOwnerNameAndVersionAndUnpacksIntoOneDirectoryOfThatName() {
        String id = "kafka-connect-smc-kafka-connect-smc-" + System.getProperty("project.version");

        assertEquals(id + ".zip", archive.path().getFileName().toString());
        assertEquals(id, component.getFileName().toString());
    }

    @Test
    void theArchivesManifestSaysWhatTheTopLevelManifestSays() throws IOException {
        JsonNode source = JSON.readTree(Path.of("manifest.json").toFile());
        JsonNode packaged = JSON.readTree(component.resolve("manifest.json").toFile());

        assertEquals("${project.version}", source.path("version").asText(), "the build fills in the version");
        assertEquals(System.getProperty("project.version"), packaged.path("version").asText());
        source.fieldNames().forEachRemaining(field -> {
            if (!field.equals("version")) {
                assertEquals(comparable(source.get(field)), comparable(packaged.get(field)), field);
            }
        });
    }

    /** The plugin writes some lists from sets, in no fixed order; a list of texts compares as a set. */
    private static Object comparable(JsonNode node) {
        if (node != null && node.isArray() && node.size() > 0 && node.get(0).isTextual()) {
            Set<String> items = new HashSet<>();
            node.forEach(item -> items.add(item.asText()));
            return items;
        }
        if (node != null && node.isObject()) {
            Map<String, Object> fields = new HashMap<>();
            node.fields().forEachRemaining(field -> fields.put(field.getKey(), comparable(field.getValue())));
            return fields;
        }
        return node;
    }

    @Test
    void theConnectorAndItsDependenciesLoadInThePluginsOwnClassLoader() throws ClassNotFoundException {
        Plugins plugins = new Plugins(workerPluginProps());

        ClassLoader loader = plugins.connectorClass(ConnectorConfigBuilder.CONNECTOR_CLASS).getClassLoader();

        assertInstanceOf(PluginClassLoader.class, loader);
        for (String dependency : SHIPPED_DEPENDENCIES) {
            assertSame(loader, loader.loadClass(dependency).getClassLoader(), dependency + " ships in the plugin");
        }
    }

    @Test
    void theWorkerListsTheConnectorWithItsVersion() {
        JsonNode plugins = rest().connectorPlugins();

        JsonNode ours = null;
        for (JsonNode plugin : plugins) {
            if (plugin.path("class").asText().equals(ConnectorConfigBuilder.CONNECTOR_CLASS)) {
                ours = plugin;
            }
        }
        assertTrue(ours != null, plugins.toString());
        assertEquals("source", ours.path("type").asText());
        assertEquals(System.getProperty("project.version"), ours.path("version").asText());
    }

    @Test
    void theWorkerIsTheKafkaVersionTheBuildAskedFor() {
        assertEquals(System.getProperty("kafka.test.version"), rest().workerVersion());
    }

    /**
     * Kafka 4.1 gave tasks plugin metrics; an older worker's task context has no such method, and the task publishes
     * the same metrics as an MBean of its own instead. Which one applies depends on the worker this build runs.
     */
    @Test
    void theTaskPublishesItsMetricsAsPluginMetricsOrOnOlderWorkersAsItsOwnMBean() throws Exception {
        String connector = "smc-metrics";
        boolean pluginMetrics = hasPluginMetrics(rest().workerVersion());
        ObjectName pattern = new ObjectName(pluginMetrics
                ? "kafka.connect:type=plugins,connector=" + connector + ",*"
                : "kafka.connect.smc:type=task-metrics,connector=\"" + connector + "\",*");
        ObjectName connectMBeans = new ObjectName("kafka.connect*:*");
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try (SmcSimulator simulator = SmcSimulator.start()) {
            rest().putConnectorConfig(connector, ConnectorConfigBuilder.forSimulator(simulator)
                    .topic("smc.status.metrics").contexts("fw_single").build());

            TestUtils.waitForCondition(() -> server.queryNames(pattern, null).stream().anyMatch(
                            name -> notificationsReceived(server, name) > 0),
                    60_000, () -> "no " + pattern + " counting notifications; the task's MBeans: "
                            + server.queryNames(connectMBeans, null).stream()
                            .filter(name -> name.toString().contains(connector)).toList());
            rest().deleteConnector(connector);
        }
    }

    private static boolean hasPluginMetrics(String workerVersion) {
        String[] majorMinor = workerVersion.split("\\.");
        int major = Integer.parseInt(majorMinor[0]);
        return major > 4 || major == 4 && Integer.parseInt(majorMinor[1]) >= 1;
    }

    private static long notificationsReceived(MBeanServer server, ObjectName name) {
        try {
            return ((Number) server.getAttribute(name, "notifications-received")).longValue();
        } catch (JMException e) {
            return -1;
        }
    }

    @Test
    void streamsFromTheSimulatorIntoKafka() throws InterruptedException {
        try (SmcSimulator simulator = SmcSimulator.start()) {
            EndToEndScenario.run(rest(), connect.kafka().bootstrapServers(), simulator, "smc-plugin-path",
                    "smc.status.plugin-path");
        }
    }

    private static ConnectRest rest() {
        return new ConnectRest(URI.create(connect.endpointForResource("")));
    }
}
