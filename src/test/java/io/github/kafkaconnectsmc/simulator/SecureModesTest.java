package io.github.kafkaconnectsmc.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkaconnectsmc.simulator.SimulatorClient.RecordingSocket;
import io.github.kafkaconnectsmc.testing.TestCertificates;
import java.nio.file.Path;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator's https mode and token ("SSL") sessions, over TCP with a plain OkHttp client. */
class SecureModesTest {

    @TempDir
    Path directory;

    @Test
    void servesHttpsAndWssWithTheGivenCertificate() {
        TestCertificates certificates = TestCertificates.generate(directory);
        try (SmcSimulator simulator = SmcSimulator.start(SimulatorOptions.builder()
                .https(certificates.serverSocketFactory()).build());
             SimulatorClient client = new SimulatorClient(simulator, trusting(certificates))) {

            assertTrue(simulator.baseUrl().startsWith("https://127.0.0.1:"), simulator.baseUrl());
            assertEquals(simulator.baseUrl() + "/7.1/api",
                    client.get("/api", null).json().path("version").get(2).path("href").asText());
            RecordingSocket socket = client.openSocket(client.session(simulator), null);
            assertEquals(101, socket.handshakeStatus());
            socket.send("{\"context\":\"vpn\"}");
            socket.next();
            assertTrue(socket.next().path("status").path("status").path("result").get(0).path("href").asText()
                    .startsWith("https://"), "hrefs carry the scheme the client used");
        }
    }

    @Test
    void aTokenSessionIsAnAuthorizationHeaderEchoedOnRestCallsAndNoCookie() {
        try (SmcSimulator simulator = SmcSimulator.start(SimulatorOptions.builder().tokenSessions(true).build());
             SimulatorClient client = new SimulatorClient(simulator)) {

            SimulatorClient.Answer login = client.login(simulator.options().apiKey());

            assertEquals(200, login.code());
            assertNull(login.setCookie(), "no JSESSIONID in token mode");
            String token = login.authorization();
            assertTrue(token.matches("[0-9a-f]{64}"), token);
            assertEquals(200, client.getWithToken("/7.1/elements/single_fw", token).code());
            assertEquals(401, client.getWithToken("/7.1/elements/single_fw", token + "0").code());
            assertEquals(List.of(token), simulator.traffic().issuedSessionSecrets());
        }
    }

    @Test
    void aTokenSessionOpensTheSocketWithTheAccessTokenSubprotocolAndGetsItChosen() {
        try (SmcSimulator simulator = SmcSimulator.start(SimulatorOptions.builder().tokenSessions(true).build());
             SimulatorClient client = new SimulatorClient(simulator)) {
            String token = client.login(simulator.options().apiKey()).authorization();

            RecordingSocket socket = client.openSocketWithToken(token);

            assertEquals(101, socket.handshakeStatus());
            assertEquals("access_token", socket.subprotocol);
            assertEquals(401, client.openSocketWithToken("f".repeat(64)).handshakeStatus());
            simulator.control().expireSessions();
            assertEquals(401, client.openSocketWithToken(token).handshakeStatus());
        }
    }

    @Test
    void aSimulatorThatOnlyCountsFramesRefusesToListThem() {
        try (SmcSimulator simulator = SmcSimulator.start(SimulatorOptions.builder().recordsFrames(false).build());
             SimulatorClient client = new SimulatorClient(simulator)) {
            RecordingSocket socket = client.openSocket(client.session(simulator), null);
            socket.send("{\"context\":\"fw_single\"}");
            for (int i = 0; i < 5; i++) {
                socket.next();
            }

            assertEquals(4, simulator.traffic().statusFramesSent());
            assertEquals(5, simulator.traffic().framesSent());
            assertThrows(IllegalStateException.class, () -> simulator.traffic().sentFrames());
        }
    }

    private static OkHttpClient.Builder trusting(TestCertificates certificates) {
        HandshakeCertificates trust = new HandshakeCertificates.Builder()
                .addTrustedCertificate(certificates.certificateAuthority().certificate()).build();
        return new OkHttpClient.Builder().sslSocketFactory(trust.sslSocketFactory(), trust.trustManager());
    }
}
