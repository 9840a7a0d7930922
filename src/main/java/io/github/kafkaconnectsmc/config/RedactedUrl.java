package io.github.kafkaconnectsmc.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * A URL as a configuration error may quote it. Kafka's {@code ConfigException} puts the value in its message, and that
 * message reaches the worker's log and REST answers, so a value is quoted only where it cannot hold a password.
 *
 * <p>Whatever stands before {@code @} (a pasted {@code user:password}) is replaced by {@code [hidden]}. That alone is
 * not enough for list settings: Kafka splits them at every comma before a validator sees them, so
 * {@code https://user:pa,ss@smc:8082} arrives as {@code https://user:pa} and {@code ss@smc:8082}, and with more
 * commas as pieces holding neither {@code ://} nor {@code @}. Such a piece could be any text, so a value without
 * {@code @} is quoted only when it reads as {@code scheme://host...}; otherwise it is left out and the message says
 * why.
 */
final class RedactedUrl {

    static final String NOT_SHOWN = "(not shown, as it may be part of a password: "
            + "a list setting is split at every comma)";

    private RedactedUrl() {
    }

    static String of(String text) {
        int at = text.lastIndexOf('@');
        if (at < 0) {
            return hasSchemeAndHost(text) ? text : NOT_SHOWN;
        }
        int schemeEnd = text.indexOf("://");
        int start = schemeEnd < 0 || schemeEnd > at ? 0 : schemeEnd + 3;
        return text.substring(0, start) + "[hidden]" + text.substring(at);
    }

    /**
     * The items of a list setting as strings, trimmed, those with an {@code @} first. A piece of a password split at a
     * comma can still read as {@code scheme://host...} ({@code https://user:/pa} from
     * {@code https://user:/pa,ss@smc:8082}); checked first, the piece holding the {@code @} is refused, with what
     * stands before it hidden, before any such piece could be quoted.
     */
    static List<String> atSignsFirst(List<?> items) {
        List<String> withAt = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (Object item : items) {
            String text = String.valueOf(item).trim();
            (text.indexOf('@') >= 0 ? withAt : rest).add(text);
        }
        withAt.addAll(rest);
        return withAt;
    }

    /** Without an {@code @} there is no user information, so a readable host is all that is left to check. */
    private static boolean hasSchemeAndHost(String text) {
        try {
            URI uri = new URI(text);
            return uri.getScheme() != null && uri.getHost() != null && !uri.getHost().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
