package io.github.kafkaconnectsmc.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Accepts the location of a trust store or key store: empty (none), or text this JVM's file system takes as a path.
 * Whether the file exists and opens is checked later, by {@code validate()} and at task start; a value that is no path
 * at all (such as one with a NUL character) is refused here, so that it is an error on the setting, not an
 * {@link InvalidPathException} that names none.
 */
public final class StoreLocationValidator implements ConfigDef.Validator {

    @Override
    public void ensureValid(String name, Object value) {
        if (value != null && !value.toString().isBlank()) {
            parse(name, value.toString());
        }
    }

    /** The path {@code value} names, or a {@link ConfigException} naming {@code name}. */
    public static Path parse(String name, String value) {
        String text = value.trim();
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new ConfigException(name, text, "is not a file path on this worker: " + e.getReason());
        }
    }

    @Override
    public String toString() {
        return "empty, or the path of a file on the Connect worker";
    }
}
