package io.github.kafkaconnectsmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkaconnectsmc.record.ElementKeyFormat;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The settings of current-state topics, change awareness, staleness, several management servers and key formats. */
class SmcSourceConfigCurrentStateTest {

    private static final String ELEMENT = "https://smc-a.example.net:8082/7.1/elements/single_fw/1649";

    private static Map<String, String> with(String... settings) {
        Map<String, String> props = SmcSourceConfigTest.minimal();
        for (int i = 0; i < settings.length; i += 2) {
            props.put(settings[i], settings[i + 1]);
        }
        return props;
    }

    private static Map<String, List<String>> errors(Map<String, String> props) {
        return SmcSourceConfigTest.errors(props);
    }

    @Test
    void everyFeatureIsOffOrAsBeforeByDefaultExceptTombstones() {
        SmcSourceConfig config = new SmcSourceConfig(with());

        assertTrue(config.tombstonesEnabled());
        assertFalse(config.dropUnchanged());
        assertEquals(Duration.ZERO, config.resnapshotInterval());
        assertEquals(Duration.ZERO, config.staleAfter());
        assertFalse(config.staleHeartbeatEnabled());
        assertEquals(Optional.empty(), config.staleHeartbeatTopic());
        assertEquals(ElementKeyFormat.Kind.HREF, config.keyFormat().kind());
        assertEquals(List.of(URI.create("https://smc.example.net:8082")), config.smcUrls());
    }

    @Test
    void typedGettersReturnWhatWasSet() {
        SmcSourceConfig config = new SmcSourceConfig(with(
                "smc.tombstones.enabled", "false", "smc.drop.unchanged", "true",
                "smc.resnapshot.interval.ms", "600000", "smc.stale.after.ms", "900000",
                "smc.stale.heartbeat.enabled", "true", "smc.stale.heartbeat.topic", "smc.heartbeats",
                "smc.key.format", "Canonical", "smc.key.canonical.base.url", "https://smc.example.net:8082/7.1"));

        assertFalse(config.tombstonesEnabled());
        assertTrue(config.dropUnchanged());
        assertEquals(Duration.ofMinutes(10), config.resnapshotInterval());
        assertEquals(Duration.ofMinutes(15), config.staleAfter());
        assertTrue(config.staleHeartbeatEnabled());
        assertEquals(Optional.of("smc.heartbeats"), config.staleHeartbeatTopic());
        assertEquals("https://smc.example.net:8082/7.1/elements/single_fw/1649",
                config.keyFormat().apply("https://smc-b:8082/7.2/elements/single_fw/1649"));
        assertEquals(ElementKeyFormat.Kind.PATH, new SmcSourceConfig(with("smc.key.format", "path")).keyFormat().kind());
    }

    @Test
    void smcUrlTakesSeveralManagementServersAndTheFirstNamesThePartitions() {
        SmcSourceConfig config = new SmcSourceConfig(with(
                "smc.url", "https://smc-a.example.net:8082/, https://smc-b.example.net:8443", "smc.elements", ELEMENT));

        assertEquals(List.of(URI.create("https://smc-a.example.net:8082"), URI.create("https://smc-b.example.net:8443")),
                config.smcUrls());
        assertEquals(URI.create("https://smc-a.example.net:8082"), config.smcUrl());
        assertEquals(Map.of(), errors(with("smc.url", "https://smc-a.example.net:8082,https://smc-b.example.net:8082")));
    }

    @Test
    void eachListedServerIsCheckedAndNoneMayBeListedTwice() {
        ConfigException badSecond = assertThrows(ConfigException.class, () -> new SmcSourceConfig(with(
                "smc.url", "https://smc-a.example.net:8082,https://user:secret@smc-b.example.net")));
        ConfigException twice = assertThrows(ConfigException.class, () -> new SmcSourceConfig(with(
                "smc.url", "https://smc-a.example.net:8082,HTTPS://smc-a.example.net:8082/")));
        ConfigException empty = assertThrows(ConfigException.class, () -> new SmcSourceConfig(with("smc.url", "")));

        assertTrue(badSecond.getMessage().contains("smc-b.example.net"), badSecond.getMessage());
        assertFalse(badSecond.getMessage().contains("secret"), badSecond.getMessage());
        assertTrue(twice.getMessage().contains("listed twice"), twice.getMessage());
        assertTrue(empty.getMessage().contains("must be set"), empty.getMessage());
    }

    @Test
    void aPlainHttpServerAnywhereInTheListConflictsWithTlsSettings() {
        Map<String, List<String>> errors = errors(with(
                "smc.url", "https://smc-a.example.net:8082,http://smc-b.example.net:8082", "smc.tls.insecure", "true"));

        assertTrue(errors.get("smc.url").get(0).contains("http://"), errors.toString());
    }

    @Test
    void aCanonicalKeyFormatNeedsItsBaseAndABaseNeedsTheCanonicalFormat() {
        assertTrue(errors(with("smc.key.format", "canonical")).get("smc.key.canonical.base.url").get(0)
                .contains("smc.key.format=canonical needs smc.key.canonical.base.url"));
        assertTrue(errors(with("smc.key.canonical.base.url", "https://smc.example.net:8082/7.1"))
                .get("smc.key.canonical.base.url").get(0).contains("used only with smc.key.format=canonical"));
        assertTrue(errors(with("smc.key.format", "canonical", "smc.key.canonical.base.url", "ftp://smc/7.1"))
                .containsKey("smc.key.canonical.base.url"));
        assertTrue(errors(with("smc.key.format", "guid")).containsKey("smc.key.format"));
        assertThrows(ConfigException.class, () -> new SmcSourceConfig(with("smc.key.format", "canonical")).keyFormat());
    }

    @Test
    void heartbeatsNeedAStalenessTime() {
        assertTrue(errors(with("smc.stale.heartbeat.enabled", "true")).get("smc.stale.heartbeat.enabled").get(0)
                .contains("needs smc.stale.after.ms"));
        assertFalse(new SmcSourceConfig(with("smc.stale.heartbeat.enabled", "true")).staleHeartbeatEnabled());
    }

    @Test
    void intervalsAreOffAtZeroAndOtherwiseNotSoShortThatTheyOnlyAddLoad() {
        assertTrue(errors(with("smc.resnapshot.interval.ms", "999")).containsKey("smc.resnapshot.interval.ms"));
        assertTrue(errors(with("smc.stale.after.ms", "99")).containsKey("smc.stale.after.ms"));
        assertTrue(errors(with("smc.stale.after.ms", "-1")).containsKey("smc.stale.after.ms"));
        assertEquals(Map.of(), errors(with("smc.resnapshot.interval.ms", "1000", "smc.stale.after.ms", "100")));
        assertEquals(Map.of(), errors(with("smc.resnapshot.interval.ms", "0", "smc.stale.after.ms", "0")));
    }
}
