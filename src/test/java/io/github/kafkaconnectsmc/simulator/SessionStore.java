package io.github.kafkaconnectsmc.simulator;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live sessions of the simulated SMC, keyed by the secret that proves them: a {@code JSESSIONID} (32 upper-case
 * hex characters, Tomcat style) or, in token mode, an opaque token (64 lower-case hex characters). A session lives
 * from login until logout or until a test expires every session.
 */
final class SessionStore {

    static final String COOKIE_NAME = "JSESSIONID";

    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger ordinals = new AtomicInteger();
    /** Session secret to the ordinal of the login that created it. */
    private final Map<String, Integer> live = new ConcurrentHashMap<>();
    /** Every secret ever handed out, so a test can check that none of them reached a log. */
    private final List<String> issued = new ArrayList<>();

    /** Creates a cookie session and returns its {@code JSESSIONID}. */
    String createCookieSession() {
        return create(HexFormat.of().withUpperCase().formatHex(randomBytes(16)));
    }

    /** Creates a token session and returns its token. */
    String createTokenSession() {
        return create(HexFormat.of().formatHex(randomBytes(32)));
    }

    private String create(String secret) {
        live.put(secret, ordinals.incrementAndGet());
        synchronized (issued) {
            issued.add(secret);
        }
        return secret;
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    /** The ordinal of the live session whose id the {@code Cookie} header carries. */
    Optional<Integer> fromCookieHeader(String cookieHeader) {
        return liveIdIn(cookieHeader).map(live::get);
    }

    /** The ordinal of the live session {@code secret} (a session id or token) proves. */
    Optional<Integer> fromSecret(String secret) {
        return secret == null ? Optional.empty() : Optional.ofNullable(live.get(secret));
    }

    /** The live session id the {@code Cookie} header carries. */
    Optional<String> liveIdIn(String cookieHeader) {
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

    /** Ends the session {@code secret} proves; false when it proves no live one. */
    boolean end(String secret) {
        return secret != null && live.remove(secret) != null;
    }

    void expireAll() {
        live.clear();
    }

    int liveCount() {
        return live.size();
    }

    List<String> issued() {
        synchronized (issued) {
            return List.copyOf(issued);
        }
    }
}
