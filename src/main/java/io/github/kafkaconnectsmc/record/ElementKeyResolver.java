package io.github.kafkaconnectsmc.record;

import io.github.kafkaconnectsmc.protocol.Subscription;
import io.github.kafkaconnectsmc.smc.HrefDirectory;

/**
 * Decides the key of a notification, in order of trust: an {@code href} the SMC sent, the URI of an element
 * subscription, the href the REST API lists for the element's name, and, failing all of those, a fallback key that is
 * stable for the same context and name. Records with a fallback key say so in {@code key_source} and in the
 * {@code smc.key.source} header. Every key but a fallback is written in the configured {@link ElementKeyFormat}.
 */
public final class ElementKeyResolver {

    private final HrefDirectory directory;
    private final ElementKeyFormat format;

    public ElementKeyResolver(HrefDirectory directory) {
        this(directory, ElementKeyFormat.href());
    }

    public ElementKeyResolver(HrefDirectory directory, ElementKeyFormat format) {
        this.directory = directory;
        this.format = format;
    }

    /** As {@link #keyOf(Subscription, StatusBody, Runnable)}, for a caller with nothing to do while it waits. */
    public ElementKey keyOf(Subscription subscription, StatusBody body) {
        return keyOf(subscription, body, () -> { });
    }

    /**
     * The key of the notification {@code body} that came through {@code subscription}. Resolving an element's name
     * may wait for the SMC's element lists; {@code whileWaiting} runs about once per wait slice meanwhile (see
     * {@link HrefDirectory#hrefOf(String, String, Runnable)}).
     */
    public ElementKey keyOf(Subscription subscription, StatusBody body, Runnable whileWaiting) {
        String href = body.href();
        if (href != null && !href.isEmpty()) {
            return new ElementKey(format.apply(href), ElementKey.Source.NOTIFICATION);
        }
        if (subscription.kind() == Subscription.Kind.ELEMENT) {
            return new ElementKey(format.apply(subscription.target()), ElementKey.Source.SUBSCRIPTION);
        }
        String name = body.name() != null ? body.name() : "";
        if (!name.isEmpty()) {
            var resolved = directory.hrefOf(subscription.target(), name, whileWaiting);
            if (resolved.isPresent()) {
                return new ElementKey(format.apply(resolved.get()), ElementKey.Source.RESOLVED);
            }
        }
        return new ElementKey(ElementKey.FALLBACK_PREFIX + subscription.target() + "/" + name, ElementKey.Source.FALLBACK);
    }
}
