package io.github.kafkaconnectsmc.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Accepts the base URL of an SMC API: {@code http} or {@code https}, a host, an explicit port, and no path
 * beyond {@code /}. The SMC serves its API under {@code /{version}}, which the connector adds itself, so a
 * path here is almost always a pasted element URI and is refused rather than silently ignored. Messages mask user
 * information ({@code user:password@}), which may hold a password.
 */
public final class SmcUrlValidator implements ConfigDef.Validator {

    @Override
    public void ensureValid(String name, Object value) {
        if (value == null) {
            throw new ConfigException(name, null, "must be set, for example https://smc.example.net:8082");
        }
        parse(name, value.toString());
    }

    /** Parses {@code value} as an SMC base URL, or throws a {@link ConfigException} that names {@code name}. */
    public static URI parse(String name, String value) {
        String text = value.trim();
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
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new ConfigException(name, RedactedUrl.of(text), "has no host name");
        }
        if (uri.getPort() < 1) {
            throw new ConfigException(name, RedactedUrl.of(text), "has no port: the SMC API listens on 8082 unless "
                    + "configured otherwise, so give it explicitly, for example " + scheme + "://" + uri.getHost()
                    + ":8082");
        }
        if (uri.getRawUserInfo() != null) {
            throw new ConfigException(name, RedactedUrl.of(text), "must not carry user information; "
                    + "the API key goes in smc.api.key");
        }
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            throw new ConfigException(name, RedactedUrl.of(text), "must not have a path: give only scheme, host and "
                    + "port; the API version goes in smc.api.version");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new ConfigException(name, RedactedUrl.of(text), "must not have a query or fragment");
        }
        return URI.create(scheme + "://" + uri.getRawAuthority());
    }

    @Override
    public String toString() {
        return "http(s)://host:port";
    }
}
