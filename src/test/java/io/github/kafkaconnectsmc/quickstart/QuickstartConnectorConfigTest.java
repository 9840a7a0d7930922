package io.github.kafkaconnectsmc.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkaconnectsmc.SmcSourceConnector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connector configuration is read and checked before the quickstart starts anything, and each problem is
 * reported by what the user typed: the flag or variable, or the file, that gave the value.
 */
class QuickstartConnectorConfigTest {

    private static final String API_KEY = "api-key-never-printed-7731";

    @TempDir
    Path directory;

    @Test
    void reportsAMissingConfigurationFileByTheFlagThatNamedIt() {
        Path missing = directory.resolve("missing.properties");

        String byFlag = loadRefusal(new String[] {"--config", missing.toString()}, Map.of());
        String byVariable = loadRefusal(new String[0], Map.of("QUICKSTART_CONFIG", missing.toString()));

        assertEquals("--config=" + missing + ": no such file", byFlag);
        assertEquals("QUICKSTART_CONFIG=" + missing + ": no such file", byVariable);
    }

    @Test
    void reportsAConfigurationFileThatIsNoFileByTheFlagThatNamedIt() {
        String refusal = loadRefusal(new String[] {"--config", directory.toString()}, Map.of());

        assertTrue(refusal.startsWith("--config=" + directory + ": cannot be read"), refusal);
    }

    @Test
    void reportsABadSmcUrlByTheFlagThatSetItWithoutStartingAnything() {
        QuickstartSettings settings = QuickstartSettings.from(
                new String[] {"--smc-url", "not-a-url", "--smc-api-key", API_KEY}, Map.of());

        String refusal = checkRefusal(settings, settings.smcUrl().orElseThrow(), API_KEY);

        assertTrue(refusal.contains("\n  smc.url (--smc-url): "), refusal);
        // The value itself is not quoted: without a scheme and host it could be a piece of a password.
        assertTrue(refusal.contains("must start with http:// or https://"), refusal);
        assertFalse(refusal.contains(API_KEY), refusal);
    }

    @Test
    void reportsABadSettingOfTheFileByTheFile() throws IOException {
        Path file = directory.resolve("backoff.properties");
        Files.writeString(file, """
                smc.contexts=fw_single
                smc.reconnect.backoff.initial.ms=5000
                smc.reconnect.backoff.max.ms=1000
                """);
        QuickstartSettings settings = QuickstartSettings.from(new String[] {"--config", file.toString()}, Map.of());

        String refusal = checkRefusal(settings, "http://127.0.0.1:8082", API_KEY);

        assertTrue(refusal.contains("\n  smc.reconnect.backoff.max.ms (" + file + "): "), refusal);
    }

    @Test
    void passesTheQuickstartsOwnConfiguration() {
        QuickstartSettings settings = QuickstartSettings.from(new String[0], Map.of());
        Map<String, String> config = QuickstartConnectorConfig.pointedAt(QuickstartConnectorConfig.load(settings),
                "http://127.0.0.1:40123", "simulator-api-key", settings);

        ConnectorConfigCheck.requireValid(config, new SmcSourceConnector()::validate, settings);
    }

    private static String loadRefusal(String[] args, Map<String, String> environment) {
        QuickstartSettings settings = QuickstartSettings.from(args, environment);
        return assertThrows(QuickstartInputException.class, () -> QuickstartConnectorConfig.load(settings))
                .getMessage();
    }

    private static String checkRefusal(QuickstartSettings settings, String smcUrl, String apiKey) {
        Map<String, String> config = QuickstartConnectorConfig.pointedAt(QuickstartConnectorConfig.load(settings),
                smcUrl, apiKey, settings);
        return assertThrows(QuickstartInputException.class,
                () -> ConnectorConfigCheck.requireValid(config, new SmcSourceConnector()::validate, settings))
                .getMessage();
    }
}
