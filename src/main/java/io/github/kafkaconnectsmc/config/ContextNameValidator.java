package io.github.kafkaconnectsmc.config;

import java.util.List;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Accepts a list of element family names such as {@code fw_single}. The SMC does not publish the set it accepts,
 * so only the shape is checked here; the SMC answers an unknown one with a failure reply, which the task logs.
 */
public final class ContextNameValidator implements ConfigDef.Validator {

    private static final Pattern CONTEXT = Pattern.compile("[A-Za-z0-9_*.-]+");

    @Override
    public void ensureValid(String name, Object value) {
        if (!(value instanceof List<?> contexts)) {
            return;
        }
        for (Object item : contexts) {
            if (!CONTEXT.matcher(String.valueOf(item).trim()).matches()) {
                throw new ConfigException(name, item, "is not an element family name such as fw_single or virtual_fw");
            }
        }
    }

    @Override
    public String toString() {
        return "element family names, e.g. fw_single,virtual_fw";
    }
}
