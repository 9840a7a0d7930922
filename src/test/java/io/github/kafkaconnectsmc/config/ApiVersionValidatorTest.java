package io.github.kafkaconnectsmc.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiVersionValidatorTest {

    private final ApiVersionValidator validator = new ApiVersionValidator();

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "7.1", "6.10", "7.2.1"})
    void acceptsEmptyForDiscoveryOrAVersionNumber(String version) {
        validator.ensureValid("smc.api.version", version);
    }

    @ParameterizedTest
    @ValueSource(strings = {"7", "v7.1", "latest", "7.x", "7.1-beta"})
    void refusesWhatIsNotAVersionNumber(String version) {
        assertThrows(ConfigException.class, () -> validator.ensureValid("smc.api.version", version));
    }
}
