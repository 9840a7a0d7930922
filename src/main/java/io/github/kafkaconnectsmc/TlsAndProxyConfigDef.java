package io.github.kafkaconnectsmc;

import io.github.kafkaconnectsmc.config.ProxyUrlValidator;
import io.github.kafkaconnectsmc.config.StoreLocationValidator;
import io.github.kafkaconnectsmc.smc.tls.KeyStoreLoader;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The settings of how a task reaches the SMC: TLS (trust store, client key store, the unsafe switch) and the HTTP
 * proxy. {@link SmcSourceConfig} defines them after its own and reads them into typed settings.
 */
public final class TlsAndProxyConfigDef {

    public static final String TLS_GROUP = "SMC TLS";
    public static final String PROXY_GROUP = "SMC proxy";

    public static final String SMC_TLS_TRUSTSTORE_LOCATION_CONFIG = KeyStoreLoader.TRUSTSTORE_LOCATION;
    static final String SMC_TLS_TRUSTSTORE_LOCATION_DOC = "File holding the certificate of the CA that issued the "
            + "SMC's https certificate (or the SMC's certificate itself), used to verify the SMC on REST calls and "
            + "the status socket. Empty: the JVM's default trust store. When set, every smc.url must be https.";

    public static final String SMC_TLS_TRUSTSTORE_TYPE_CONFIG = KeyStoreLoader.TRUSTSTORE_TYPE;
    static final String SMC_TLS_TRUSTSTORE_TYPE_DOC = "Format of smc.tls.truststore.location: PEM (one or more "
            + "-----BEGIN CERTIFICATE----- blocks, as the SMC's CA is usually exported), JKS or PKCS12.";
    static final String SMC_TLS_TRUSTSTORE_TYPE_DEFAULT = "PEM";

    public static final String SMC_TLS_TRUSTSTORE_PASSWORD_CONFIG = KeyStoreLoader.TRUSTSTORE_PASSWORD;
    static final String SMC_TLS_TRUSTSTORE_PASSWORD_DOC = "Password of a JKS or PKCS12 trust store; not used for "
            + "PEM. Never logged; keep it in a config provider.";

    public static final String SMC_TLS_KEYSTORE_LOCATION_CONFIG = KeyStoreLoader.KEYSTORE_LOCATION;
    static final String SMC_TLS_KEYSTORE_LOCATION_DOC = "File holding the client certificate and private key the "
            + "task presents when the SMC requires mutual TLS. Empty: no client certificate is sent. When set, "
            + "every smc.url must be https.";

    public static final String SMC_TLS_KEYSTORE_TYPE_CONFIG = KeyStoreLoader.KEYSTORE_TYPE;
    static final String SMC_TLS_KEYSTORE_TYPE_DOC = "Format of smc.tls.keystore.location: PEM (a PKCS#8 "
            + "-----BEGIN PRIVATE KEY----- block followed by the certificate chain), JKS or PKCS12.";
    static final String SMC_TLS_KEYSTORE_TYPE_DEFAULT = "PEM";

    public static final String SMC_TLS_KEYSTORE_PASSWORD_CONFIG = KeyStoreLoader.KEYSTORE_PASSWORD;
    static final String SMC_TLS_KEYSTORE_PASSWORD_DOC = "Password of a JKS or PKCS12 key store. Never logged.";

    public static final String SMC_TLS_KEY_PASSWORD_CONFIG = KeyStoreLoader.KEY_PASSWORD;
    static final String SMC_TLS_KEY_PASSWORD_DOC = "Password of the private key: of an encrypted PEM key, or of a "
            + "JKS key whose password differs from the store's. Empty: the key store's password. Never logged.";

    public static final String SMC_TLS_INSECURE_CONFIG = "smc.tls.insecure";
    static final String SMC_TLS_INSECURE_DOC = "true turns off verification of the SMC's certificate and host name, "
            + "so anyone on the network path can pose as the SMC and receive the API key. For a first test only; "
            + "a warning is logged at every task start. Configure smc.tls.truststore.location instead. When "
            + "true, every smc.url must be https.";
    static final boolean SMC_TLS_INSECURE_DEFAULT = false;

    public static final String SMC_PROXY_URL_CONFIG = "smc.proxy.url";
    static final String SMC_PROXY_URL_DOC = "HTTP proxy for REST calls and the status socket, as http://host:port. "
            + "An https SMC is reached through a CONNECT tunnel, so TLS stays end to end. Empty: the JVM's proxy "
            + "settings (https.proxyHost, http.proxyHost), if any.";

    public static final String SMC_PROXY_USERNAME_CONFIG = "smc.proxy.username";
    static final String SMC_PROXY_USERNAME_DOC = "User for the proxy's Basic authentication, sent only when the proxy "
            + "asks (HTTP 407). Set together with smc.proxy.password.";

    public static final String SMC_PROXY_PASSWORD_CONFIG = "smc.proxy.password";
    static final String SMC_PROXY_PASSWORD_DOC = "Password for the proxy's Basic authentication. Never logged.";

    /** Adds the TLS and proxy settings to {@code definitions}, after those already there. */
    static ConfigDef defineOn(ConfigDef definitions) {
        int tls = 0;
        int proxy = 0;
        ConfigDef.Validator storeTypes = ConfigDef.CaseInsensitiveValidString.in("PEM", "JKS", "PKCS12");
        ConfigDef.Validator storeLocation = new StoreLocationValidator();
        return definitions
                .define(SMC_TLS_TRUSTSTORE_LOCATION_CONFIG, Type.STRING, "", storeLocation, Importance.HIGH,
                        SMC_TLS_TRUSTSTORE_LOCATION_DOC, TLS_GROUP, ++tls, Width.LONG, "Trust store")
                .define(SMC_TLS_TRUSTSTORE_TYPE_CONFIG, Type.STRING, SMC_TLS_TRUSTSTORE_TYPE_DEFAULT, storeTypes,
                        Importance.MEDIUM, SMC_TLS_TRUSTSTORE_TYPE_DOC, TLS_GROUP, ++tls, Width.SHORT,
                        "Trust store type")
                .define(SMC_TLS_TRUSTSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.MEDIUM,
                        SMC_TLS_TRUSTSTORE_PASSWORD_DOC, TLS_GROUP, ++tls, Width.MEDIUM, "Trust store password")
                .define(SMC_TLS_KEYSTORE_LOCATION_CONFIG, Type.STRING, "", storeLocation, Importance.MEDIUM,
                        SMC_TLS_KEYSTORE_LOCATION_DOC, TLS_GROUP, ++tls, Width.LONG, "Client key store")
                .define(SMC_TLS_KEYSTORE_TYPE_CONFIG, Type.STRING, SMC_TLS_KEYSTORE_TYPE_DEFAULT, storeTypes,
                        Importance.LOW, SMC_TLS_KEYSTORE_TYPE_DOC, TLS_GROUP, ++tls, Width.SHORT, "Key store type")
                .define(SMC_TLS_KEYSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.MEDIUM,
                        SMC_TLS_KEYSTORE_PASSWORD_DOC, TLS_GROUP, ++tls, Width.MEDIUM, "Key store password")
                .define(SMC_TLS_KEY_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.LOW,
                        SMC_TLS_KEY_PASSWORD_DOC, TLS_GROUP, ++tls, Width.MEDIUM, "Private key password")
                .define(SMC_TLS_INSECURE_CONFIG, Type.BOOLEAN, SMC_TLS_INSECURE_DEFAULT, Importance.LOW,
                        SMC_TLS_INSECURE_DOC, TLS_GROUP, ++tls, Width.SHORT, "Skip TLS verification (unsafe)")
                .define(SMC_PROXY_URL_CONFIG, Type.STRING, "", new ProxyUrlValidator(), Importance.MEDIUM,
                        SMC_PROXY_URL_DOC, PROXY_GROUP, ++proxy, Width.LONG, "Proxy URL")
                .define(SMC_PROXY_USERNAME_CONFIG, Type.STRING, "", Importance.LOW,
                        SMC_PROXY_USERNAME_DOC, PROXY_GROUP, ++proxy, Width.MEDIUM, "Proxy user")
                .define(SMC_PROXY_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.LOW,
                        SMC_PROXY_PASSWORD_DOC, PROXY_GROUP, ++proxy, Width.MEDIUM, "Proxy password");
    }

    private TlsAndProxyConfigDef() {
    }
}
