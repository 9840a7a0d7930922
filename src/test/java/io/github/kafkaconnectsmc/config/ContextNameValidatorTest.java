package io.github.kafkaconnectsmc.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ContextNameValidatorTest {

    private final ContextNameValidator validator = new ContextNameValidator();

    @Test
    void acceptsElementFamilyNamesAndAnEmptyList() {
        validator.ensureValid("smc.contexts", List.of("fw_single", "virtual_fw", "fw_cluster"));
        validator.ensureValid("smc.contexts", List.of());
    }

    @Test
    void refusesANameThatWouldNotBeASingleJsonString() {
        ConfigException error = assertThrows(ConfigException.class,
                () -> validator.ensureValid("smc.contexts", List.of("fw_single", "fw single\"}")));
        assertTrue(error.getMessage().contains("fw single"), error.getMessage());
    }

    @Test
    void refusesAnEmptyItemLeftByADoubleComma() {
        assertThrows(ConfigException.class, () -> validator.ensureValid("smc.contexts", List.of("fw_single", "")));
    }
}
