package io.github.kafkaconnectsmc.config;

import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Accepts an empty value (discover the version) or an SMC API version such as {@code 7.1} or {@code 6.10}. */
public final class ApiVersionValidator implements ConfigDef.Validator {

    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+(\\.\\d+)?");

    @Override
    public void ensureValid(String name, Object value) {
        String text = value == null ? "" : value.toString().trim();
        if (!text.isEmpty() && !VERSION.matcher(text).matches()) {
            throw new ConfigException(name, value, "must be empty (discover the newest version) or a version such as 7.1");
        }
    }

    @Override
    public String toString() {
        return "empty, or a version such as 7.1";
    }
}
