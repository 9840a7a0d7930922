package io.github.kafkaconnectsmc;

import io.github.kafkaconnectsmc.protocol.Subscription;
import io.github.kafkaconnectsmc.record.ValueFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans the work: every configured context and element URI is one unit, and the units are spread round-robin over
 * {@code min(tasks.max, units)} tasks. Each task's configuration carries only its own units.
 */
public class SmcSourceConnector extends SourceConnector {

    private static final Logger log = LoggerFactory.getLogger(SmcSourceConnector.class);

    /** Internal: the task's index among the connector's tasks, used only to name its threads. */
    static final String TASK_INDEX_CONFIG = "smc.task.index";

    private Map<String, String> props;
    private List<Subscription> units;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        SmcSourceConfig config = new SmcSourceConfig(props);
        List<Subscription> configured = config.subscriptions();
        if (configured.isEmpty()) {
            throw new ConfigException("Nothing to subscribe to: set at least one of "
                    + SmcSourceConfig.SMC_CONTEXTS_CONFIG + " and " + SmcSourceConfig.SMC_ELEMENTS_CONFIG);
        }
        this.props = Map.copyOf(props);
        this.units = configured;
        log.info("Starting SMC status connector for {} on {} unit(s)", config.smcUrls(), units.size());
        if (config.valueFormat() == ValueFormat.JSON && !props.containsKey(SmcSourceConfig.VALUE_CONVERTER_CONFIG)) {
            log.info("value.format=json: status values are JSON bytes, written as they are only by the worker's {}={}",
                    SmcSourceConfig.VALUE_CONVERTER_CONFIG, SmcSourceConfig.BYTE_ARRAY_CONVERTER);
        }
    }

    @Override
    public Class<? extends Task> taskClass() {
        return SmcSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        int taskCount = Math.min(maxTasks, units.size());
        // Dealt round-robin, not in contiguous runs (ConnectorUtils.groupPartitions): contexts come first and each
        // can stand for hundreds of elements, so runs would pile them all onto the first tasks.
        List<List<Subscription>> groups = new ArrayList<>(taskCount);
        for (int index = 0; index < taskCount; index++) {
            groups.add(new ArrayList<>());
        }
        for (int unit = 0; unit < units.size(); unit++) {
            groups.get(unit % taskCount).add(units.get(unit));
        }
        List<Map<String, String>> configs = new ArrayList<>(taskCount);
        for (int index = 0; index < groups.size(); index++) {
            configs.add(taskConfig(groups.get(index), index));
        }
        return configs;
    }

    private Map<String, String> taskConfig(List<Subscription> assigned, int index) {
        Map<String, String> task = new HashMap<>(props);
        task.put(SmcSourceConfig.SMC_CONTEXTS_CONFIG, targets(assigned, Subscription.Kind.CONTEXT));
        task.put(SmcSourceConfig.SMC_ELEMENTS_CONFIG, targets(assigned, Subscription.Kind.ELEMENT));
        task.put(TASK_INDEX_CONFIG, Integer.toString(index));
        return task;
    }

    private static String targets(List<Subscription> assigned, Subscription.Kind kind) {
        return assigned.stream()
                .filter(s -> s.kind() == kind)
                .map(Subscription::target)
                .collect(Collectors.joining(","));
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        Map<String, ConfigValue> byName = config.configValues().stream()
                .collect(Collectors.toMap(ConfigValue::name, Function.identity()));
        SmcSourceConfig.validateAcrossSettings(byName);
        SmcSourceConfig.validateValueConverter(byName, connectorConfigs);
        SecuritySettingsValidation.addErrors(byName);
        return config;
    }

    @Override
    public ConfigDef config() {
        return SmcSourceConfig.CONFIG_DEF;
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        // The SMC pushes current state and cannot replay a notification, so no offset can be resumed from.
        return ExactlyOnceSupport.UNSUPPORTED;
    }

    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        // Offsets only number records; resetting or altering them is harmless.
        return true;
    }

    @Override
    public void stop() {
        log.info("Stopped SMC status connector");
    }
}
