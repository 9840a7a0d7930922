package io.github.kafkaconnectsmc.smc.tls;

import org.apache.kafka.common.config.ConfigException;

/**
 * A trust store or key store cannot be used: it is missing, unreadable, in another format, locked with another
 * password, or holds nothing usable. {@link #setting()} names the setting to fix, so that {@code validate()} can
 * attach {@link #reason()} to it. The message is the reason after the setting's name, as in
 * {@code smc.tls.truststore.location: The trust store ... does not exist}: at task start it reaches the worker's log
 * and the task's failure on its own, with nothing else to say which setting is wrong. It never contains a password.
 */
public class KeyStoreLoadException extends ConfigException {

    private final String setting;
    private final String reason;

    public KeyStoreLoadException(String setting, String reason) {
        super(setting + ": " + reason);
        this.setting = setting;
        this.reason = reason;
    }

    public KeyStoreLoadException(String setting, String reason, Throwable cause) {
        this(setting, reason);
        initCause(cause);
    }

    /** The setting whose value is wrong, such as {@code smc.tls.truststore.password}. */
    public String setting() {
        return setting;
    }

    /** What is wrong, without the setting's name: for {@code validate()}, which shows it under the setting. */
    public String reason() {
        return reason;
    }
}
