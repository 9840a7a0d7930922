package io.github.kafkaconnectsmc.smc.tls;

import java.util.Locale;

/** The file formats a trust store or key store may have. */
public enum KeyStoreType {
    /** Text: {@code -----BEGIN CERTIFICATE-----} blocks, and for a key store a {@code PRIVATE KEY} block too. */
    PEM,
    JKS,
    PKCS12;

    /** Parses a setting value, ignoring case; throws {@link IllegalArgumentException} for anything else. */
    public static KeyStoreType parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
