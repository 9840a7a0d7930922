package io.github.kafkaconnectsmc.simulator;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live sessions of the simulated SMC, keyed by their {@code JSESSIONID} (32 upper-case hex characters, Tomcat
 * style). A session lives from login until logout or until a test expires every session.
 */
final class SessionStore {

    static final String COOKIE_NAME = "JSESSIONID";

    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger ordinals = new AtomicInteger();
    /** Session id to the ordinal of the login that created it. */
    private final Map<String, Integer> live = new ConcurrentHashMap<>();

    /** Creates a session and returns its id. */
    String create() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String id = HexFormat.of().withUpperCase().formatHex(bytes);
        live.put(id, ordinals.incrementAndGet());
        return id;
    }

    /** The ordinal of the live session whose id the {@code Cookie} header carries. */
    Optional<Integer> fromCookieHeader(String cookieHeader) {
        return liveIdIn(cookieHeader).map(live::get);
    }

    /** Ends the session the {@code Cookie} header carries; false when it carries no live one. */
    boolean endFromCookieHeader(String cookieHeader) {
        return liveIdIn(cookieHeader).map(id -> live.remove(id) != null).orElse(false);
    }

    private Optional<String> liveIdIn(String cookieHeader) {
        if (cookieHeader == null) {
            return Optional.empty();
        }
        for (String pair : cookieHeader.split(";")) {
            String trimmed = pair.trim();
            String prefix = COOKIE_NAME + "=";
            if (trimmed.startsWith(prefix) && live.containsKey(trimmed.substring(prefix.length()))) {
                return Optional.of(trimmed.substring(prefix.length()));
            }
        }
        return Optional.empty();
    }

    void expireAll() {
        live.clear();
    }

    int liveCount() {
        return live.size();
    }
}
