package io.github.kafkaconnectsmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kafkaconnectsmc.smc.tls.KeyStoreType;
import io.github.kafkaconnectsmc.testing.TestCertificates;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file in connector-config-examples/ passes the connector's own validate(), so no example goes stale. */
class ConnectorConfigExamplesTest {

    private static final Path EXAMPLES = Path.of("connector-config-examples");

    static Stream<Path> examples() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(EXAMPLES)) {
            files = listing.filter(p -> p.toString().endsWith(".properties") || p.toString().endsWith(".json"))
                    .sorted().toList();
        }
        assertFalse(files.isEmpty(), "no examples found in " + EXAMPLES.toAbsolutePath());
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void exampleIsAValidConnectorConfiguration(Path example, @TempDir Path workerFiles) throws IOException {
        Map<String, String> config = load(example);
        // A trust store path names a file on the worker; validate() opens it, so give it a real one here.
        config.computeIfPresent(TlsAndProxyConfigDef.SMC_TLS_TRUSTSTORE_LOCATION_CONFIG, (name, path) ->
                TestCertificates.generate(workerFiles).trustStore(KeyStoreType.PEM, null).toString());
        assertEquals(SmcSourceConnector.class.getName(), config.get("connector.class"), example + ": connector.class");

        List<String> errors = new SmcSourceConnector().validate(config).configValues().stream()
                .filter(value -> !value.errorMessages().isEmpty())
                .map(ConfigValue::toString)
                .toList();

        assertEquals(List.of(), errors, example + " does not validate");
    }

    static Map<String, String> load(Path example) throws IOException {
        Map<String, String> config = new HashMap<>();
        if (example.toString().endsWith(".json")) {
            JsonNode root = new ObjectMapper().readTree(example.toFile());
            root.path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        } else {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(example)) {
                properties.load(reader);
            }
            properties.stringPropertyNames().forEach(name -> config.put(name, properties.getProperty(name)));
        }
        return config;
    }
}
