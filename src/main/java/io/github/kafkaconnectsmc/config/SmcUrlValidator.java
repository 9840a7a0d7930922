package io.github.kafkaconnectsmc.config;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Accepts the base URL of an SMC API: {@code http} or {@code https}, a host, an explicit port, and no path
 * beyond {@code /}. The SMC serves its API under {@code /{version}}, which the connector adds itself, so a
 * path here is almost always a pasted element URI and is refused rather than silently ignored. Messages quote a
 * refused URL only as {@link RedactedUrl} allows, since it may hold a password.
 *
 * <p>A list (the management servers of an SMC with high availability) is accepted when every entry is such a URL and
 * none is given twice.
 */
public final class SmcUrlValidator implements ConfigDef.Validator {

    @Override
    public void ensureValid(String name, Object value) {
        if (value == null || (value instanceof List<?> list && list.isEmpty())) {
            throw new ConfigException(name, null, "must be set, for example https://smc.example.net:8082");
        }
        if (!(value instanceof List<?> list)) {
            parse(name, value.toString());
            return;
        }
        Set<URI> seen = new HashSet<>();
        for (String entry : RedactedUrl.atSignsFirst(list)) {
            if (!seen.add(parse(name, entry))) {
                throw new ConfigException(name, RedactedUrl.of(entry),
                        "is listed twice: give each management server once");
            }
        }
    }

    /** Parses {@code value} as an SMC base URL, or throws a {@link ConfigException} that names {@code name}. */
    public static URI parse(String name, String value) {
        return ServerUrl.parse(name, value, COMPLAINTS);
    }

    private static final ServerUrl.Complaints COMPLAINTS = new ServerUrl.Complaints() {
        @Override
        public String scheme(String scheme) {
            return scheme.equals("http") || scheme.equals("https") ? null : "must start with http:// or https://";
        }

        @Override
        public String userInfo() {
            return "must not carry user information; the API key goes in smc.api.key";
        }

        @Override
        public String missingPort(String scheme, String host) {
            return "has no port: the SMC API listens on 8082 unless configured otherwise, so give it explicitly, "
                    + "for example " + scheme + "://" + host + ":8082";
        }

        @Override
        public String beyondAuthority() {
            return "must not have a path, query or fragment: give only scheme, host and port; the API version goes "
                    + "in smc.api.version";
        }
    };

    @Override
    public String toString() {
        return "http(s)://host:port, or several separated by commas";
    }
}
