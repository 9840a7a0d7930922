package io.github.kafkaconnectsmc.record;

/**
 * The record key of one notification, and how it was found. {@code href} is the key in the configured
 * {@link ElementKeyFormat}: the element's href by default, or its path below the version, or a canonical form.
 */
public record ElementKey(String href, Source source) {

    /** Prefix of a fallback key: {@code unresolved:<context>/<element name>}. */
    public static final String FALLBACK_PREFIX = "unresolved:";

    public enum Source {
        /** The notification carried an {@code href}. */
        NOTIFICATION,
        /** The subscription was for this element URI. */
        SUBSCRIPTION,
        /** Found by name in the SMC's element lists. */
        RESOLVED,
        /** Not found: the key is {@code unresolved:<context>/<name>}, stable for the same name and context. */
        FALLBACK
    }
}
