package io.github.kafkaconnectsmc.smc.tls;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.config.types.Password;

/**
 * Where a trust store or key store is, its format and the password that opens it (optional: a PEM file has none).
 * {@link #toString()} never shows the password.
 */
public record KeyStoreFile(Path location, KeyStoreType type, Optional<Password> password) {

    public KeyStoreFile {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(password, "password");
    }

    /** The password as characters, or null when none is set (what {@code KeyStore.load} expects then). */
    char[] passwordChars() {
        return password.map(p -> p.value().toCharArray()).orElse(null);
    }

    @Override
    public String toString() {
        return location + " (" + type + ", password " + (password.isPresent() ? "[hidden]" : "none") + ")";
    }
}
