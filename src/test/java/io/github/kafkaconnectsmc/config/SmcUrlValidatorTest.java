package io.github.kafkaconnectsmc.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmcUrlValidatorTest {

    private final SmcUrlValidator validator = new SmcUrlValidator();

    @ParameterizedTest
    @ValueSource(strings = {"http://smc.example.net:8082", "https://smc.example.net:8082", "HTTPS://10.0.0.1:443/",
            " https://smc.example.net:8082 "})
    void acceptsSchemeHostAndPort(String url) {
        validator.ensureValid("smc.url", url);
    }

    @Test
    void parseNormalisesSchemeAndDropsTrailingSlash() {
        assertEquals(URI.create("https://smc.example.net:8082"),
                SmcUrlValidator.parse("smc.url", " HTTPS://smc.example.net:8082/ "));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "smc.example.net:8082",                                        // no scheme
            "ftp://smc.example.net:8082",                                  // not http(s)
            "https://smc.example.net",                                     // no port
            "https://smc.example.net:8082/7.1",                            // a path
            "https://smc.example.net:8082/7.1/elements/single_fw/1649",    // a pasted element URI
            "https://user:secret@smc.example.net:8082",                    // user info
            "https://smc.example.net:8082?x=1",                            // a query
            "https:// bad host:8082"})                                     // not a URL
    void refusesWhatIsNotABaseUrl(String url) {
        ConfigException error = assertThrows(ConfigException.class, () -> validator.ensureValid("smc.url", url));
        assertTrue(error.getMessage().contains("smc.url"), error.getMessage());
    }

    @Test
    void aTypoIsQuotedWhereItCannotHoldAPassword() {
        ConfigException noPort = assertThrows(ConfigException.class,
                () -> validator.ensureValid("smc.url", List.of("https://smc.example.net")));
        ConfigException notHttp = assertThrows(ConfigException.class,
                () -> validator.ensureValid("smc.url", List.of("ftp://smc.example.net:8082")));

        assertTrue(noPort.getMessage().contains("Invalid value https://smc.example.net for"), noPort.getMessage());
        assertTrue(notHttp.getMessage().contains("Invalid value ftp://smc.example.net:8082 for"),
                notHttp.getMessage());
    }

    @Test
    void anEntryWithoutSchemeIsNotQuotedSinceItCouldBePartOfAPassword() {
        ConfigException error = assertThrows(ConfigException.class,
                () -> validator.ensureValid("smc.url", List.of("smc.example.net:8082")));

        assertTrue(error.getMessage().contains("must start with http:// or https://"), error.getMessage());
        assertTrue(error.getMessage().contains("a list setting is split at every comma"), error.getMessage());
        assertFalse(error.getMessage().contains("smc.example.net"), error.getMessage());
    }

    @Test
    void refusesAMissingValue() {
        assertThrows(ConfigException.class, () -> validator.ensureValid("smc.url", null));
    }
}
