package io.github.kafkaconnectsmc.smc.tls;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Date;
import javax.security.auth.x500.X500Principal;

/**
 * The SMC presented a certificate the task does not trust. Carries what the trust manager knew (the certificate's
 * subject and issuer, and the trust store it was checked against) so that {@link ConnectionFailureTranslator} can
 * say what did not match and which setting fixes it.
 */
final class UntrustedCertificateException extends CertificateException {

    private final String subject;
    private final String issuer;
    private final Date notAfter;
    private final boolean expired;
    private final String trustSource;

    UntrustedCertificateException(X509Certificate[] chain, String trustSource, boolean expired,
                                  CertificateException cause) {
        super(describe(chain, trustSource, expired), cause);
        X509Certificate leaf = chain == null || chain.length == 0 ? null : chain[0];
        this.subject = leaf == null ? "(none)" : name(leaf.getSubjectX500Principal());
        this.issuer = leaf == null ? "(none)" : name(leaf.getIssuerX500Principal());
        this.notAfter = leaf == null ? null : leaf.getNotAfter();
        this.expired = expired;
        this.trustSource = trustSource;
    }

    private static String describe(X509Certificate[] chain, String trustSource, boolean expired) {
        if (chain == null || chain.length == 0) {
            return "the server sent no certificate";
        }
        X509Certificate leaf = chain[0];
        return expired
                ? "the certificate '" + name(leaf.getSubjectX500Principal()) + "' expired on " + leaf.getNotAfter()
                : "the certificate '" + name(leaf.getSubjectX500Principal()) + "' issued by '"
                + name(leaf.getIssuerX500Principal()) + "' is not trusted by " + trustSource;
    }

    private static String name(X500Principal principal) {
        return principal.getName(X500Principal.RFC2253);
    }

    String subject() {
        return subject;
    }

    String issuer() {
        return issuer;
    }

    Date notAfter() {
        return notAfter;
    }

    boolean expired() {
        return expired;
    }

    String trustSource() {
        return trustSource;
    }
}
