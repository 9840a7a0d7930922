package io.github.kafkaconnectsmc.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkaconnectsmc.FakeSmc;
import io.github.kafkaconnectsmc.LogCapture;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.apache.kafka.common.config.types.Password;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A session over several management servers: one at a time, moving on to the next when told. */
class SmcSessionFailoverTest {

    private FakeSmc first;
    private FakeSmc second;
    private OkHttpClient client;

    @BeforeEach
    void start() throws IOException {
        first = new FakeSmc().start();
        second = new FakeSmc().start();
        client = SmcHttpClientFactory.create(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ZERO,
                "smc-failover-test");
    }

    @AfterEach
    void stop() {
        SmcHttpClientFactory.shutdown(client, Duration.ofSeconds(5));
        first.close();
        second.close();
    }

    private SmcSession session(Optional<String> version) {
        return new SmcSession(client, List.of(URI.create(first.baseUrl()), URI.create(second.baseUrl())),
                new Password(FakeSmc.API_KEY), version, Optional.empty());
    }

    @Test
    void theFirstServerIsUsedUntilTheSessionSwitchesToTheNextThenItWrapsAround() {
        SmcSession session = session(Optional.of("7.1"));
        session.open();
        assertEquals(0, session.serverIndex());
        assertEquals(URI.create(first.baseUrl()), session.server());

        try (LogCapture logs = LogCapture.start()) {
            assertTrue(session.switchToNextServer());
            assertEquals(1, logs.lines(Level.INFO, "Switching from the SMC at " + first.baseUrl() + " to the SMC at "
                    + second.baseUrl() + " (server 2 of 2 in smc.url)").size(), String.join("\n", logs.lines()));
        }
        assertFalse(session.isOpen(), "a session belongs to its server");
        session.open();
        assertEquals(1, session.serverIndex());
        assertEquals(List.of("POST /7.1/login"), second.events());
        assertEquals(second.href("elements/single_fw"), session.apiUrl("elements/single_fw").toString());

        session.switchToNextServer();
        assertEquals(0, session.serverIndex());
        assertEquals(2, session.serverSwitches());
    }

    @Test
    void aDiscoveredVersionIsDiscoveredAgainOnTheNextServerAndAPinnedOneIsKept() {
        second.offeringVersions("6.10", "7.0");
        SmcSession discovering = session(Optional.empty());
        discovering.open();
        assertEquals("7.1", discovering.apiVersion());

        discovering.switchToNextServer();
        assertEquals("7.1", discovering.apiVersion(), "usable until the next login");
        discovering.open();

        assertEquals("7.0", discovering.apiVersion());
        assertEquals(List.of("GET /api", "POST /7.0/login"), second.events());
    }

    @Test
    void aSingleServerHasNothingToSwitchTo() {
        SmcSession session = new SmcSession(client, URI.create(first.baseUrl()), new Password(FakeSmc.API_KEY),
                Optional.of("7.1"), Optional.empty());
        session.open();

        assertFalse(session.switchToNextServer());
        assertTrue(session.isOpen());
        assertEquals(0, session.serverSwitches());
    }

    @Test
    void elementUrisOfAConfiguredServerAreMovedOntoTheServerInUse() {
        SmcSession session = session(Optional.of("7.1"));
        String onFirst = first.href("elements/single_fw/1649/firewall_node/1650");
        String elsewhere = "https://smc-c.example.net:8082/7.1/elements/single_fw/1649";

        assertEquals(onFirst, session.onServerInUse(onFirst));
        session.switchToNextServer();

        assertEquals(second.href("elements/single_fw/1649/firewall_node/1650"), session.onServerInUse(onFirst));
        assertEquals(second.href("elements/vpn/5"), session.onServerInUse(second.href("elements/vpn/5")));
        assertEquals(elsewhere, session.onServerInUse(elsewhere), "a URI of no configured server is left alone");
        assertEquals(first.baseUrl() + "0/7.1/elements/x", session.onServerInUse(first.baseUrl() + "0/7.1/elements/x"),
                "a longer port is another server");
    }

    @Test
    void theFirstServerIsAskedWithALoginOfItsOwnWhichIsLoggedOutAndTheSessionInUseIsLeftAlone() {
        SmcSession session = session(Optional.of("7.1"));
        session.switchToNextServer();
        session.open();

        assertTrue(session.firstServerAcceptsLogin());

        assertEquals(List.of("POST /7.1/login", "PUT /7.1/logout"), first.events());
        assertEquals(1, session.serverIndex(), "still on the server in use");
        assertTrue(session.isOpen());
        assertEquals(List.of("POST /7.1/login"), second.events(), "the session in use made no call");
    }

    @Test
    void aFirstServerThatIsDownOrRefusesTheLoginIsNotBackAndTheKeyIsInNoLogLine() {
        SmcSession session = session(Optional.of("7.1"));
        session.switchToNextServer();
        session.open();

        try (LogCapture logs = LogCapture.startAtEveryLevel()) {
            first.unavailable();
            assertFalse(session.firstServerAcceptsLogin(), "HTTP 503");
            first.available().refusingLogins();
            assertFalse(session.firstServerAcceptsLogin(), "HTTP 401");
            assertTrue(logs.lines().stream().noneMatch(line -> line.contains(FakeSmc.API_KEY)),
                    String.join("\n", logs.lines()));
            assertEquals(2, logs.lines(Level.DEBUG, "does not accept a login yet").size(),
                    String.join("\n", logs.lines()));
        }
        assertEquals(1, session.serverIndex());
        assertTrue(session.isOpen());
    }

    @Test
    void switchingToTheFirstServerForgetsTheSessionInUseAndLogsInThereNext() {
        SmcSession session = session(Optional.of("7.1"));
        assertFalse(session.switchToFirstServer(), "already on the first server");
        session.switchToNextServer();
        session.open();

        try (LogCapture logs = LogCapture.start()) {
            assertTrue(session.switchToFirstServer());
            assertEquals(1, logs.lines(Level.INFO, "Switching from the SMC at " + second.baseUrl() + " to the SMC at "
                    + first.baseUrl() + " (server 1 of 2 in smc.url)").size(), String.join("\n", logs.lines()));
        }
        assertFalse(session.isOpen());
        session.open();
        assertEquals(0, session.serverIndex());
        assertEquals(2, session.serverSwitches());
        assertEquals(List.of("POST /7.1/login"), first.events());
    }
}
