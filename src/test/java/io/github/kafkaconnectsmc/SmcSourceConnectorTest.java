package io.github.kafkaconnectsmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.junit.jupiter.api.Test;

class SmcSourceConnectorTest {

    private static final String NODE_1 = "https://smc.example.net:8082/7.1/elements/single_fw/1/firewall_node/2";
    private static final String NODE_2 = "https://smc.example.net:8082/7.1/elements/single_fw/3/firewall_node/4";

    private final SmcSourceConnector connector = new SmcSourceConnector();

    private static Map<String, String> props(String contexts, String elements) {
        Map<String, String> props = new HashMap<>(SmcSourceConfigTest.minimal());
        props.put("name", "smc-status");
        props.put(SmcSourceConfig.SMC_CONTEXTS_CONFIG, contexts);
        props.put(SmcSourceConfig.SMC_ELEMENTS_CONFIG, elements);
        return props;
    }

    @Test
    void unitsAreDealtRoundRobinOverTheTasks() {
        connector.start(props("fw_single,virtual_fw,fw_cluster", NODE_1 + "," + NODE_2));

        List<Map<String, String>> tasks = connector.taskConfigs(2);

        assertEquals(2, tasks.size());
        assertEquals("fw_single,fw_cluster", tasks.get(0).get(SmcSourceConfig.SMC_CONTEXTS_CONFIG));
        assertEquals(NODE_2, tasks.get(0).get(SmcSourceConfig.SMC_ELEMENTS_CONFIG));
        assertEquals("virtual_fw", tasks.get(1).get(SmcSourceConfig.SMC_CONTEXTS_CONFIG));
        assertEquals(NODE_1, tasks.get(1).get(SmcSourceConfig.SMC_ELEMENTS_CONFIG));
    }

    @Test
    void heavyContextUnitsAreNotAllGivenToTheFirstTask() {
        connector.start(props("fw_single,virtual_fw", NODE_1 + "," + NODE_2));

        List<Map<String, String>> tasks = connector.taskConfigs(2);

        assertEquals("fw_single", tasks.get(0).get(SmcSourceConfig.SMC_CONTEXTS_CONFIG));
        assertEquals("virtual_fw", tasks.get(1).get(SmcSourceConfig.SMC_CONTEXTS_CONFIG));
    }

    @Test
    void thereAreNeverMoreTasksThanUnits() {
        connector.start(props("fw_single", NODE_1));
        assertEquals(2, connector.taskConfigs(10).size());
    }

    @Test
    void eachTaskConfigIsAValidConfigCarryingItsIndexAndTheSharedSettings() {
        connector.start(props("fw_single,virtual_fw,fw_cluster", ""));

        List<Map<String, String>> tasks = connector.taskConfigs(3);

        for (int index = 0; index < tasks.size(); index++) {
            Map<String, String> task = tasks.get(index);
            assertEquals(Integer.toString(index), task.get(SmcSourceConnector.TASK_INDEX_CONFIG));
            assertEquals(FakeSmc.API_KEY, task.get(SmcSourceConfig.SMC_API_KEY_CONFIG));
            assertEquals("smc-status", task.get("name"));
            assertEquals(1, new SmcSourceConfig(task).subscriptions().size());
        }
        List<String> all = tasks.stream().flatMap(t -> new SmcSourceConfig(t).subscriptions().stream())
                .map(Object::toString).toList();
        assertEquals(List.of("context:fw_single", "context:virtual_fw", "context:fw_cluster"), all);
    }

    @Test
    void startWithNothingToSubscribeToIsRefused() {
        ConfigException error = assertThrows(ConfigException.class, () -> connector.start(props("", "")));
        assertTrue(error.getMessage().contains(SmcSourceConfig.SMC_CONTEXTS_CONFIG), error.getMessage());
    }

    @Test
    void validateReportsNothingToSubscribeToOnBothLists() {
        Map<String, ConfigValue> values = byName(connector.validate(props("", "")));

        assertFalse(values.get(SmcSourceConfig.SMC_CONTEXTS_CONFIG).errorMessages().isEmpty());
        assertFalse(values.get(SmcSourceConfig.SMC_ELEMENTS_CONFIG).errorMessages().isEmpty());
        assertTrue(values.get(SmcSourceConfig.SMC_URL_CONFIG).errorMessages().isEmpty());
    }

    @Test
    void validateReportsEachBadSettingOnThatSettingOnly() {
        Map<String, String> props = props("fw_single", "not-an-element-uri");
        props.put(SmcSourceConfig.SMC_URL_CONFIG, "https://smc.example.net");
        Map<String, ConfigValue> values = byName(connector.validate(props));

        assertFalse(values.get(SmcSourceConfig.SMC_URL_CONFIG).errorMessages().isEmpty());
        assertFalse(values.get(SmcSourceConfig.SMC_ELEMENTS_CONFIG).errorMessages().isEmpty());
        assertTrue(values.get(SmcSourceConfig.SMC_CONTEXTS_CONFIG).errorMessages().isEmpty(),
                "the cross-setting check must not pile onto a setting that is already wrong");
    }

    @Test
    void validateNeverShowsTheApiKey() {
        Config config = connector.validate(props("fw_single", ""));
        assertFalse(config.configValues().toString().contains(FakeSmc.API_KEY));
    }

    @Test
    void exactlyOnceIsNotOfferedBecauseTheSmcCannotReplay() {
        assertEquals(ExactlyOnceSupport.UNSUPPORTED, connector.exactlyOnceSupport(props("fw_single", "")));
        assertEquals(SmcSourceTask.class, connector.taskClass());
    }

    private static Map<String, ConfigValue> byName(Config config) {
        return config.configValues().stream().collect(Collectors.toMap(ConfigValue::name, v -> v));
    }
}
