package io.github.kafkaconnectsmc.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Flags and environment variables: what counts as set, what is refused, and which of the two gave each value. */
class QuickstartSettingsTest {

    @ParameterizedTest
    @ValueSource(strings = {"", " "})
    void refusesAnEmptyFlagValueAsItRefusesAMissingOne(String empty) {
        String missing = refusal(new String[] {"--smc-contexts"}, Map.of());

        assertEquals("--smc-contexts needs a value", missing);
        assertEquals(missing, refusal(new String[] {"--smc-contexts", empty}, Map.of()));
        assertEquals(missing, refusal(new String[] {"--smc-contexts=" + empty}, Map.of()));
    }

    @Test
    void countsAnEmptyEnvironmentVariableAsUnset() {
        QuickstartSettings settings = QuickstartSettings.from(new String[0],
                Map.of("SMC_CONTEXTS", "", "SMC_URL", "", "QUICKSTART_CONFIG", " "));

        assertEquals(Optional.empty(), settings.contexts());
        assertEquals(Optional.empty(), settings.setBy("SMC_CONTEXTS"));
        assertTrue(settings.usesSimulator());
        assertEquals(QuickstartSettings.DEFAULT_CONFIG, settings.connectorConfig());
    }

    @Test
    void namesTheFlagOrVariableThatGaveEachValue() {
        QuickstartSettings settings = QuickstartSettings.from(
                new String[] {"--smc-url", "https://smc.example.net:8082", "--smc-contexts=fw_single"},
                Map.of("SMC_URL", "https://other.example.net:8082", "SMC_API_KEY", "key-from-the-environment"));

        assertEquals(Optional.of("https://smc.example.net:8082"), settings.smcUrl());
        assertEquals(Optional.of("--smc-url"), settings.setBy("SMC_URL"));
        assertEquals(Optional.of("--smc-contexts"), settings.setBy("SMC_CONTEXTS"));
        assertEquals(Optional.of("SMC_API_KEY"), settings.setBy("SMC_API_KEY"));
        assertEquals(Optional.empty(), settings.setBy("SMC_ELEMENTS"));
    }

    private static String refusal(String[] args, Map<String, String> environment) {
        return assertThrows(QuickstartInputException.class, () -> QuickstartSettings.from(args, environment))
                .getMessage();
    }
}
