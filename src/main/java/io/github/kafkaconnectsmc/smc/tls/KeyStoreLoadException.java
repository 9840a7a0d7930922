package io.github.kafkaconnectsmc.smc.tls;

import org.apache.kafka.common.config.ConfigException;

/**
 * A trust store or key store cannot be used: it is missing, unreadable, in another format, locked with another
 * password, or holds nothing usable. {@link #setting()} names the setting to fix, so that {@code validate()} can
 * attach the message to it. The message never contains a password.
 */
public class KeyStoreLoadException extends ConfigException {

    private final String setting;

    public KeyStoreLoadException(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    public KeyStoreLoadException(String setting, String message, Throwable cause) {
        super(message);
        initCause(cause);
        this.setting = setting;
    }

    /** The setting whose value is wrong, such as {@code smc.tls.truststore.password}. */
    public String setting() {
        return setting;
    }
}
