package io.github.kafkaconnectsmc.quickstart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;

/**
 * Checks the configuration the quickstart is about to submit with the connector's own {@code validate()}, before a
 * broker or worker starts: a wrong value is then reported within a second of the build, by the flag, variable or
 * file that set it, instead of after the worker has started, as the worker's answer about the connector's setting.
 * The connector's validation reads local files at most (trust and key stores); it never contacts the SMC.
 */
final class ConnectorConfigCheck {

    private ConnectorConfigCheck() {
    }

    /**
     * Returns when {@code validate} finds no error in {@code config}; otherwise throws, listing each error as
     * {@code <setting> (<flag, variable or file that set it>): <message>}.
     */
    static void requireValid(Map<String, String> config, Function<Map<String, String>, Config> validate,
                             QuickstartSettings settings) {
        List<String> errors = new ArrayList<>();
        for (ConfigValue value : validate.apply(config).configValues()) {
            String setting = value.name() + QuickstartConnectorConfig.origin(value.name(), settings)
                    .map(origin -> " (" + origin + ")").orElse("");
            value.errorMessages().forEach(message -> errors.add(setting + ": " + message));
        }
        if (!errors.isEmpty()) {
            throw new QuickstartInputException("The connector configuration is not valid:\n  "
                    + String.join("\n  ", errors));
        }
    }
}
