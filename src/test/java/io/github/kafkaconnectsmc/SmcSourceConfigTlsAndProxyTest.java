package io.github.kafkaconnectsmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkaconnectsmc.smc.proxy.SmcProxySettings;
import io.github.kafkaconnectsmc.smc.tls.KeyStoreFile;
import io.github.kafkaconnectsmc.smc.tls.KeyStoreType;
import io.github.kafkaconnectsmc.smc.tls.SmcTlsSettings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmcSourceConfigTlsAndProxyTest {

    private static final List<String> TLS_SETTINGS = List.of("smc.tls.truststore.location", "smc.tls.truststore.type",
            "smc.tls.truststore.password", "smc.tls.keystore.location", "smc.tls.keystore.type",
            "smc.tls.keystore.password", "smc.tls.key.password", "smc.tls.insecure");
    private static final List<String> PROXY_SETTINGS = List.of("smc.proxy.url", "smc.proxy.username",
            "smc.proxy.password");

    @TempDir
    Path directory;

    @Test
    void withoutTlsSettingsTheJvmTrustStoreVerifiesAndNoProxyIsSet() {
        SmcSourceConfig config = new SmcSourceConfig(base());

        assertEquals(SmcTlsSettings.defaults(), config.tlsSettings());
        assertFalse(config.tlsSettings().insecure());
        assertFalse(config.proxySettings().isConfigured());
    }

    @Test
    void tlsIsUsedOnlyWhenSomeSmcUrlIsHttps() {
        Map<String, String> props = base();
        props.put("smc.url", "http://smc-a.example.net:8082,http://smc-b.example.net:8082");
        assertEquals(Optional.empty(), new SmcSourceConfig(props).tlsSettingsIfUsed());

        props.put("smc.url", "http://smc-a.example.net:8082,HTTPS://smc-b.example.net:8082");
        assertEquals(Optional.of(SmcTlsSettings.defaults()), new SmcSourceConfig(props).tlsSettingsIfUsed());
    }

    @Test
    void storesAreReadWithTheirTypeAndPasswords() {
        Map<String, String> props = base();
        props.put("smc.tls.truststore.location", "/etc/kafka/smc-ca.p12");
        props.put("smc.tls.truststore.type", "pkcs12");
        props.put("smc.tls.truststore.password", "trust-pw");
        props.put("smc.tls.keystore.location", "/etc/kafka/client.pem");
        props.put("smc.tls.key.password", "key-pw");

        SmcTlsSettings tls = new SmcSourceConfig(props).tlsSettings();

        KeyStoreFile trust = tls.trustStore().orElseThrow();
        assertEquals(Path.of("/etc/kafka/smc-ca.p12"), trust.location());
        assertEquals(KeyStoreType.PKCS12, trust.type());
        assertEquals("trust-pw", trust.password().orElseThrow().value());
        KeyStoreFile key = tls.keyStore().orElseThrow();
        assertEquals(KeyStoreType.PEM, key.type(), "PEM is the default type");
        assertEquals(Optional.empty(), key.password());
        assertEquals("key-pw", tls.keyPassword().orElseThrow().value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"smc.tls.truststore.location", "smc.tls.keystore.location"})
    void locationThatIsNoPathIsRefusedAtTaskStartNamingTheSetting(String setting) {
        Map<String, String> props = base();
        props.put(setting, "/etc/kafka/smc\u0000ca.pem");

        ConfigException error = assertThrows(ConfigException.class, () -> new SmcSourceConfig(props).tlsSettings());

        assertTrue(error.getMessage().contains(setting), error.getMessage());
        assertTrue(error.getMessage().contains("is not a file path"), error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"smc.tls.truststore.location", "smc.tls.keystore.location"})
    void storeTheTaskCannotOpenIsNamedByItsSettingInTheTaskStartFailure(String setting) {
        Map<String, String> props = base();
        Path missing = directory.resolve("missing.pem");
        props.put(setting, missing.toString());
        SmcSourceTask task = new SmcSourceTask();

        ConfigException error = assertThrows(ConfigException.class, () -> task.start(props));
        task.stop();

        assertTrue(error.getMessage().startsWith(setting + ": The "), error.getMessage());
        assertTrue(error.getMessage().contains(missing + " does not exist"), error.getMessage());
    }

    @Test
    void proxyIsReadWithItsCredentials() {
        Map<String, String> props = base();
        props.put("smc.proxy.url", "http://proxy.example.net:3128/");
        props.put("smc.proxy.username", "connect");
        props.put("smc.proxy.password", "proxy-pw");

        SmcProxySettings proxy = new SmcSourceConfig(props).proxySettings();

        assertEquals("proxy http://proxy.example.net:3128 as 'connect' (password [hidden])", proxy.toString());
    }

    @Test
    void proxyUserWithoutPasswordIsRefusedAtTaskStartToo() {
        Map<String, String> props = base();
        props.put("smc.proxy.url", "http://proxy.example.net:3128");
        props.put("smc.proxy.username", "connect");

        assertThrows(ConfigException.class, () -> new SmcSourceConfig(props).proxySettings());
    }

    @Test
    void aProxyUrlWhosePasswordHoldsACommaIsRefusedWithoutQuotingThePassword() {
        for (String url : List.of("http://user:PW1,PW2@proxy.example.net:3128",
                "http://user:/PW1,PW2@proxy.example.net:3128")) {
            Map<String, String> props = base();
            props.put("smc.proxy.url", url);

            ConfigException error = assertThrows(ConfigException.class, () -> new SmcSourceConfig(props));
            List<String> validateErrors = SmcSourceConfigTest.errors(props).get("smc.proxy.url");

            assertTrue(error.getMessage().contains("must not carry a user or password"), error.getMessage());
            assertFalse(error.getMessage().contains("PW"), error.getMessage());
            assertEquals(List.of(error.getMessage()), validateErrors);
        }
    }

    @Test
    void aProxyUrlTypoIsQuoted() {
        Map<String, String> props = base();
        props.put("smc.proxy.url", "http://proxy.example.net");

        ConfigException error = assertThrows(ConfigException.class, () -> new SmcSourceConfig(props));

        assertTrue(error.getMessage().contains("Invalid value http://proxy.example.net for"), error.getMessage());
    }

    @Test
    void tlsAndProxySettingsHaveTheirOwnGroupsAndPasswordsArePasswordTyped() {
        Map<String, ConfigDef.ConfigKey> keys = SmcSourceConfig.CONFIG_DEF.configKeys();

        TLS_SETTINGS.forEach(name -> assertEquals("SMC TLS", keys.get(name).group, name));
        PROXY_SETTINGS.forEach(name -> assertEquals("SMC proxy", keys.get(name).group, name));
        for (String name : List.of("smc.tls.truststore.password", "smc.tls.keystore.password", "smc.tls.key.password",
                "smc.proxy.password", "smc.api.key")) {
            assertEquals(ConfigDef.Type.PASSWORD, keys.get(name).type, name);
        }
        assertEquals(Boolean.FALSE, keys.get("smc.tls.insecure").defaultValue);
        assertTrue(SmcSourceConfig.CONFIG_DEF.groups().containsAll(List.of("SMC TLS", "SMC proxy")));
    }

    private static Map<String, String> base() {
        Map<String, String> props = new HashMap<>();
        props.put("smc.url", "https://smc.example.net:8082");
        props.put("smc.api.key", "key");
        props.put("smc.contexts", "fw_single");
        return props;
    }
}
