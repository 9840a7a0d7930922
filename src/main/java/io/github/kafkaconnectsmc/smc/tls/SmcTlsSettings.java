package io.github.kafkaconnectsmc.smc.tls;

import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.config.types.Password;

/**
 * How the task verifies the SMC's certificate and proves its own identity over https and wss.
 *
 * @param trustStore  the CA certificates to trust; empty: the JVM's default trust store
 * @param keyStore    the client certificate and key for mutual TLS; empty: none is sent
 * @param keyPassword the password of the private key in {@code keyStore}; empty: the key store's password
 * @param insecure    true only when set explicitly: no certificate or host name verification at all
 */
public record SmcTlsSettings(Optional<KeyStoreFile> trustStore, Optional<KeyStoreFile> keyStore,
                             Optional<Password> keyPassword, boolean insecure) {

    public SmcTlsSettings {
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(keyPassword, "keyPassword");
    }

    /** Verify against the JVM's default trust store, send no client certificate. */
    public static SmcTlsSettings defaults() {
        return new SmcTlsSettings(Optional.empty(), Optional.empty(), Optional.empty(), false);
    }

    /** Describes where trust comes from, for messages: the configured file or the JVM's default store. */
    String trustSource() {
        return trustStore.map(store -> "the trust store " + store.location() + " (" + store.type() + ")")
                .orElse("the JVM's default trust store");
    }

    @Override
    public String toString() {
        if (insecure) {
            return "TLS without verification (smc.tls.insecure=true)";
        }
        return "TLS trusting " + trustSource()
                + keyStore.map(store -> ", client certificate from " + store).orElse(", no client certificate")
                + (keyPassword.isPresent() ? ", key password [hidden]" : "");
    }
}
