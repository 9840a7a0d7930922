package io.github.kafkaconnectsmc.record;

import java.util.Locale;
import java.util.Objects;

/**
 * How an element's href becomes its record key ({@code smc.key.format}). An href names the server's host and port
 * and the API version ({@code https://smc-a:8082/7.1/elements/single_fw/1649}), so after a failover to another
 * management server, or an SMC upgrade, the same element would get a new key and a compacted topic would keep both.
 *
 * <ul>
 *   <li>{@code href}: the href as it is (the default): a key that can be fetched as it stands, which changes with
 *       the server and the version;</li>
 *   <li>{@code path}: the href's path below the version, {@code elements/single_fw/1649}: stable across servers and
 *       versions, not a URL;</li>
 *   <li>{@code canonical}: a configured base followed by that path, {@code https://smc.example.net:8082/7.1/elements/
 *       single_fw/1649}: stable, and reads like an href of the base chosen.</li>
 * </ul>
 * An href of another shape (no version segment) and the {@code unresolved:} fallback keys are kept as they are.
 */
public final class ElementKeyFormat {

    public enum Kind {
        HREF, PATH, CANONICAL;

        /** The setting's value: href, path or canonical. */
        public String configValue() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind parse(String value) {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        }
    }

    private static final ElementKeyFormat HREF = new ElementKeyFormat(Kind.HREF, null);
    private static final ElementKeyFormat PATH = new ElementKeyFormat(Kind.PATH, null);

    private final Kind kind;
    /** The canonical base without a trailing slash; null for the other kinds. */
    private final String canonicalBase;

    private ElementKeyFormat(Kind kind, String canonicalBase) {
        this.kind = kind;
        this.canonicalBase = canonicalBase;
    }

    public static ElementKeyFormat href() {
        return HREF;
    }

    public static ElementKeyFormat path() {
        return PATH;
    }

    /** Keys made of {@code base} (such as {@code https://smc.example.net:8082/7.1}) and the path below the version. */
    public static ElementKeyFormat canonical(String base) {
        String trimmed = Objects.requireNonNull(base).trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return new ElementKeyFormat(Kind.CANONICAL, trimmed);
    }

    public Kind kind() {
        return kind;
    }

    /** The key for {@code href}; an href without a version segment is kept as it is. */
    public String apply(String href) {
        if (kind == Kind.HREF) {
            return href;
        }
        String path = pathBelowVersion(href);
        if (path == null) {
            return href;
        }
        return kind == Kind.PATH ? path : canonicalBase + "/" + path;
    }

    /**
     * {@code elements/single_fw/1649} for {@code https://host:8082/7.1/elements/single_fw/1649}, or null when the
     * first path segment is not a version such as 7.1. Slashes after the version are skipped: Forcepoint's description
     * of the status socket spells element URIs {@code /[version]//elements/...}, and such a URI in
     * {@code smc.elements} names the same element as the href.
     */
    static String pathBelowVersion(String href) {
        int scheme = href.indexOf("://");
        int pathStart = scheme < 0 ? -1 : href.indexOf('/', scheme + 3);
        int versionEnd = pathStart < 0 ? -1 : href.indexOf('/', pathStart + 1);
        if (versionEnd < 0 || !isVersion(href, pathStart + 1, versionEnd)) {
            return null;
        }
        int below = versionEnd + 1;
        while (below < href.length() && href.charAt(below) == '/') {
            below++;
        }
        return below == href.length() ? null : href.substring(below);
    }

    private static boolean isVersion(String text, int start, int end) {
        if (start >= end || !Character.isDigit(text.charAt(start)) || !Character.isDigit(text.charAt(end - 1))) {
            return false;
        }
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (!Character.isDigit(c) && c != '.') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return kind == Kind.CANONICAL ? "canonical(" + canonicalBase + ")" : kind.configValue();
    }
}
