package io.github.kafkaconnectsmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkaconnectsmc.protocol.Subscription;
import io.github.kafkaconnectsmc.record.ValueFormat;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmcSourceConfigTest {

    private static final String NODE = "https://smc.example.net:8082/7.1/elements/single_fw/1649/firewall_node/1650";

    static Map<String, String> minimal() {
        Map<String, String> props = new HashMap<>();
        props.put(SmcSourceConfig.SMC_URL_CONFIG, "https://smc.example.net:8082");
        props.put(SmcSourceConfig.SMC_API_KEY_CONFIG, FakeSmc.API_KEY);
        props.put(SmcSourceConfig.SMC_CONTEXTS_CONFIG, "fw_single");
        return props;
    }

    @Test
    void defaultsApplyWhenOnlyTheRequiredSettingsAreGiven() {
        SmcSourceConfig config = new SmcSourceConfig(minimal());

        assertEquals(URI.create("https://smc.example.net:8082"), config.smcUrl());
        assertEquals(Optional.empty(), config.apiVersion(), "empty version means: discover");
        assertEquals(Optional.empty(), config.domain(), "empty domain means: the SMC's default domain");
        assertEquals("smc.status", config.topic());
        assertEquals(Duration.ofMillis(200), config.pollTimeout());
        assertEquals(10_000, config.queueMaxRecords());
        assertEquals(64L * 1024 * 1024, config.queueMaxBytes());
        assertEquals(2_000, config.pollMaxRecords());
        assertEquals(Duration.ofSeconds(10), config.connectTimeout());
        assertEquals(Duration.ofSeconds(30), config.requestTimeout());
        assertEquals(Duration.ofSeconds(30), config.hrefRefreshMinInterval());
    }

    @Test
    void typedGettersReturnWhatWasSet() {
        Map<String, String> props = minimal();
        props.put(SmcSourceConfig.SMC_API_VERSION_CONFIG, " 6.10 ");
        props.put(SmcSourceConfig.SMC_DOMAIN_CONFIG, "Branch Offices");
        props.put(SmcSourceConfig.POLL_TIMEOUT_MS_CONFIG, "50");
        SmcSourceConfig config = new SmcSourceConfig(props);

        assertEquals(Optional.of("6.10"), config.apiVersion());
        assertEquals(Optional.of("Branch Offices"), config.domain());
        assertEquals(Duration.ofMillis(50), config.pollTimeout());
        assertEquals(FakeSmc.API_KEY, config.apiKey().value());
    }

    @Test
    void theApiKeyIsAPasswordHiddenFromToString() {
        SmcSourceConfig config = new SmcSourceConfig(minimal());

        assertFalse(config.apiKey().toString().contains(FakeSmc.API_KEY));
        assertFalse(config.toString().contains(FakeSmc.API_KEY));
        assertFalse(config.values().toString().contains(FakeSmc.API_KEY));
    }

    @Test
    void subscriptionsListContextsThenElementsInConfiguredOrderWithoutRepeats() {
        Map<String, String> props = minimal();
        props.put(SmcSourceConfig.SMC_CONTEXTS_CONFIG, "virtual_fw, fw_single,virtual_fw");
        props.put(SmcSourceConfig.SMC_ELEMENTS_CONFIG, NODE + "," + NODE);

        assertEquals(List.of(Subscription.context("virtual_fw"), Subscription.context("fw_single"),
                Subscription.element(NODE)), new SmcSourceConfig(props).subscriptions());
    }

    @Test
    void aPollTimeoutOfMoreThanOneSecondIsRefusedSoStopIsNeverHeldUp() {
        Map<String, String> props = minimal();
        props.put(SmcSourceConfig.POLL_TIMEOUT_MS_CONFIG, "5000");
        ConfigException error = assertThrows(ConfigException.class, () -> new SmcSourceConfig(props));
        assertTrue(error.getMessage().contains(SmcSourceConfig.POLL_TIMEOUT_MS_CONFIG), error.getMessage());
    }

    @Test
    void theUrlAndTheApiKeyAreRequired() {
        Map<String, String> noUrl = minimal();
        noUrl.remove(SmcSourceConfig.SMC_URL_CONFIG);
        Map<String, String> noKey = minimal();
        noKey.remove(SmcSourceConfig.SMC_API_KEY_CONFIG);

        assertTrue(assertThrows(ConfigException.class, () -> new SmcSourceConfig(noUrl)).getMessage()
                .contains(SmcSourceConfig.SMC_URL_CONFIG));
        assertTrue(assertThrows(ConfigException.class, () -> new SmcSourceConfig(noKey)).getMessage()
                .contains(SmcSourceConfig.SMC_API_KEY_CONFIG));
    }

    /** Kafka splits smc.url at every comma, so each URL's password reaches the validator in pieces PW1, PW2... */
    @ParameterizedTest
    @ValueSource(strings = {
            "https://user:PW1,PW2@smc.example.net:8082",
            "https://user:PW1,PW2,PW3@smc.example.net:8082",                     // a middle piece, PW2
            "https://user:/PW1,PW2@smc.example.net:8082",                        // https://user:/PW1 has a host
            "https://user:7/PW1,PW2@smc.example.net:8082",                       // ...and a port
            "https://smc-a.example.net:8082,https://user:PW1,PW2@smc-b.example.net:8082"})
    void aUrlWhosePasswordHoldsACommaIsRefusedWithoutQuotingAnyPieceOfIt(String urls) {
        Map<String, String> props = minimal();
        props.put(SmcSourceConfig.SMC_URL_CONFIG, urls);

        ConfigException error = assertThrows(ConfigException.class, () -> new SmcSourceConfig(props));
        List<String> validateErrors = errors(props).get(SmcSourceConfig.SMC_URL_CONFIG);

        assertTrue(error.getMessage().contains("must not carry user information"), error.getMessage());
        assertFalse(error.getMessage().contains("PW"), error.getMessage());
        assertEquals(List.of(error.getMessage()), validateErrors);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://user:PW1@smc.example.net:8082/7.1/elements/single_fw/1649",
            "https://user:PW1,PW2@smc.example.net:8082/7.1/elements/single_fw/1649",
            "https://user:PW1,PW2,PW3@smc.example.net:8082/7.1/elements/single_fw/1649",
            "https://user:/PW1,PW2@smc.example.net:8082/7.1/elements/single_fw/1649"}) // https://user:/PW1 has a host
    void anElementUriWithUserInformationIsRefusedWithoutQuotingThePassword(String elements) {
        Map<String, String> props = minimal();
        props.put(SmcSourceConfig.SMC_ELEMENTS_CONFIG, elements);

        ConfigException error = assertThrows(ConfigException.class, () -> new SmcSourceConfig(props));
        List<String> validateErrors = errors(props).get(SmcSourceConfig.SMC_ELEMENTS_CONFIG);

        assertTrue(error.getMessage().contains(SmcSourceConfig.SMC_ELEMENTS_CONFIG), error.getMessage());
        assertFalse(error.getMessage().contains("PW"), error.getMessage());
        assertEquals(List.of(error.getMessage()), validateErrors);
    }

    @Test
    void validationAcrossSettingsFlagsBothListsWhenNothingIsToBeSubscribed() {
        Map<String, String> props = minimal();
        props.put(SmcSourceConfig.SMC_CONTEXTS_CONFIG, "");
        Map<String, ConfigValue> values = SmcSourceConfig.CONFIG_DEF.validate(props).stream()
                .collect(Collectors.toMap(ConfigValue::name, Function.identity()));

        assertFalse(SmcSourceConfig.validateAcrossSettings(values));
        assertEquals(1, values.get(SmcSourceConfig.SMC_CONTEXTS_CONFIG).errorMessages().size());
        assertEquals(1, values.get(SmcSourceConfig.SMC_ELEMENTS_CONFIG).errorMessages().size());
    }

    @Test
    void validationAcrossSettingsAcceptsElementsAlone() {
        Map<String, String> props = minimal();
        props.put(SmcSourceConfig.SMC_CONTEXTS_CONFIG, "");
        props.put(SmcSourceConfig.SMC_ELEMENTS_CONFIG, NODE);
        Map<String, ConfigValue> values = SmcSourceConfig.CONFIG_DEF.validate(props).stream()
                .collect(Collectors.toMap(ConfigValue::name, Function.identity()));

        assertTrue(SmcSourceConfig.validateAcrossSettings(values));
        assertTrue(values.values().stream().allMatch(v -> v.errorMessages().isEmpty()));
    }

    @Test
    void valuesAreStructsByDefaultAndJsonWhenAsked() {
        Map<String, String> json = minimal();
        json.put("value.format", "JSON");

        assertEquals(ValueFormat.STRUCT, new SmcSourceConfig(minimal()).valueFormat());
        assertEquals(ValueFormat.JSON, new SmcSourceConfig(json).valueFormat());
    }

    @Test
    void jsonValuesWithAConverterOtherThanByteArrayConverterAreRefusedNamingBothSettings() {
        Map<String, String> jsonWithJsonConverter = minimal();
        jsonWithJsonConverter.put("value.format", "json");
        jsonWithJsonConverter.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        Map<String, String> jsonWithBytes = new HashMap<>(jsonWithJsonConverter);
        jsonWithBytes.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        Map<String, String> jsonWithWorkerConverter = new HashMap<>(jsonWithJsonConverter);
        jsonWithWorkerConverter.remove("value.converter");
        Map<String, String> structWithJsonConverter = new HashMap<>(jsonWithJsonConverter);
        structWithJsonConverter.put("value.format", "struct");
        Map<String, String> unknown = minimal();
        unknown.put("value.format", "avro");

        assertEquals(Map.of("value.format", List.of("value.format=json hands over finished JSON bytes, which "
                + "value.converter=org.apache.kafka.connect.json.JsonConverter would not write as they are: set "
                + "value.converter=org.apache.kafka.connect.converters.ByteArrayConverter, or value.format=struct")),
                errors(jsonWithJsonConverter));
        assertEquals(Map.of(), errors(jsonWithBytes));
        for (String alias : List.of("ByteArrayConverter", "ByteArray")) {
            Map<String, String> jsonWithAlias = new HashMap<>(jsonWithBytes);
            jsonWithAlias.put("value.converter", alias);
            assertEquals(Map.of(), errors(jsonWithAlias), "Connect's plugin alias " + alias);
        }
        assertEquals(Map.of(), errors(jsonWithWorkerConverter), "a worker-wide converter cannot be checked");
        assertEquals(Map.of(), errors(structWithJsonConverter));
        assertTrue(errors(unknown).get("value.format").get(0).contains("avro"), errors(unknown).toString());
    }

    /** Errors of the connector's validate(), by setting. */
    static Map<String, List<String>> errors(Map<String, String> props) {
        return new SmcSourceConnector().validate(props).configValues().stream()
                .filter(value -> !value.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }
}
