package io.github.kafkaconnectsmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkaconnectsmc.smc.tls.KeyStoreType;
import io.github.kafkaconnectsmc.testing.ConnectTunnelProxy;
import io.github.kafkaconnectsmc.testing.TestCertificates;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API key, store and proxy passwords, the session cookie and the token never reach a log line (at any level),
 * an exception (message or stack trace), a {@code toString()} or a record, in a working session and in failing ones.
 */
class SecretsStayHiddenTest {

    private static final String API_KEY = FakeSmc.API_KEY;
    private static final String TRUST_PASSWORD = "TRUST-PW-1b2c-never-log";
    private static final String KEYSTORE_PASSWORD = "KEYSTORE-PW-4f5a-never-log";
    private static final String PROXY_PASSWORD = "PROXY-PW-3d4e-never-log";
    private static final String TOKEN = "SMC-TOKEN-9a8b-never-log";
    private static final List<String> SECRETS = List.of(API_KEY, TRUST_PASSWORD, KEYSTORE_PASSWORD, PROXY_PASSWORD,
            TOKEN, FakeSmc.SESSION_ID);

    @TempDir
    Path directory;

    private TestCertificates certificates;
    private final FakeSmc smc = new FakeSmc().sendingStatusOnSubscribe();
    private ConnectTunnelProxy proxy;
    private SmcSourceTask task;

    @BeforeEach
    void generate() {
        certificates = TestCertificates.generate(directory);
    }

    @AfterEach
    void stop() {
        if (task != null) {
            task.stop();
        }
        if (proxy != null) {
            proxy.close();
        }
        smc.close();
    }

    @Test
    void failedLoginShowsNoKeyEvenWhenTheSmcQuotesTheRequest() throws Exception {
        smc.refusingLoginsQuotingTheRequest().start();
        ConnectException failure;
        String logs;
        try (LogCapture captured = LogCapture.startAtEveryLevel()) {
            task = start(plainProps());
            failure = PollUntil.failure(task);
            task.stop();
            task = null;
            logs = captured.text();
        }

        assertTrue(failure.getMessage().contains("refused the login"), failure.getMessage());
        assertTrue(failure.getMessage().contains("[hidden]"), "the SMC's quote of the key was not hidden: "
                + failure.getMessage());
        assertNoSecret("failure", stackTrace(failure));
        assertNoSecret("logs", logs);
        assertTrue(logs.contains("refused the login"), "the failure was not logged at all");
    }

    @Test
    void workingHttpsSessionThroughAnAuthenticatingProxyShowsNoSecret() throws Exception {
        smc.useHttps(certificates.serverSocketFactory()).requireClientCertificate()
                .issuingCookiesAndTokens(TOKEN).acceptingSubprotocol("access_token").start();
        proxy = ConnectTunnelProxy.requiringCredentials(new InetSocketAddress("127.0.0.1", smc.port()),
                "connect", PROXY_PASSWORD);
        Map<String, String> props = httpsProps();
        props.put("smc.proxy.url", proxy.url().toString());
        props.put("smc.proxy.username", "connect");
        props.put("smc.proxy.password", PROXY_PASSWORD);
        List<SourceRecord> records;
        String logs;
        try (LogCapture captured = LogCapture.startAtEveryLevel()) {
            task = start(props);
            records = PollUntil.records(task);
            task.stop();
            task = null;
            logs = captured.text();
        }

        assertTrue(proxy.tunnelsOpened() >= 1, "the session did not use the proxy: " + proxy.requests());
        assertTrue(logs.contains("Logged in to the SMC") && logs.contains("Logged out of the SMC"), logs);
        assertEquals(1, smc.requests("PUT", "/7.1/logout").size());
        assertNoSecret("logs", logs);
        assertNoSecret("records", records.toString());
        SmcSourceConfig config = new SmcSourceConfig(props);
        assertNoSecret("config values", config.values().toString());
        assertNoSecret("TLS settings", config.tlsSettings().toString());
        assertNoSecret("proxy settings", config.proxySettings().toString());
    }

    @Test
    void failedTlsHandshakeShowsNoSecret() throws Exception {
        smc.useHttps(certificates.serverSocketFactory()).start();
        Map<String, String> props = httpsProps();
        props.put("smc.tls.truststore.location", certificates.trustStoreOf(certificates.otherCertificateAuthority(),
                KeyStoreType.PKCS12, TRUST_PASSWORD).toString());
        ConnectException failure;
        String logs;
        try (LogCapture captured = LogCapture.startAtEveryLevel()) {
            task = start(props);
            failure = PollUntil.failure(task);
            task.stop();
            task = null;
            logs = captured.text();
        }

        assertTrue(failure.getMessage().contains("is not trusted"), failure.getMessage());
        assertTrue(logs.contains("is not trusted"), "the failure was not logged at all");
        assertNoSecret("failure", stackTrace(failure));
        assertNoSecret("logs", logs);
    }

    private Map<String, String> plainProps() {
        Map<String, String> props = new HashMap<>();
        props.put("name", "secrets-test");
        props.put("smc.url", smc.baseUrl());
        props.put("smc.api.key", API_KEY);
        props.put("smc.api.version", FakeSmc.VERSION);
        props.put("smc.contexts", "fw_single");
        return props;
    }

    private Map<String, String> httpsProps() {
        Map<String, String> props = plainProps();
        props.put("smc.tls.truststore.location", certificates.trustStore(KeyStoreType.PKCS12, TRUST_PASSWORD)
                .toString());
        props.put("smc.tls.truststore.type", "PKCS12");
        props.put("smc.tls.truststore.password", TRUST_PASSWORD);
        props.put("smc.tls.keystore.location", certificates.keyStore(KeyStoreType.PKCS12, KEYSTORE_PASSWORD)
                .toString());
        props.put("smc.tls.keystore.type", "PKCS12");
        props.put("smc.tls.keystore.password", KEYSTORE_PASSWORD);
        return props;
    }

    private static void assertNoSecret(String where, String text) {
        List<String> found = new ArrayList<>();
        for (String secret : SECRETS) {
            if (text.contains(secret)) {
                found.add(secret);
            }
        }
        assertEquals(List.of(), found, "secrets found in " + where);
    }

    private static String stackTrace(Throwable error) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }

    private static SmcSourceTask start(Map<String, String> props) {
        SmcSourceTask started = new SmcSourceTask();
        started.start(props);
        return started;
    }
}
