package io.github.kafkaconnectsmc.config;

/**
 * A URL as a configuration error may quote it: whatever stands before {@code @} (a pasted {@code user:password}) is
 * replaced by {@code [hidden]}. Kafka's {@code ConfigException} puts the value in its message, and that message
 * reaches the worker's log and REST answers.
 */
final class RedactedUrl {

    private RedactedUrl() {
    }

    static String of(String text) {
        int at = text.lastIndexOf('@');
        if (at < 0) {
            return text;
        }
        int schemeEnd = text.indexOf("://");
        int start = schemeEnd < 0 || schemeEnd > at ? 0 : schemeEnd + 3;
        return text.substring(0, start) + "[hidden]" + text.substring(at);
    }
}
