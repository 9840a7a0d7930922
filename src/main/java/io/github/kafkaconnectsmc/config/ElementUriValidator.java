package io.github.kafkaconnectsmc.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Accepts a list of absolute element URIs, the form the SMC uses in every {@code href}
 * ({@code http(s)://host:port/{version}/elements/...}) and expects in an {@code {"element":...}} subscription. It
 * checks the scheme, the host and the {@code /elements/} path segment; whether the SMC knows the element is for the
 * SMC to say, in its answer to the subscription.
 */
public final class ElementUriValidator implements ConfigDef.Validator {

    @Override
    public void ensureValid(String name, Object value) {
        if (!(value instanceof List<?> uris)) {
            return;
        }
        for (Object item : uris) {
            String uri = String.valueOf(item).trim();
            if (!isElementUri(uri)) {
                throw new ConfigException(name, item, "is not an element URI such as "
                        + "https://smc.example.net:8082/7.1/elements/single_fw/1649/firewall_node/1650");
            }
        }
    }

    static boolean isElementUri(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https"))
                    && uri.getHost() != null
                    && uri.getRawPath() != null
                    && uri.getRawPath().contains("/elements/");
        } catch (URISyntaxException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "element URIs: http(s) with a host and /elements/ in the path, as in the SMC's hrefs "
                + "(http(s)://host:port/{version}/elements/...)";
    }
}
