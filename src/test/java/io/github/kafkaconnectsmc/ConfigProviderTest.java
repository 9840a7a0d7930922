package io.github.kafkaconnectsmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkaconnectsmc.smc.tls.KeyStoreType;
import io.github.kafkaconnectsmc.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.apache.kafka.common.config.ConfigTransformer;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.common.config.provider.EnvVarConfigProvider;
import org.apache.kafka.common.config.provider.FileConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API key and store passwords kept out of the connector's configuration with Kafka's config providers, resolved
 * the way a Connect worker resolves them before {@code validate()} and before a task starts.
 */
class ConfigProviderTest {

    /** The one key the fake SMC accepts: the login succeeds only if the provider supplied it. */
    private static final String API_KEY = FakeSmc.API_KEY;
    private static final String STORE_PASSWORD = "provider-held-pw-2024";

    @TempDir
    Path directory;

    private final FakeSmc smc = new FakeSmc().sendingStatusOnSubscribe();
    private SmcSourceTask task;

    @AfterEach
    void stop() {
        if (task != null) {
            task.stop();
        }
        smc.close();
    }

    @Test
    void fileProviderSuppliesApiKeyAndTrustStorePasswordToAnHttpsTask() throws Exception {
        TestCertificates certificates = TestCertificates.generate(directory);
        smc.useHttps(certificates.serverSocketFactory()).start();
        Path secrets = Files.writeString(directory.resolve("smc-secrets.properties"),
                "api.key=" + API_KEY + "\ntruststore.password=" + STORE_PASSWORD + "\n");
        Map<String, String> props = props(certificates);
        props.put("smc.api.key", "${file:" + secrets + ":api.key}");
        props.put("smc.tls.truststore.password", "${file:" + secrets + ":truststore.password}");

        Map<String, String> resolved = resolve(props, "file", new FileConfigProvider());

        assertEquals(API_KEY, new SmcSourceConfig(resolved).apiKey().value());
        assertValid(resolved);
        task = new SmcSourceTask();
        task.start(resolved);
        PollUntil.records(task);
        RecordedRequest login = smc.requests("POST", "/7.1/login").get(0);
        assertTrue(login.getBody().utf8().contains("\"authenticationkey\":\"" + API_KEY + "\""),
                "the login did not carry the provider's key");
    }

    @Test
    void envProviderSuppliesTheApiKey() {
        Map<String, String> props = new HashMap<>();
        props.put("smc.url", "https://smc.example.net:8082");
        props.put("smc.contexts", "fw_single");
        props.put("smc.api.key", "${env:SMC_API_KEY}");

        Map<String, String> resolved = resolve(props, "env", new EnvVarConfigProvider(Map.of("SMC_API_KEY", API_KEY)));

        assertEquals(API_KEY, new SmcSourceConfig(resolved).apiKey().value());
        assertFalse(new SmcSourceConfig(resolved).values().toString().contains(API_KEY),
                "a resolved key must stay hidden in the config's values");
    }

    private Map<String, String> props(TestCertificates certificates) {
        Map<String, String> props = new HashMap<>();
        props.put("name", "provider-test");
        props.put("smc.url", smc.baseUrl());
        props.put("smc.api.version", FakeSmc.VERSION);
        props.put("smc.contexts", "fw_single");
        props.put("smc.tls.truststore.location", certificates.trustStore(KeyStoreType.PKCS12, STORE_PASSWORD)
                .toString());
        props.put("smc.tls.truststore.type", "PKCS12");
        return props;
    }

    /** What the worker's config transformer does with a connector's configuration. */
    private static Map<String, String> resolve(Map<String, String> props, String name, ConfigProvider provider) {
        provider.configure(Map.of());
        return new ConfigTransformer(Map.of(name, provider)).transform(props).data();
    }

    private static void assertValid(Map<String, String> resolved) {
        List<String> errors = new SmcSourceConnector().validate(resolved).configValues().stream()
                .filter(value -> !value.errorMessages().isEmpty())
                .map(ConfigValue::toString)
                .toList();
        assertEquals(List.of(), errors);
    }
}
