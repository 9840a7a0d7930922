package io.github.kafkaconnectsmc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is generated from {@link SmcSourceConfig#CONFIG_DEF}; this test fails when the page is stale.
 * Regenerate it with {@code mvn test -Dtest=ConfigurationReferenceTest -Ddocs.update=true}.
 */
class ConfigurationReferenceTest {

    private static final Path PAGE = Path.of("docs/configuration.md");

    @Test
    void configurationPageMatchesTheConfigDef() throws IOException {
        GeneratedDocs.assertPageIsCurrent(PAGE, render(SmcSourceConfig.CONFIG_DEF), "ConfigurationReferenceTest");
    }

    static String render(ConfigDef def) {
        StringBuilder page = new StringBuilder()
                .append("# Configuration reference\n\n")
                .append("Generated from `SmcSourceConfig.CONFIG_DEF` by `ConfigurationReferenceTest`; do not edit by hand.\n")
                .append("Besides these, the usual Kafka Connect connector settings apply (`name`, `connector.class`, ")
                .append("`tasks.max`, converters, transforms, `topic.creation.*`).\n");
        for (String group : def.groups()) {
            page.append("\n## ").append(group).append("\n");
            List<ConfigKey> keys = new ArrayList<>();
            for (ConfigKey key : def.configKeys().values()) {
                if (group.equals(key.group) && !def.configKeys().get(key.name).internalConfig) {
                    keys.add(key);
                }
            }
            keys.sort(Comparator.comparingInt(k -> k.orderInGroup));
            for (ConfigKey key : keys) {
                page.append("\n### `").append(key.name).append("`\n\n")
                        .append(key.documentation).append("\n\n")
                        .append("- Type: ").append(key.type.name().toLowerCase()).append("\n")
                        .append("- Default: ").append(defaultText(key)).append("\n");
                if (key.validator != null) {
                    page.append("- Valid values: ").append(key.validator).append("\n");
                }
                page.append("- Importance: ").append(key.importance.name().toLowerCase()).append("\n");
            }
        }
        return page.toString();
    }

    private static String defaultText(ConfigKey key) {
        if (!key.hasDefault()) {
            return "none (required)";
        }
        Object value = key.defaultValue;
        if (value == null) {
            return "null";
        }
        String text = value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                : String.valueOf(value);
        return text.isEmpty() ? "\"\" (empty)" : "`" + text + "`";
    }
}
