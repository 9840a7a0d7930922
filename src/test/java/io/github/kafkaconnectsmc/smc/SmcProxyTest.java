package io.github.kafkaconnectsmc.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkaconnectsmc.FakeSmc;
import io.github.kafkaconnectsmc.smc.proxy.SmcProxySettings;
import io.github.kafkaconnectsmc.smc.tls.KeyStoreFile;
import io.github.kafkaconnectsmc.smc.tls.KeyStoreType;
import io.github.kafkaconnectsmc.smc.tls.SmcTlsSettings;
import io.github.kafkaconnectsmc.testing.ConnectTunnelProxy.ConnectRequest;
import io.github.kafkaconnectsmc.testing.ConnectTunnelProxy;
import io.github.kafkaconnectsmc.testing.TestCertificates;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mockwebserver3.RecordedRequest;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * REST calls and the status socket through an HTTP proxy. The SMC's host name, {@code smc.proxied.test}, does not
 * resolve, so a call that works went through the proxy.
 */
class SmcProxyTest {

    private static final String SMC_HOST = "smc.proxied.test";
    private static final String PROXY_USER = "connect";
    private static final String PROXY_PASSWORD = "proxy-pw-6022";

    @TempDir
    Path directory;

    private TestCertificates certificates;
    private FakeSmc smc;
    private ConnectTunnelProxy proxy;
    private final List<OkHttpClient> clients = new ArrayList<>();

    @BeforeEach
    void createSmc() {
        certificates = TestCertificates.generate(directory);
        smc = new FakeSmc();
    }

    @AfterEach
    void stop() {
        clients.forEach(client -> SmcHttpClientFactory.shutdown(client, Duration.ofSeconds(5)));
        if (proxy != null) {
            proxy.close();
        }
        smc.close();
    }

    @Test
    void httpsLoginAndWssSocketGoThroughTheProxysTunnels() throws Exception {
        startHttpsSmc();
        proxy = ConnectTunnelProxy.open(smcAddress());
        OkHttpClient client = client(SmcProxySettings.of(proxy.url(), Optional.empty(), Optional.empty()));

        openSessionAndSocket(client);

        String authority = SMC_HOST + ":" + smc.port();
        // The SMC's host does not resolve: every request the SMC saw came through a tunnel (the socket may reuse the
        // login's connection, so the number of tunnels is not fixed).
        assertTrue(proxy.tunnelsOpened() >= 1, proxy.requests().toString());
        assertTrue(proxy.requests().stream().allMatch(r -> r.authority().equals(authority)),
                proxy.requests().toString());
        assertTrue(proxy.requests().stream().allMatch(r -> r.proxyAuthorization().isEmpty()),
                "credentials sent to a proxy that asked for none");
        assertEquals(1, smc.requests("POST", "/7.1/login").size());
        assertEquals(1, smc.requests("GET", "/7.1/status/socket").size());
    }

    @Test
    void proxyCredentialsAreSentOnlyAfterTheProxyAsks() throws Exception {
        startHttpsSmc();
        proxy = ConnectTunnelProxy.requiringCredentials(smcAddress(), PROXY_USER, PROXY_PASSWORD);
        OkHttpClient client = client(SmcProxySettings.of(proxy.url(), Optional.of(PROXY_USER),
                Optional.of(new Password(PROXY_PASSWORD))));

        openSessionAndSocket(client);

        List<ConnectRequest> requests = proxy.requests();
        assertTrue(requests.get(0).proxyAuthorization().isEmpty(), "credentials sent before the proxy asked");
        assertFalse(requests.get(0).accepted());
        assertEquals(Optional.of(Credentials.basic(PROXY_USER, PROXY_PASSWORD)), requests.get(1).proxyAuthorization());
        assertTrue(proxy.tunnelsOpened() >= 1, requests.toString());
    }

    @Test
    void proxyRefusingTheCredentialsFailsPointingAtTheProxySettings() throws Exception {
        startHttpsSmc();
        proxy = ConnectTunnelProxy.requiringCredentials(smcAddress(), PROXY_USER, PROXY_PASSWORD);
        String wrong = "not-the-proxy-pw-1234";
        OkHttpClient client = client(SmcProxySettings.of(proxy.url(), Optional.of(PROXY_USER),
                Optional.of(new Password(wrong))));

        SmcRequestException error = assertThrows(SmcRequestException.class, () -> session(client).open());

        assertTrue(error.getMessage().contains("smc.proxy.username and smc.proxy.password"), error.getMessage());
        assertTrue(error.getMessage().contains(SMC_HOST), error.getMessage());
        assertFalse(error.getMessage().contains(wrong), error.getMessage());
        assertEquals(2, proxy.requests().size(), "one try without, one with the credentials: " + proxy.requests());
    }

    @Test
    void proxyAskingForCredentialsThatAreNotConfiguredFailsPointingAtTheProxySettings() throws Exception {
        startHttpsSmc();
        proxy = ConnectTunnelProxy.requiringCredentials(smcAddress(), PROXY_USER, PROXY_PASSWORD);
        OkHttpClient client = client(SmcProxySettings.of(proxy.url(), Optional.empty(), Optional.empty()));

        SmcRequestException error = assertThrows(SmcRequestException.class, () -> session(client).open());

        assertTrue(error.getMessage().contains("smc.proxy.username and smc.proxy.password"), error.getMessage());
    }

    @Test
    void plainHttpRequestsAndTheSocketUpgradeGoToTheProxy() throws Exception {
        // MockWebServer as the proxy: with plain http the client sends it absolute URLs, and it answers as the SMC.
        smc.start();
        URI proxyUrl = URI.create("http://127.0.0.1:" + smc.port());
        OkHttpClient client = client(SmcProxySettings.of(proxyUrl, Optional.empty(), Optional.empty()));
        SmcSession session = new SmcSession(client, URI.create("http://" + SMC_HOST + ":8082"),
                new Password(FakeSmc.API_KEY), Optional.of("7.1"), Optional.empty());
        session.open();
        RecordingSocketListener listener = new RecordingSocketListener("{\"context\":\"fw_single\"}");

        SmcStatusSocket socket = SmcStatusSocket.open(client, session.statusSocketHandshake(), listener);

        assertEquals("open", listener.next().kind());
        RecordedRequest login = smc.requests("POST", "/7.1/login").get(0);
        RecordedRequest upgrade = smc.requests("GET", "/7.1/status/socket").get(0);
        assertEquals("http://" + SMC_HOST + ":8082/7.1/login", login.getTarget());
        assertEquals("http://" + SMC_HOST + ":8082/7.1/status/socket", upgrade.getTarget());
        assertEquals("websocket", upgrade.getHeaders().get("Upgrade"));
        socket.close("test over", Duration.ofSeconds(5));
    }

    private void startHttpsSmc() throws Exception {
        smc.useHttps(certificates.serverSocketFactory(certificates.serverCertificateFor(SMC_HOST),
                certificates.certificateAuthority())).start();
    }

    private InetSocketAddress smcAddress() {
        return new InetSocketAddress("127.0.0.1", smc.port());
    }

    private void openSessionAndSocket(OkHttpClient client) throws InterruptedException {
        SmcSession session = session(client);
        session.open();
        RecordingSocketListener listener = new RecordingSocketListener("{\"context\":\"fw_single\"}");
        SmcStatusSocket socket = SmcStatusSocket.open(client, session.statusSocketHandshake(), listener);
        assertEquals("open", listener.next().kind());
        assertEquals("{\"success\":\"Subscribed for status\",\"subscription_id\":0}", listener.next().text());
        socket.close("test over", Duration.ofSeconds(5));
    }

    private SmcSession session(OkHttpClient client) {
        return new SmcSession(client, URI.create("https://" + SMC_HOST + ":" + smc.port()),
                new Password(FakeSmc.API_KEY), Optional.of("7.1"), Optional.empty());
    }

    private OkHttpClient client(SmcProxySettings proxySettings) {
        SmcTlsSettings tls = new SmcTlsSettings(Optional.of(new KeyStoreFile(
                certificates.trustStore(KeyStoreType.PEM, null), KeyStoreType.PEM, Optional.empty())),
                Optional.empty(), Optional.empty(), false);
        OkHttpClient client = SmcHttpClientFactory.create(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ZERO,
                Optional.of(tls), proxySettings, "proxy-test");
        clients.add(client);
        return client;
    }
}
