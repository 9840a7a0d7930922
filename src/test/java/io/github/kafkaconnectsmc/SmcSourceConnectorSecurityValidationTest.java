package io.github.kafkaconnectsmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkaconnectsmc.smc.tls.KeyStoreType;
import io.github.kafkaconnectsmc.testing.TestCertificates;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code validate()} of the TLS and proxy settings: every error on the setting that fixes it. */
class SmcSourceConnectorSecurityValidationTest {

    private static final String STORE_PASSWORD = "store-pw-8080";

    @TempDir
    Path directory;

    private TestCertificates certificates;
    private Map<String, String> props;

    @BeforeEach
    void baseConfig() {
        certificates = TestCertificates.generate(directory);
        props = new HashMap<>();
        props.put("name", "validation-test");
        props.put("smc.url", "https://smc.example.net:8082");
        props.put("smc.api.key", "api-key-for-validation");
        props.put("smc.contexts", "fw_single");
    }

    @ParameterizedTest
    @EnumSource(KeyStoreType.class)
    void usableTrustStoreOfEveryTypeValidates(KeyStoreType type) {
        trustStore(certificates.trustStore(type, STORE_PASSWORD), type, STORE_PASSWORD);

        assertEquals(Map.of(), errors());
    }

    @Test
    void missingTrustStoreIsAnErrorOnItsLocation() {
        Path missing = directory.resolve("smc-ca.pem");
        props.put("smc.tls.truststore.location", missing.toString());

        List<String> errors = errors().get("smc.tls.truststore.location");

        assertEquals(1, errors.size(), errors().toString());
        assertTrue(errors.get(0).contains(missing + " does not exist"), errors.get(0));
        assertTrue(errors.get(0).startsWith("The trust store "), "shown under the setting, so not named again");
    }

    @ParameterizedTest
    @ValueSource(strings = {"smc.tls.truststore.location", "smc.tls.keystore.location"})
    void locationThatIsNoPathIsAnErrorOnItsSetting(String setting) {
        props.put(setting, "/etc/kafka/smc\u0000ca.pem");

        Map<String, List<String>> errors = errors();

        assertEquals(List.of(setting), List.copyOf(errors.keySet()));
        assertTrue(errors.get(setting).get(0).contains("is not a file path"), errors.toString());
    }

    @Test
    void trustStoreThatTheWrongPasswordCannotOpenIsAnErrorOnThePassword() {
        String wrong = "wrong-pw-3141";
        trustStore(certificates.trustStore(KeyStoreType.PKCS12, STORE_PASSWORD), KeyStoreType.PKCS12, wrong);

        Map<String, List<String>> errors = errors();

        assertEquals(List.of("smc.tls.truststore.password"), List.copyOf(errors.keySet()));
        assertTrue(errors.get("smc.tls.truststore.password").get(0).contains("cannot be opened with the password"));
        assertFalse(errors.toString().contains(wrong));
        assertFalse(errors.toString().contains(STORE_PASSWORD));
    }

    @Test
    void trustStoreWithoutCertificateIsAnErrorOnItsLocation() {
        trustStore(certificates.file("no-certificate.pem", "just text\n"), KeyStoreType.PEM, null);

        assertTrue(errors().get("smc.tls.truststore.location").get(0).contains("holds no PEM block"));
    }

    @Test
    void unknownStoreTypeIsReportedOnceByTheTypeSetting() {
        trustStore(certificates.trustStore(KeyStoreType.PEM, null), KeyStoreType.PEM, null);
        props.put("smc.tls.truststore.type", "DER");

        Map<String, List<String>> errors = errors();

        assertEquals(List.of("smc.tls.truststore.type"), List.copyOf(errors.keySet()));
    }

    @Test
    void keyStoreWhoseKeyTheKeyPasswordCannotOpenIsAnErrorOnTheKeyPassword() {
        trustStore(certificates.trustStore(KeyStoreType.PEM, null), KeyStoreType.PEM, null);
        props.put("smc.tls.keystore.location", certificates.encryptedPemKeyStore("key-pw-1").toString());
        props.put("smc.tls.key.password", "key-pw-2");

        Map<String, List<String>> errors = errors();

        assertEquals(List.of("smc.tls.key.password"), List.copyOf(errors.keySet()));
        assertFalse(errors.toString().contains("key-pw-"));
    }

    @Test
    void usableKeyStoreValidates() {
        trustStore(certificates.trustStore(KeyStoreType.PEM, null), KeyStoreType.PEM, null);
        props.put("smc.tls.keystore.location", certificates.keyStore(KeyStoreType.PKCS12, STORE_PASSWORD).toString());
        props.put("smc.tls.keystore.type", "PKCS12");
        props.put("smc.tls.keystore.password", STORE_PASSWORD);

        assertEquals(Map.of(), errors());
    }

    @Test
    void tlsSettingsWithAnHttpUrlAreAnErrorOnTheUrl() {
        props.put("smc.url", "http://smc.example.net:8082");
        trustStore(certificates.trustStore(KeyStoreType.PEM, null), KeyStoreType.PEM, null);

        List<String> errors = errors().get("smc.url");

        assertEquals(1, errors.size());
        assertTrue(errors.get(0).contains("use https://"), errors.get(0));
        assertTrue(errors.get(0).contains("smc.tls.truststore.location"), errors.get(0));
    }

    @Test
    void insecureModeWithAnHttpUrlIsAnErrorOnTheUrl() {
        props.put("smc.url", "http://smc.example.net:8082");
        props.put("smc.tls.insecure", "true");

        assertTrue(errors().get("smc.url").get(0).contains("smc.tls.insecure"));
    }

    @Test
    void insecureModeTogetherWithATrustStoreIsAnErrorOnInsecure() {
        trustStore(certificates.trustStore(KeyStoreType.PEM, null), KeyStoreType.PEM, null);
        props.put("smc.tls.insecure", "true");

        assertEquals(List.of("smc.tls.insecure"), List.copyOf(errors().keySet()));
    }

    @Test
    void insecureModeAloneValidates() {
        props.put("smc.tls.insecure", "true");

        assertEquals(Map.of(), errors());
    }

    @Test
    void proxyWithCredentialsValidates() {
        props.put("smc.proxy.url", "http://proxy.example.net:3128");
        props.put("smc.proxy.username", "connect");
        props.put("smc.proxy.password", "proxy-pw");

        assertEquals(Map.of(), errors());
    }

    @Test
    void proxyCredentialsWithoutProxyAreAnErrorOnTheProxyUrl() {
        props.put("smc.proxy.username", "connect");
        props.put("smc.proxy.password", "proxy-pw");

        assertEquals(List.of("smc.proxy.url"), List.copyOf(errors().keySet()));
    }

    @Test
    void proxyUserWithoutPasswordIsAnErrorOnThePassword() {
        props.put("smc.proxy.url", "http://proxy.example.net:3128");
        props.put("smc.proxy.username", "connect");

        assertEquals(List.of("smc.proxy.password"), List.copyOf(errors().keySet()));
    }

    @Test
    void proxyUrlWithCredentialsIsRefusedWithoutQuotingThem() {
        props.put("smc.proxy.url", "http://connect:proxy-pw-5555@proxy.example.net:3128");

        Map<String, List<String>> errors = errors();

        assertEquals(List.of("smc.proxy.url"), List.copyOf(errors.keySet()));
        assertTrue(errors.get("smc.proxy.url").get(0).contains("smc.proxy.password"), errors.toString());
        assertFalse(errors.toString().contains("proxy-pw-5555"), errors.toString());
    }

    @Test
    void httpsProxyUrlIsRefused() {
        props.put("smc.proxy.url", "https://proxy.example.net:3128");

        assertTrue(errors().get("smc.proxy.url").get(0).contains("must start with http://"));
    }

    @Test
    void smcUrlWithCredentialsIsRefusedWithoutQuotingThem() {
        props.put("smc.url", "https://admin:smc-pw-7777@smc.example.net:8082");

        Map<String, List<String>> errors = errors();

        assertEquals(List.of("smc.url"), List.copyOf(errors.keySet()));
        assertFalse(errors.toString().contains("smc-pw-7777"), errors.toString());
    }

    private void trustStore(Path location, KeyStoreType type, String password) {
        props.put("smc.tls.truststore.location", location.toString());
        props.put("smc.tls.truststore.type", type.name());
        if (password != null) {
            props.put("smc.tls.truststore.password", password);
        }
    }

    /** Setting name to its error messages, for settings that have any. */
    private Map<String, List<String>> errors() {
        return SmcSourceConfigTest.errors(props);
    }
}
