package io.github.kafkaconnectsmc.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kafkaconnectsmc.FakeSmc;
import io.github.kafkaconnectsmc.LogCapture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.apache.kafka.common.config.types.Password;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SmcSessionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeSmc smc;
    private OkHttpClient client;

    @BeforeEach
    void start() throws IOException {
        smc = new FakeSmc().start();
        client = SmcHttpClientFactory.create(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ZERO, "smc-session-test");
    }

    @AfterEach
    void stop() {
        SmcHttpClientFactory.shutdown(client, Duration.ofSeconds(5));
        smc.close();
    }

    private SmcSession session(String apiKey, Optional<String> version, Optional<String> domain) {
        return new SmcSession(client, URI.create(smc.baseUrl()), new Password(apiKey), version, domain);
    }

    @Test
    void anSmcHostNameThatDoesNotResolveIsReportedWithTheSettingToCheck() {
        OkHttpClient noDns = client.newBuilder()
                .dns(host -> {
                    throw new UnknownHostException(host + ": Name or service not known");
                })
                .build();
        SmcSession session = new SmcSession(noDns, URI.create("https://smc.example.invalid:8082"),
                new Password(FakeSmc.API_KEY), Optional.of(FakeSmc.VERSION), Optional.empty());

        SmcRequestException error = assertThrows(SmcRequestException.class, session::open);

        assertTrue(error.getMessage().contains("smc.example.invalid: Name or service not known"), error.getMessage());
        assertTrue(error.getMessage().contains("the host name does not resolve: check the host in smc.url"),
                error.getMessage());
    }

    @Test
    void anSmcPortThatRefusesConnectionsIsReportedWithTheSettingToCheck() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        SmcSession session = new SmcSession(client, URI.create("http://127.0.0.1:" + closedPort),
                new Password(FakeSmc.API_KEY), Optional.of(FakeSmc.VERSION), Optional.empty());

        SmcRequestException error = assertThrows(SmcRequestException.class, session::open);

        assertTrue(error.getMessage().contains("nothing accepted the connection: check the host and port in smc.url"),
                error.getMessage());
    }

    @Test
    void withoutAPinnedVersionTheNewestOfferedIsChosenNumericallyAndLogged() {
        smc.offeringVersions("6.9", "6.10", "6.5");
        SmcSession session = session(FakeSmc.API_KEY, Optional.empty(), Optional.empty());

        try (LogCapture logs = LogCapture.start()) {
            session.open();
            assertEquals(1, logs.lines(Level.INFO, "using the newest, 6.10").size(), logs.text());
        }

        assertEquals("6.10", session.apiVersion());
        assertEquals(List.of("GET /api", "POST /6.10/login"), smc.events());
    }

    @Test
    void aPinnedVersionIsUsedWithoutAskingTheSmc() {
        SmcSession session = session(FakeSmc.API_KEY, Optional.of("7.0"), Optional.empty());
        session.open();

        assertEquals(List.of("POST /7.0/login"), smc.events());
        assertTrue(session.isOpen());
    }

    @Test
    void anSmcThatListsNoVersionIsAnErrorNamingTheVersionSetting() {
        smc.offeringVersions();
        SmcSession session = session(FakeSmc.API_KEY, Optional.empty(), Optional.empty());

        SmcRequestException error = assertThrows(SmcRequestException.class, session::open);
        assertTrue(error.getMessage().contains("smc.api.version"), error.getMessage());
    }

    @Test
    void loginPostsTheKeyAndDomainAsJsonAndKeepsTheSessionCookie() throws IOException {
        SmcSession session = session(FakeSmc.API_KEY, Optional.of(FakeSmc.VERSION), Optional.of("Branch Offices"));
        session.open();

        RecordedRequest login = smc.requests("POST", "/7.1/login").get(0);
        assertTrue(login.getHeaders().get("Content-Type").startsWith("application/json"));
        JsonNode body = JSON.readTree(login.getBody().utf8());
        assertEquals(JSON.createObjectNode().put("authenticationkey", FakeSmc.API_KEY).put("domain", "Branch Offices"),
                body);
        assertEquals("JSESSIONID=" + FakeSmc.SESSION_ID,
                session.statusSocketHandshake().header("Cookie"));
    }

    @Test
    void loginWithoutADomainSendsOnlyTheKey() throws IOException {
        session(FakeSmc.API_KEY, Optional.of(FakeSmc.VERSION), Optional.empty()).open();

        JsonNode body = JSON.readTree(smc.requests("POST", "/7.1/login").get(0).getBody().utf8());
        assertEquals(List.of("authenticationkey"), body.properties().stream().map(e -> e.getKey()).toList());
    }

    @Test
    void aWrongKeyIsRefusedWithAMessageNamingTheSettingButNeverTheKey() {
        String wrongKey = "WrongKey-5d1e-NEVER-LOGGED-77aa";
        SmcSession session = session(wrongKey, Optional.of(FakeSmc.VERSION), Optional.of("Branch Offices"));

        SmcLoginRefusedException error = assertThrows(SmcLoginRefusedException.class, session::open);

        assertEquals(401, error.httpStatus());
        assertTrue(error.getMessage().contains("HTTP 401"), error.getMessage());
        assertTrue(error.getMessage().contains("smc.api.key"), error.getMessage());
        assertTrue(error.getMessage().contains("smc.domain"), error.getMessage());
        assertFalse(error.getMessage().contains(wrongKey), error.getMessage());
        assertFalse(session.isOpen());
    }

    @Test
    void anSmcErrorQuotingTheKeyAcrossTheCutOfItsTextShowsNoPartOfTheKey() {
        // "Invalid login " and {'authenticationkey':' come before the key: with this padding the message is cut at
        // its 300th character ten characters into the key.
        smc.refusingLoginsQuotingTheRequestAfter(300 - 10 - "Invalid login {'authenticationkey':'".length());
        SmcSession session = session(FakeSmc.API_KEY, Optional.of(FakeSmc.VERSION), Optional.empty());

        SmcLoginRefusedException error = assertThrows(SmcLoginRefusedException.class, session::open);

        assertTrue(error.getMessage().contains("Invalid login ---"), error.getMessage());
        assertTrue(error.getMessage().contains("[hidden]"), error.getMessage());
        assertFalse(error.getMessage().contains(FakeSmc.API_KEY.substring(0, 10)), error.getMessage());
    }

    @Test
    void theStatusSocketHandshakeCarriesTheCookieAndNoOrigin() {
        SmcSession session = session(FakeSmc.API_KEY, Optional.of(FakeSmc.VERSION), Optional.empty());
        session.open();

        Request handshake = session.statusSocketHandshake();

        assertEquals(smc.baseUrl() + "/7.1/status/socket", handshake.url().toString());
        assertEquals("JSESSIONID=" + FakeSmc.SESSION_ID, handshake.header("Cookie"));
        assertNull(handshake.header("Origin"));
        assertNull(handshake.header("Sec-WebSocket-Protocol"));
    }

    @Test
    void authenticatedGetSendsTheCookieAndAnExpiredSessionReportsUnauthorized() {
        smc.serving("elements/single_fw", "{\"result\":[]}");
        SmcSession session = session(FakeSmc.API_KEY, Optional.of(FakeSmc.VERSION), Optional.empty());
        session.open();

        assertEquals("{\"result\":[]}", session.get(session.apiUrl("elements/single_fw")).toString());

        session.logout();
        SmcRequestException error = assertThrows(SmcRequestException.class,
                () -> session.get(session.apiUrl("elements/single_fw")));
        assertTrue(error.isUnauthorized());
    }

    @Test
    void logoutPutsToTheVersionedLogoutWithTheCookieOnlyOnce() {
        SmcSession session = session(FakeSmc.API_KEY, Optional.of(FakeSmc.VERSION), Optional.empty());
        session.open();

        session.logout();
        session.logout();

        assertEquals(1, smc.requests("PUT", "/7.1/logout").size());
        assertEquals("JSESSIONID=" + FakeSmc.SESSION_ID,
                smc.requests("PUT", "/7.1/logout").get(0).getHeaders().get("Cookie"));
        assertFalse(session.isOpen());
    }

    @Test
    void logoutFromAnUnreachableSmcIsLoggedNotThrown() {
        SmcSession session = session(FakeSmc.API_KEY, Optional.of(FakeSmc.VERSION), Optional.empty());
        session.open();
        smc.close();

        try (LogCapture logs = LogCapture.start()) {
            session.logout();
            assertEquals(1, logs.lines(Level.WARN, "the session will expire on its own").size());
        }
    }

    @Test
    void neitherTheKeyNorTheCookieAppearInToStringOrLogs() {
        try (LogCapture logs = LogCapture.startAtEveryLevel()) {
            SmcSession session = session(FakeSmc.API_KEY, Optional.empty(), Optional.of("Branch Offices"));
            session.open();
            session.logout();

            assertFalse(session.toString().contains(FakeSmc.API_KEY));
            assertFalse(session.toString().contains(FakeSmc.SESSION_ID));
            for (String line : logs.lines()) {
                assertFalse(line.contains(FakeSmc.API_KEY), line);
                assertFalse(line.contains(FakeSmc.SESSION_ID), line);
            }
        }
    }

    /** A session with a pinned version against a plain queue of responses, for answers FakeSmc does not give. */
    private SmcSession sessionWith(MockWebServer server) {
        return new SmcSession(client, URI.create("http://127.0.0.1:" + server.getPort()),
                new Password(FakeSmc.API_KEY), Optional.of("7.1"), Optional.empty());
    }

    @Test
    void aTokenSessionEchoesTheAuthorizationHeaderAndOffersTheTokenAsSubprotocol() throws IOException {
        try (MockWebServer server = new MockWebServer()) {
            server.start(InetAddress.getLoopbackAddress(), 0);
            server.enqueue(new MockResponse.Builder().code(200).addHeader("Authorization", "Bearer tok3n").build());
            SmcSession session = sessionWith(server);
            session.open();

            Request handshake = session.statusSocketHandshake();

            assertEquals("Bearer tok3n", handshake.header("Authorization"));
            assertEquals("access_token, tok3n", handshake.header("Sec-WebSocket-Protocol"));
            assertNull(handshake.header("Cookie"));
            assertNull(handshake.header("Origin"));
        }
    }

    @Test
    void aLoginAnsweredWithoutCookieOrTokenIsAnError() throws IOException {
        try (MockWebServer server = new MockWebServer()) {
            server.start(InetAddress.getLoopbackAddress(), 0);
            server.enqueue(new MockResponse.Builder().code(200).build());
            SmcSession session = sessionWith(server);

            SmcRequestException error = assertThrows(SmcRequestException.class, session::open);
            assertTrue(error.getMessage().contains("JSESSIONID"), error.getMessage());
            assertFalse(session.isOpen());
        }
    }

    @Test
    void aLoginServerErrorIsReportedWithTheSmcsMessage() throws IOException {
        try (MockWebServer server = new MockWebServer()) {
            server.start(InetAddress.getLoopbackAddress(), 0);
            server.enqueue(new MockResponse.Builder().code(500)
                    .body("{\"message\":\"Database unavailable\",\"details\":\"try later\"}").build());
            SmcSession session = sessionWith(server);

            SmcRequestException error = assertThrows(SmcRequestException.class, session::open);
            assertFalse(error instanceof SmcLoginRefusedException, "a server error is not a wrong key");
            assertEquals(500, error.httpStatus());
            assertTrue(error.getMessage().contains("Database unavailable"), error.getMessage());
        }
    }
}
