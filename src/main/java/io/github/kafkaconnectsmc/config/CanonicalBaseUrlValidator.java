package io.github.kafkaconnectsmc.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Accepts the base of canonical element keys ({@code smc.key.canonical.base.url}): empty, or an http(s) URL with a
 * host and, if wanted, a path such as a version ({@code https://smc.example.net:8082/7.1}), and no user information,
 * query or fragment. The element's path below the version is appended to it.
 */
public final class CanonicalBaseUrlValidator implements ConfigDef.Validator {

    @Override
    public void ensureValid(String name, Object value) {
        String text = value == null ? "" : value.toString().trim();
        if (text.isEmpty()) {
            return;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new ConfigException(name, RedactedUrl.of(text), "is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ConfigException(name, RedactedUrl.of(text), "must start with http:// or https://");
        }
        if (uri.getRawUserInfo() != null) {
            throw new ConfigException(name, RedactedUrl.of(text), "must not carry user information");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new ConfigException(name, RedactedUrl.of(text), "has no host name");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new ConfigException(name, RedactedUrl.of(text), "must not have a query or fragment");
        }
    }

    @Override
    public String toString() {
        return "empty, or http(s)://host[:port][/path]";
    }
}
