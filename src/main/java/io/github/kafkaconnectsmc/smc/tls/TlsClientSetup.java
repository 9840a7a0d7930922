package io.github.kafkaconnectsmc.smc.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures an OkHttp client's TLS from {@link SmcTlsSettings}: the trust store (or the JVM's default one), the
 * client certificate for mutual TLS, or, only when {@code smc.tls.insecure=true}, no verification at all. The same
 * client serves REST calls and the status socket, so https and wss are verified alike.
 */
public final class TlsClientSetup {

    private static final Logger log = LoggerFactory.getLogger(TlsClientSetup.class);

    private TlsClientSetup() {
    }

    public static void apply(SmcTlsSettings settings, OkHttpClient.Builder client) {
        KeyManager[] keyManagers = settings.keyStore()
                .map(store -> KeyStoreLoader.loadKeyManagers(store, settings.keyPassword()))
                .orElse(null);
        X509ExtendedTrustManager trustManager;
        if (settings.insecure()) {
            log.warn("smc.tls.insecure=true: the SMC's certificate and host name are NOT verified. Anyone on the "
                    + "network path can pose as the SMC and receive the API key. Trust the SMC's CA with "
                    + "smc.tls.truststore.location instead (see docs/security.md).");
            trustManager = new TrustingEveryCertificate();
            client.hostnameVerifier((hostname, session) -> true);
        } else {
            KeyStore trusted = settings.trustStore().map(KeyStoreLoader::loadTrustStore).orElse(null);
            trustManager = new ExplainingTrustManager(platformTrustManager(trusted), settings.trustSource());
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, new TrustManager[] {trustManager}, null);
            client.sslSocketFactory(context.getSocketFactory(), trustManager);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot create a TLS context", e);
        }
    }

    /** The JDK's PKIX trust manager over {@code trusted}, or over the JVM's default trust store when null. */
    private static X509ExtendedTrustManager platformTrustManager(KeyStore trusted) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("the JDK's trust manager factory returned no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot create a trust manager", e);
        }
    }

    /** What {@code smc.tls.insecure=true} means: every certificate is accepted. */
    private static final class TrustingEveryCertificate extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
