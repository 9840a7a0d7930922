package io.github.kafkaconnectsmc.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Accepts an HTTP proxy's URL, {@code http://host:port}, or nothing (no proxy). Credentials belong in
 * {@code smc.proxy.username} and {@code smc.proxy.password}: a URL with user information is refused, and the refusal
 * does not quote the URL, since it holds the password.
 */
public final class ProxyUrlValidator implements ConfigDef.Validator {

    @Override
    public void ensureValid(String name, Object value) {
        if (value != null && !value.toString().isBlank()) {
            parse(name, value.toString());
        }
    }

    /** Parses {@code value} as a proxy URL, or throws a {@link ConfigException} that names {@code name}. */
    public static URI parse(String name, String value) {
        String text = value.trim();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new ConfigException(name, RedactedUrl.of(text), "is not a URL: " + e.getReason());
        }
        if (uri.getRawUserInfo() != null) {
            throw new ConfigException(name, RedactedUrl.of(text), "must not carry a user or password; set "
                    + "smc.proxy.username and smc.proxy.password (a password type setting) instead");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            throw new ConfigException(name, RedactedUrl.of(text), "must start with http://: the connection to the "
                    + "proxy itself is plain; traffic to an https SMC is still encrypted end to end through the "
                    + "proxy's tunnel");
        }
        if (!scheme.equals("http")) {
            throw new ConfigException(name, RedactedUrl.of(text), "must be an HTTP proxy URL such as "
                    + "http://proxy.example.net:3128");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new ConfigException(name, RedactedUrl.of(text), "has no host name");
        }
        if (uri.getPort() < 1) {
            throw new ConfigException(name, RedactedUrl.of(text), "has no port, for example http://" + uri.getHost()
                    + ":3128");
        }
        String path = uri.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new ConfigException(name, RedactedUrl.of(text), "must be only http://host:port");
        }
        return URI.create("http://" + uri.getRawAuthority());
    }

    @Override
    public String toString() {
        return "empty, or http://host:port";
    }
}
