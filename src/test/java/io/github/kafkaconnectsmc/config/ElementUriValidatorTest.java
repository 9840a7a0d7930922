package io.github.kafkaconnectsmc.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ElementUriValidatorTest {

    private final ElementUriValidator validator = new ElementUriValidator();

    @Test
    void acceptsTheElementUrisOfTheDocumentation() {
        validator.ensureValid("smc.elements", List.of(
                "http://localhost:8082/7.2.1/elements/single_fw/1649/firewall_node/1650",
                "http://localhost:8082/7.2.1/elements/vpn/5/tunnels/MiM1OQ==/endpoints/MSMxMTQ="));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/7.1/elements/single_fw/1649",                         // relative
            "ftp://smc:8082/7.1/elements/single_fw/1649",           // not http(s)
            "https://smc:8082/7.1/api",                             // not an element
            "single_fw/1649",
            "https://smc:8082/7.1/elements/single fw/1"})           // not a URI
    void refusesWhatIsNotAnAbsoluteElementUri(String uri) {
        assertThrows(ConfigException.class, () -> validator.ensureValid("smc.elements", List.of(uri)));
    }

    @Test
    void refusesUserInformationWithoutQuotingThePassword() {
        ConfigException error = assertThrows(ConfigException.class, () -> validator.ensureValid("smc.elements",
                List.of("https://user:PW1@smc:8082/7.1/elements/single_fw/1649")));

        assertTrue(error.getMessage().contains("must not carry user information"), error.getMessage());
        assertTrue(error.getMessage().contains("https://[hidden]@smc:8082/7.1/elements/single_fw/1649"),
                error.getMessage());
        assertFalse(error.getMessage().contains("PW1"), error.getMessage());
    }

    @Test
    void quotesARefusedUriWhereItCannotHoldAPassword() {
        ConfigException error = assertThrows(ConfigException.class,
                () -> validator.ensureValid("smc.elements", List.of("https://smc:8082/7.1/api")));

        assertTrue(error.getMessage().contains("Invalid value https://smc:8082/7.1/api for"), error.getMessage());
    }
}
