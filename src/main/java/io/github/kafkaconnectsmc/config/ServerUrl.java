package io.github.kafkaconnectsmc.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigException;

/**
 * Parses the URL of a server given as {@code scheme://host:port} and nothing more, for {@code smc.url} and
 * {@code smc.proxy.url}. The checks are the same for both; what each setting says about a problem differs, so the
 * caller supplies the wording through {@link Complaints}. A refused value is quoted only as {@link RedactedUrl} allows.
 */
final class ServerUrl {

    /** What to say about each problem; {@link #scheme} returns null for a scheme the setting accepts. */
    interface Complaints {
        String scheme(String scheme);

        String userInfo();

        String missingPort(String scheme, String host);

        String beyondAuthority();
    }

    private ServerUrl() {
    }

    /** {@code scheme://host:port} with the scheme in lower case, or a {@link ConfigException} naming {@code name}. */
    static URI parse(String name, String value, Complaints complaints) {
        String text = value.trim();
        // No path, query or fragment is accepted, so an '@' can only end user information. Checked before parsing, it
        // also names the problem for the tail of a password split at a comma (ss@smc:8082), which is no URL at all.
        if (text.indexOf('@') >= 0) {
            throw refused(name, text, complaints.userInfo());
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw refused(name, text, "is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String schemeProblem = complaints.scheme(scheme);
        if (schemeProblem != null) {
            throw refused(name, text, schemeProblem);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw refused(name, text, "has no host name");
        }
        if (uri.getPort() < 1) {
            throw refused(name, text, complaints.missingPort(scheme, uri.getHost()));
        }
        String path = uri.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw refused(name, text, complaints.beyondAuthority());
        }
        return URI.create(scheme + "://" + uri.getRawAuthority());
    }

    private static ConfigException refused(String name, String text, String problem) {
        return new ConfigException(name, RedactedUrl.of(text), problem);
    }
}
