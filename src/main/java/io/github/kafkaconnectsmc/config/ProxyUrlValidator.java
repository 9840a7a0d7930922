package io.github.kafkaconnectsmc.config;

import java.net.URI;
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
        return ServerUrl.parse(name, value, COMPLAINTS);
    }

    private static final ServerUrl.Complaints COMPLAINTS = new ServerUrl.Complaints() {
        @Override
        public String scheme(String scheme) {
            if (scheme.equals("https")) {
                return "must start with http://: the connection to the proxy itself is plain; traffic to an https "
                        + "SMC is still encrypted end to end through the proxy's tunnel";
            }
            return scheme.equals("http") ? null : "must be an HTTP proxy URL such as http://proxy.example.net:3128";
        }

        @Override
        public String userInfo() {
            return "must not carry a user or password; set smc.proxy.username and smc.proxy.password (a password "
                    + "type setting) instead";
        }

        @Override
        public String missingPort(String scheme, String host) {
            return "has no port, for example http://" + host + ":3128";
        }

        @Override
        public String beyondAuthority() {
            return "must be only http://host:port";
        }
    };

    @Override
    public String toString() {
        return "empty, or http://host:port";
    }
}
