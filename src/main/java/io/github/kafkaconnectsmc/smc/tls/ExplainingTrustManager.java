package io.github.kafkaconnectsmc.smc.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Verifies the SMC's certificate with the JDK's trust manager and, when it is refused, throws an
 * {@link UntrustedCertificateException} that names the certificate, its issuer and the trust store it was checked
 * against. The JDK's own message ("PKIX path building failed") names none of them.
 *
 * <p>Extends {@link X509ExtendedTrustManager} so that the JDK calls it directly instead of wrapping it with checks
 * of its own; host name verification stays with OkHttp.
 */
final class ExplainingTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager delegate;
    private final String trustSource;

    ExplainingTrustManager(X509ExtendedTrustManager delegate, String trustSource) {
        this.delegate = delegate;
        this.trustSource = trustSource;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        explainingRefusal(chain, () -> delegate.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        explainingRefusal(chain, () -> delegate.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        explainingRefusal(chain, () -> delegate.checkServerTrusted(chain, authType));
    }

    /** One of the delegate's server checks. */
    private interface ServerCheck {
        void run() throws CertificateException;
    }

    private void explainingRefusal(X509Certificate[] chain, ServerCheck check) throws CertificateException {
        try {
            check.run();
        } catch (CertificateException e) {
            throw explained(chain, e);
        }
    }

    private UntrustedCertificateException explained(X509Certificate[] chain, CertificateException cause) {
        return new UntrustedCertificateException(chain, trustSource, hasExpired(chain), cause);
    }

    private static boolean hasExpired(X509Certificate[] chain) {
        if (chain == null || chain.length == 0) {
            return false;
        }
        try {
            chain[0].checkValidity();
            return false;
        } catch (CertificateExpiredException e) {
            return true;
        } catch (CertificateNotYetValidException e) {
            return false;
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
