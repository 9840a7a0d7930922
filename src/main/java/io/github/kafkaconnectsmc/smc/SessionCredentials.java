package io.github.kafkaconnectsmc.smc;

import java.util.Objects;
import okhttp3.Request;

/**
 * What proves an SMC session: the {@code JSESSIONID} cookie, and in "SSL sessions" mode the value of the
 * {@code Authorization} header returned at login. Either may be absent but not both. {@link #toString()} never
 * shows either value.
 */
public final class SessionCredentials {

    static final String COOKIE_NAME = "JSESSIONID";

    private final String sessionId;
    private final String authorization;

    SessionCredentials(String sessionId, String authorization) {
        if (sessionId == null && authorization == null) {
            throw new IllegalArgumentException("a session needs a JSESSIONID cookie or an Authorization token");
        }
        this.sessionId = sessionId;
        this.authorization = authorization;
    }

    /** Adds the cookie and the token (where present) to a REST request or a socket handshake. */
    public Request.Builder applyTo(Request.Builder request) {
        if (sessionId != null) {
            request.header("Cookie", COOKIE_NAME + "=" + sessionId);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    /**
     * Token-mode sessions authenticate the socket with the subprotocols {@code access_token, <token>}, as the SMC's
     * own Python client does; a {@code Bearer } prefix of the login's {@code Authorization} value is not part of the
     * token. The REST calls keep the header as the SMC sent it. OkHttp's {@code Request.toString()} hides
     * {@code Authorization} and {@code Cookie} but not this header, so a handshake request must never be logged.
     */
    public Request.Builder applyToHandshake(Request.Builder request) {
        applyTo(request);
        if (authorization != null) {
            try {
                request.header("Sec-WebSocket-Protocol", "access_token, " + bareToken());
            } catch (IllegalArgumentException e) {
                // OkHttp's message would quote the value, and with it the token: OkHttp redacts only well-known names.
                throw new IllegalArgumentException("the SMC's session token holds characters a WebSocket subprotocol "
                        + "cannot carry");
            }
        }
        return request;
    }

    boolean hasCookie() {
        return sessionId != null;
    }

    boolean hasToken() {
        return authorization != null;
    }

    private String bareToken() {
        String prefix = "Bearer ";
        return authorization.regionMatches(true, 0, prefix, 0, prefix.length())
                ? authorization.substring(prefix.length()) : authorization;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SessionCredentials that
                && Objects.equals(sessionId, that.sessionId)
                && Objects.equals(authorization, that.authorization);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sessionId, authorization);
    }

    @Override
    public String toString() {
        return "SessionCredentials(cookie=" + (sessionId == null ? "none" : "[hidden]")
                + ", token=" + (authorization == null ? "none" : "[hidden]") + ")";
    }
}
