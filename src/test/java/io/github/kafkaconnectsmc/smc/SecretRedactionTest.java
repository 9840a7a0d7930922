package io.github.kafkaconnectsmc.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.kafkaconnectsmc.smc.tls.KeyStoreFile;
import io.github.kafkaconnectsmc.smc.tls.KeyStoreType;
import io.github.kafkaconnectsmc.smc.tls.SmcTlsSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

/** What the smc package prints about a session or its settings never includes a secret. */
class SecretRedactionTest {

    private static final String COOKIE = "C00K1E0123456789ABCDEF0123456789";
    private static final String TOKEN = "token-ffee-never-print";

    @Test
    void sessionCredentialsShowOnlyWhichProofsExist() {
        assertEquals("SessionCredentials(cookie=[hidden], token=[hidden])",
                new SessionCredentials(COOKIE, TOKEN).toString());
        assertEquals("SessionCredentials(cookie=none, token=[hidden])",
                new SessionCredentials(null, TOKEN).toString());
    }

    @Test
    void tokenThatCannotBeASubprotocolIsRefusedWithoutQuotingIt() {
        SessionCredentials credentials = new SessionCredentials(null, TOKEN + "\u00e9");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> credentials.applyToHandshake(new Request.Builder().url("https://smc.example.net:8082/")));

        assertFalse(error.getMessage().contains(TOKEN), error.getMessage());
    }

    @Test
    void tlsSettingsShowFilesButNoPassword() {
        SmcTlsSettings settings = new SmcTlsSettings(
                Optional.of(new KeyStoreFile(Path.of("/etc/smc/ca.p12"), KeyStoreType.PKCS12,
                        Optional.of(new Password("trust-pw-never")))),
                Optional.of(new KeyStoreFile(Path.of("/etc/smc/client.jks"), KeyStoreType.JKS,
                        Optional.of(new Password("keystore-pw-never")))),
                Optional.of(new Password("key-pw-never")), false);

        assertEquals("TLS trusting the trust store /etc/smc/ca.p12 (PKCS12), client certificate from "
                + "/etc/smc/client.jks (JKS, password [hidden]), key password [hidden]", settings.toString());
    }

    @Test
    void sessionShowsNeitherKeyNorCredentials() {
        OkHttpClient client = new OkHttpClient();
        SmcSession session = new SmcSession(client, URI.create("https://smc.example.net:8082"),
                new Password("api-key-never-print"), Optional.of("7.1"), Optional.empty());

        assertEquals("SmcSession(https://smc.example.net:8082/, API 7.1, closed)", session.toString());
    }
}
