package io.github.kafkaconnectsmc.smc.tls;

import io.github.kafkaconnectsmc.smc.SmcRequestException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.HttpUrl;

/**
 * Turns a failed TLS handshake, a proxy that would not open a tunnel, or an https connection dropped by the SMC into
 * a message that names the SMC's host, what did not match, and the setting that fixes it. REST calls
 * ({@link io.github.kafkaconnectsmc.smc.SmcSession}) and the status socket
 * ({@link io.github.kafkaconnectsmc.smc.SmcStatusSocket}) both report such failures through this class, so an
 * operator reads the same advice whichever failed first.
 *
 * <p>Only failures that a retry cannot cure (an untrusted or expired certificate, a host name the certificate does
 * not hold, a refused client certificate, a port that does not speak TLS) become {@link SmcTlsException}; the
 * others stay {@link SmcRequestException}s, with a hint.
 *
 * <p>The JDK's and OkHttp's messages describe certificates only (names, issuers, fingerprints); neither carries a
 * request's headers or body, so no credential can reach the result.
 */
public final class ConnectionFailureTranslator {

    static final String DOCS = "see docs/security.md";
    private static final String LAST_RESORT = "smc.tls.insecure=true turns verification off, as a last resort only";
    private static final Pattern SUBJECT_ALT_NAMES = Pattern.compile("subjectAltNames: \\[([^\\]]*)\\]");
    private static final Pattern ALERT = Pattern.compile("fatal alert: ([a-z_]+)");

    private ConnectionFailureTranslator() {
    }

    /** An exception explaining {@code error}, or empty when it is none of the failures this class knows. */
    public static Optional<SmcRequestException> translate(Throwable error, HttpUrl smc) {
        String where = "the SMC at " + smc.scheme() + "://" + smc.host() + ":" + smc.port();
        Optional<SmcRequestException> proxy = proxyFailure(error, where)
                .map(message -> new SmcRequestException(message, error));
        if (proxy.isPresent()) {
            return proxy;
        }
        Optional<SmcRequestException> tls = tlsFailure(error, smc, where);
        return tls.isPresent() ? tls : droppedHttpsConnection(error, smc, where);
    }

    /**
     * With TLS 1.3 a server checks the client certificate only after the client finished its handshake, so an SMC
     * that wants one (or distrusts the one sent) shows as a connection dropped while the request is written or its
     * answer read: a broken pipe, a reset, a closed socket or a stream ending early, depending on timing. That may
     * also be a passing fault, so this stays a plain {@link SmcRequestException}, with a hint.
     */
    private static Optional<SmcRequestException> droppedHttpsConnection(Throwable error, HttpUrl smc, String where) {
        if (!smc.isHttps() || find(error, SSLException.class) != null) {
            return Optional.empty();
        }
        SocketException socket = find(error, SocketException.class);
        boolean refusedOrUnreachable = socket instanceof ConnectException || socket instanceof NoRouteToHostException;
        IOException endOfStream = find(error, EOFException.class);
        String detail = socket != null ? socket.getMessage() : endOfStream != null ? "the answer ended early" : null;
        if (detail == null || refusedOrUnreachable) {
            return Optional.empty();
        }
        return Optional.of(new SmcRequestException(where + " dropped the connection (" + detail + "). If this "
                + "happens on every attempt, the SMC may require a client certificate it trusts: set "
                + "smc.tls.keystore.location (" + DOCS + ")", error));
    }

    private static Optional<String> proxyFailure(Throwable error, String where) {
        String message = String.valueOf(error.getMessage());
        if (message.startsWith("Failed to authenticate with proxy")) {
            return Optional.of("The proxy in smc.proxy.url refused to open a tunnel to " + where + " without valid "
                    + "credentials: set smc.proxy.username and smc.proxy.password");
        }
        if (message.startsWith("Unexpected response code for CONNECT")) {
            return Optional.of("The proxy in smc.proxy.url refused to open a tunnel to " + where + " ("
                    + message + "): check that the proxy allows connections to the SMC's host and port");
        }
        return Optional.empty();
    }

    private static Optional<SmcRequestException> tlsFailure(Throwable error, HttpUrl smc, String where) {
        UntrustedCertificateException untrusted = find(error, UntrustedCertificateException.class);
        if (untrusted != null) {
            return Optional.of(new SmcTlsException(untrusted(untrusted, where), error));
        }
        SSLPeerUnverifiedException unverified = find(error, SSLPeerUnverifiedException.class);
        if (unverified != null && String.valueOf(unverified.getMessage()).startsWith("Hostname ")) {
            return Optional.of(new SmcTlsException(hostnameMismatch(unverified, smc.host(), where), error));
        }
        SSLException tls = find(error, SSLException.class);
        if (tls == null) {
            return Optional.empty();
        }
        String detail = String.valueOf(tls.getMessage());
        Matcher alert = ALERT.matcher(detail);
        if (alert.find() && isClientCertificateAlert(alert.group(1))) {
            return Optional.of(new SmcTlsException("TLS handshake with " + where + " failed: the SMC refused the "
                    + "connection with '" + alert.group(1) + "', so it requires a client certificate it trusts. Set "
                    + "smc.tls.keystore.location to the client certificate and key (" + DOCS + ")", error));
        }
        if (detail.toLowerCase(Locale.ROOT).contains("unrecognized ssl message")
                || detail.toLowerCase(Locale.ROOT).contains("plaintext connection")) {
            return Optional.of(new SmcTlsException("TLS handshake with " + where + " failed: it did not answer with "
                    + "TLS. If the SMC serves plain http on that port, smc.url must start with http://; otherwise "
                    + "check the port", error));
        }
        if (detail.contains("Remote host terminated the handshake")) {
            // Also what an overloaded or restarting server does: worth a retry, so not an SmcTlsException.
            return Optional.of(new SmcRequestException("TLS handshake with " + where + " failed: the SMC closed "
                    + "the connection during the handshake. If this happens on every attempt: if it serves plain "
                    + "http on that port, smc.url must start with http://; if it requires a client certificate, set "
                    + "smc.tls.keystore.location (" + DOCS + ")", error));
        }
        return Optional.of(new SmcRequestException("TLS handshake with " + where + " failed: " + detail + " ("
                + DOCS + ")", error));
    }

    private static String untrusted(UntrustedCertificateException untrusted, String where) {
        if (untrusted.expired()) {
            return "TLS: the certificate of " + where + " ('" + untrusted.subject() + "') expired on "
                    + untrusted.notAfter() + ". Renew the certificate on the SMC; " + LAST_RESORT;
        }
        return "TLS: the certificate of " + where + " is not trusted: it is '" + untrusted.subject()
                + "', issued by '" + untrusted.issuer() + "', and that issuer is not in " + untrusted.trustSource()
                + ". Set smc.tls.truststore.location to a file holding the certificate of the CA that issued the "
                + "SMC's certificate (" + DOCS + "); " + LAST_RESORT;
    }

    private static String hostnameMismatch(SSLPeerUnverifiedException unverified, String host, String where) {
        Matcher names = SUBJECT_ALT_NAMES.matcher(String.valueOf(unverified.getMessage()));
        String holds = names.find() ? "[" + names.group(1) + "]" : "other names";
        return "TLS: the certificate of " + where + " is trusted but does not name the host '" + host
                + "' of smc.url: it is valid for " + holds + ". Set smc.url to one of those names, or have the "
                + "SMC's certificate reissued with '" + host + "' as a subject alternative name; " + LAST_RESORT;
    }

    private static boolean isClientCertificateAlert(String alert) {
        // certificate_required (TLS 1.3) and bad_certificate (TLS 1.2): none was sent; unknown_ca: it is not trusted.
        return alert.equals("certificate_required") || alert.equals("bad_certificate") || alert.equals("unknown_ca");
    }

    /** The first of {@code error} and its causes that is a {@code type}; a bounded walk, in case causes loop. */
    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        Throwable cause = error;
        for (int depth = 0; cause != null && depth < 16; depth++, cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
