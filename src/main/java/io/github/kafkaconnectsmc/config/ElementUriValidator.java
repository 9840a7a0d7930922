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
 *
 * <p>User information ({@code user:password@}) is refused: the SMC's hrefs never carry it, and an element URI is
 * logged by the task and written into record values and source partitions. A refused item is quoted only as
 * {@link RedactedUrl} allows.
 */
public final class ElementUriValidator implements ConfigDef.Validator {

    private static final String NOT_AN_ELEMENT_URI = "is not an element URI such as "
            + "https://smc.example.net:8082/7.1/elements/single_fw/1649/firewall_node/1650";

    @Override
    public void ensureValid(String name, Object value) {
        if (!(value instanceof List<?> uris)) {
            return;
        }
        for (String uri : RedactedUrl.atSignsFirst(uris)) {
            String problem = problem(uri);
            if (problem != null) {
                throw new ConfigException(name, RedactedUrl.of(uri), problem);
            }
        }
    }

    /** What is wrong with {@code text} as an element URI, or null if nothing. */
    private static String problem(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return NOT_AN_ELEMENT_URI;
        }
        if (uri.getRawUserInfo() != null) {
            return "must not carry user information: the SMC's hrefs never do, and the task would log the URI and "
                    + "write it into records; the API key goes in smc.api.key";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean elementUri = (scheme.equals("http") || scheme.equals("https"))
                && uri.getHost() != null
                && uri.getRawPath() != null
                && uri.getRawPath().contains("/elements/");
        return elementUri ? null : NOT_AN_ELEMENT_URI;
    }

    @Override
    public String toString() {
        return "element URIs: http(s) with a host and /elements/ in the path and no user information, as in the "
                + "SMC's hrefs (http(s)://host:port/{version}/elements/...)";
    }
}
