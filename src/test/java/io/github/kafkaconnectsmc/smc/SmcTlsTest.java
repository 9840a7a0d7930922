package io.github.kafkaconnectsmc.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkaconnectsmc.FakeSmc;
import io.github.kafkaconnectsmc.LogCapture;
import io.github.kafkaconnectsmc.smc.proxy.SmcProxySettings;
import io.github.kafkaconnectsmc.smc.tls.KeyStoreFile;
import io.github.kafkaconnectsmc.smc.tls.KeyStoreType;
import io.github.kafkaconnectsmc.smc.tls.SmcTlsException;
import io.github.kafkaconnectsmc.smc.tls.SmcTlsSettings;
import io.github.kafkaconnectsmc.testing.TestCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.tls.HeldCertificate;
import org.apache.kafka.common.config.types.Password;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** https REST calls and the wss status socket against an SMC with its own CA. */
class SmcTlsTest {

    private static final String STORE_PASSWORD = "store-pw-2718";

    @TempDir
    Path directory;

    private TestCertificates certificates;
    private FakeSmc smc;
    private final List<OkHttpClient> clients = new ArrayList<>();

    @BeforeEach
    void startSmc() throws Exception {
        certificates = TestCertificates.generate(directory);
        smc = new FakeSmc();
    }

    @AfterEach
    void stop() {
        clients.forEach(client -> SmcHttpClientFactory.shutdown(client, Duration.ofSeconds(5)));
        smc.close();
    }

    @ParameterizedTest
    @EnumSource(KeyStoreType.class)
    void loginSucceedsWhenTheTrustStoreHoldsTheSmcsCa(KeyStoreType type) throws Exception {
        smc.useHttps(certificates.serverSocketFactory()).start();
        SmcTlsSettings tls = trusting(certificates.trustStore(type, STORE_PASSWORD), type);

        SmcSession session = session(client(tls), smc.baseUrl());
        session.open();

        RecordedRequest login = smc.requests("POST", "/7.1/login").get(0);
        assertNotNull(login.getHandshake(), "the login did not use TLS");
        assertTrue(session.isOpen());
    }

    @Test
    void untrustedCaFailsNamingHostIssuerAndTrustStoreSetting() throws Exception {
        smc.useHttps(certificates.serverSocketFactory()).start();
        Path otherCa = certificates.trustStoreOf(certificates.otherCertificateAuthority(), KeyStoreType.PEM, null);

        SmcTlsException error = assertThrows(SmcTlsException.class,
                () -> session(client(trusting(otherCa, KeyStoreType.PEM)), smc.baseUrl()).open());

        String message = error.getMessage();
        assertTrue(message.contains(hostAndPort()), message);
        assertTrue(message.contains("is not trusted"), message);
        assertTrue(message.contains("issued by 'CN=Test SMC CA'"), message);
        assertTrue(message.contains("the trust store " + otherCa), message);
        assertTrue(message.contains("smc.tls.truststore.location"), message);
        assertTrue(message.contains("smc.tls.insecure=true"), message);
    }

    @Test
    void privateCaIsNotTrustedByTheJvmDefaultTrustStore() throws Exception {
        smc.useHttps(certificates.serverSocketFactory()).start();

        SmcTlsException error = assertThrows(SmcTlsException.class,
                () -> session(client(SmcTlsSettings.defaults()), smc.baseUrl()).open());

        assertTrue(error.getMessage().contains("not in the JVM's default trust store"), error.getMessage());
        assertTrue(error.getMessage().contains("smc.tls.truststore.location"), error.getMessage());
    }

    @Test
    void hostNameMissingFromTheCertificateFailsNamingHostAndNames() throws Exception {
        HeldCertificate elsewhere = certificates.serverCertificateFor("smc.example.net");
        smc.useHttps(certificates.serverSocketFactory(elsewhere, certificates.certificateAuthority())).start();
        Path ca = certificates.trustStore(KeyStoreType.PEM, null);
        String url = "https://127.0.0.1:" + smc.port();

        SmcTlsException error = assertThrows(SmcTlsException.class,
                () -> session(client(trusting(ca, KeyStoreType.PEM)), url).open());

        String message = error.getMessage();
        assertTrue(message.contains("does not name the host '127.0.0.1' of smc.url"), message);
        assertTrue(message.contains("[smc.example.net]"), message);
        assertTrue(message.contains("127.0.0.1:" + smc.port()), message);
    }

    @Test
    void expiredCertificateIsReportedAsExpired() throws Exception {
        long now = System.currentTimeMillis();
        HeldCertificate expired = new HeldCertificate.Builder()
                .commonName("localhost").addSubjectAlternativeName("localhost").addSubjectAlternativeName("127.0.0.1")
                .validityInterval(now - TimeUnit.DAYS.toMillis(30), now - TimeUnit.DAYS.toMillis(1))
                .signedBy(certificates.certificateAuthority()).ecdsa256().build();
        smc.useHttps(certificates.serverSocketFactory(expired, certificates.certificateAuthority())).start();

        SmcTlsException error = assertThrows(SmcTlsException.class, () -> session(
                client(trusting(certificates.trustStore(KeyStoreType.PEM, null), KeyStoreType.PEM)), smc.baseUrl()).open());

        assertTrue(error.getMessage().contains("expired on"), error.getMessage());
    }

    @Test
    void insecureModeConnectsToAnUntrustedSmcAndWarns() throws Exception {
        smc.useHttps(certificates.serverSocketFactory()).start();
        SmcTlsSettings insecure = new SmcTlsSettings(Optional.empty(), Optional.empty(), Optional.empty(), true);

        try (LogCapture logs = LogCapture.start()) {
            session(client(insecure), "https://127.0.0.1:" + smc.port()).open();

            assertEquals(1, logs.lines(Level.WARN, "smc.tls.insecure=true").size(), logs.text());
        }
        assertEquals(1, smc.requests("POST", "/7.1/login").size());
    }

    @ParameterizedTest
    @EnumSource(KeyStoreType.class)
    void clientCertificateIsPresentedWhenTheSmcRequiresOne(KeyStoreType type) throws Exception {
        smc.useHttps(certificates.serverSocketFactory()).requireClientCertificate().start();
        SmcTlsSettings tls = new SmcTlsSettings(
                Optional.of(store(certificates.trustStore(KeyStoreType.PEM, null), KeyStoreType.PEM)),
                Optional.of(store(certificates.keyStore(type, STORE_PASSWORD), type)), Optional.empty(), false);

        session(client(tls), smc.baseUrl()).open();

        RecordedRequest login = smc.requests("POST", "/7.1/login").get(0);
        assertEquals(certificates.clientCertificate().certificate(), login.getHandshake().peerCertificates().get(0));
    }

    @Test
    void missingClientCertificateFailsPointingAtTheKeyStoreSetting() throws Exception {
        smc.useHttps(certificates.serverSocketFactory()).requireClientCertificate().start();
        SmcTlsSettings tls = trusting(certificates.trustStore(KeyStoreType.PEM, null), KeyStoreType.PEM);

        SmcRequestException error = assertThrows(SmcRequestException.class,
                () -> session(client(tls), smc.baseUrl()).open());

        // TLS 1.3: the SMC checks for the certificate after the client's handshake, so the client sees a dropped
        // connection, not an alert; the message must still lead to the setting.
        assertTrue(error.getMessage().contains("smc.tls.keystore.location"), error.getMessage());
        assertTrue(error.getMessage().contains(hostAndPort()), error.getMessage());
    }

    @Test
    void httpsUrlToAServerThatHangsUpOnTheClientHelloSuggestsHttpOrAClientCertificate() throws Exception {
        String message = loginAgainstRawServer(connection -> {
            // Read the ClientHello, answer nothing: what a plain-http server or a picky TLS server may do.
            connection.getInputStream().read(new byte[512]);
        });

        assertTrue(message.startsWith("SmcRequestException: "), "a hang-up may be passing: " + message);
        assertTrue(message.contains("closed the connection during the handshake"), message);
        assertTrue(message.contains("http://"), message);
        assertTrue(message.contains("smc.tls.keystore.location"), message);
    }

    @Test
    void httpsUrlToAServerAnsweringInPlainHttpSaysTheSmcDoesNotSpeakTls() throws Exception {
        String message = loginAgainstRawServer(connection -> connection.getOutputStream().write(
                "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII)));

        assertTrue(message.startsWith("SmcTlsException: "), "a port without TLS is not worth a retry: " + message);
        assertTrue(message.contains("did not answer with TLS"), message);
    }

    private interface RawAnswer {
        void answer(Socket connection) throws IOException;
    }

    /**
     * Logs in over https to a server that answers the first connection with {@code answer} and closes it; returns the
     * failure's simple class name and message.
     */
    private String loginAgainstRawServer(RawAnswer answer) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answering = new Thread(() -> {
                try (Socket connection = server.accept()) {
                    answer.answer(connection);
                } catch (IOException e) {
                    // The client gave up first: the caller's assertion reports it.
                }
            }, "raw-answer");
            answering.start();
            String url = "https://localhost:" + server.getLocalPort();

            SmcRequestException error = assertThrows(SmcRequestException.class, () -> session(
                    client(trusting(certificates.trustStore(KeyStoreType.PEM, null), KeyStoreType.PEM)), url).open());
            answering.join(10_000);
            return error.getClass().getSimpleName() + ": " + error.getMessage();
        }
    }

    @Test
    void statusSocketRunsOverWssWithTheSameTrust() throws Exception {
        smc.useHttps(certificates.serverSocketFactory()).start();
        OkHttpClient client = client(trusting(certificates.trustStore(KeyStoreType.PKCS12, STORE_PASSWORD),
                KeyStoreType.PKCS12));
        SmcSession session = session(client, smc.baseUrl());
        session.open();
        RecordingSocketListener listener = new RecordingSocketListener("{\"context\":\"fw_single\"}");

        SmcStatusSocket socket = SmcStatusSocket.open(client, session.statusSocketHandshake(), listener);

        assertEquals("open", listener.next().kind());
        assertEquals("{\"success\":\"Subscribed for status\",\"subscription_id\":0}", listener.next().text());
        RecordedRequest upgrade = smc.requests("GET", "/7.1/status/socket").get(0);
        assertNotNull(upgrade.getHandshake(), "the socket handshake did not use TLS");
        socket.close("test over", Duration.ofSeconds(5));
    }

    @Test
    void statusSocketTlsFailureIsExplainedLikeARestFailure() throws Exception {
        smc.useHttps(certificates.serverSocketFactory()).start();
        SmcSession session = session(client(trusting(certificates.trustStore(KeyStoreType.PEM, null),
                KeyStoreType.PEM)), smc.baseUrl());
        session.open();
        Path otherCa = certificates.trustStoreOf(certificates.otherCertificateAuthority(), KeyStoreType.PEM, null);
        RecordingSocketListener listener = new RecordingSocketListener(null);

        SmcStatusSocket.open(client(trusting(otherCa, KeyStoreType.PEM)), session.statusSocketHandshake(), listener);

        RecordingSocketListener.Event failure = listener.next();
        assertEquals("failure", failure.kind());
        SmcTlsException error = assertInstanceOf(SmcTlsException.class, failure.error());
        assertTrue(error.getMessage().contains("is not trusted"), error.getMessage());
        assertTrue(error.getMessage().contains(hostAndPort()), error.getMessage());
        assertTrue(error.getMessage().contains("smc.tls.truststore.location"), error.getMessage());
    }

    private String hostAndPort() {
        return URI.create(smc.baseUrl()).getHost() + ":" + smc.port();
    }

    private OkHttpClient client(SmcTlsSettings tls) {
        OkHttpClient client = SmcHttpClientFactory.create(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ZERO,
                Optional.of(tls), SmcProxySettings.none(), "tls-test");
        clients.add(client);
        return client;
    }

    private static SmcSession session(OkHttpClient client, String url) {
        return new SmcSession(client, URI.create(url), new Password(FakeSmc.API_KEY), Optional.of("7.1"),
                Optional.empty());
    }

    private static SmcTlsSettings trusting(Path trustStore, KeyStoreType type) {
        return new SmcTlsSettings(Optional.of(store(trustStore, type)), Optional.empty(), Optional.empty(), false);
    }

    private static KeyStoreFile store(Path location, KeyStoreType type) {
        return new KeyStoreFile(location, type,
                type == KeyStoreType.PEM ? Optional.empty() : Optional.of(new Password(STORE_PASSWORD)));
    }
}
