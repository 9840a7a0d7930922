package io.github.kafkaconnectsmc.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestApiTest extends SimulatorClientBaseTest {

    @Override
    SimulatorOptions options() {
        return SimulatorOptions.builder().apiKey("right-key").build();
    }

    @Test
    void listsItsVersionsWithoutASession() {
        SimulatorClient.Answer answer = client.get("/api", null);

        assertEquals(200, answer.code());
        List<String> rels = new ArrayList<>();
        answer.json().path("version").forEach(v -> rels.add(v.path("rel").asText()));
        assertEquals(List.of("6.10", "7.0", "7.1"), rels);
        assertEquals(simulator.baseUrl() + "/7.1/api", answer.json().path("version").get(2).path("href").asText());
    }

    @Test
    void listsEntryPointsOfAnOfferedVersionOnly() {
        assertEquals(200, client.get("/7.1/api", null).code());
        assertEquals("PUT", entryPoint(client.get("/7.1/api", null).json(), "logout").path("method").asText());
        assertEquals(404, client.get("/5.10/api", null).code());
    }

    @Test
    void loginWithTheRightKeyStartsASessionWithATomcatStyleCookie() {
        SimulatorClient.Answer answer = client.login("right-key");

        assertEquals(200, answer.code());
        assertTrue(answer.setCookie().matches("JSESSIONID=[0-9A-F]{32}; Path=/; HttpOnly"), answer.setCookie());
        assertEquals(1, simulator.traffic().logins());
        assertEquals(1, simulator.traffic().liveSessions());
    }

    @Test
    void loginWithAWrongKeyIsRefusedWithoutEchoingTheKey() {
        SimulatorClient.Answer answer = client.login("wrong-key");

        assertEquals(401, answer.code());
        assertFalse(answer.body().contains("wrong-key"), answer.body());
        assertEquals("Login failed", answer.json().path("message").asText());
        assertEquals(1, simulator.traffic().refusedLogins());
        assertEquals(0, simulator.traffic().liveSessions());
    }

    @Test
    void loginIsAnswered503WhileRefusing() {
        simulator.control().refuseLoginsFor(Duration.ofMinutes(1));

        assertEquals(503, client.login("right-key").code());
        assertEquals(1, simulator.traffic().loginAttempts());
        assertEquals(0, simulator.traffic().logins());
    }

    @Test
    void elementListsNeedALiveSession() {
        String cookie = client.session(simulator);

        assertEquals(401, client.get("/7.1/elements/single_fw", null).code());
        SimulatorClient.Answer list = client.get("/7.1/elements/single_fw", cookie);
        assertEquals(200, list.code());
        JsonNode first = list.json().path("result").get(0);
        assertEquals("Plano", first.path("name").asText());
        assertEquals("single_fw", first.path("type").asText());
        assertEquals(simulator.href("elements/single_fw/1649"), first.path("href").asText());

        simulator.control().expireSessions();
        assertEquals(401, client.get("/7.1/elements/single_fw", cookie).code());
    }

    @Test
    void listsKnownTypesWithoutElementsAsEmptyAndUnknownTypesAsNotFound() {
        String cookie = client.session(simulator);

        assertEquals(0, client.get("/7.1/elements/virtual_fw", cookie).json().path("result").size());
        assertEquals(404, client.get("/7.1/elements/no_such_type", cookie).code());
    }

    @Test
    void engineDocumentListsEachNodeWrappedInItsTypeWithASelfLink() {
        String cookie = client.session(simulator);

        JsonNode cluster = client.get("/7.1/elements/fw_cluster/2001", cookie).json();

        assertEquals("Cluster Quito", cluster.path("name").asText());
        JsonNode secondNode = cluster.path("nodes").get(1).path("firewall_node");
        assertEquals("Cluster Quito node 2", secondNode.path("name").asText());
        assertEquals(2, secondNode.path("nodeid").asInt());
        assertEquals(simulator.href("elements/fw_cluster/2001/firewall_node/2003"),
                secondNode.path("link").get(0).path("href").asText());
        assertEquals("self", secondNode.path("link").get(0).path("rel").asText());
    }

    @Test
    void everyHrefOfAListOrDocumentNamesTheAddressAndVersionTheClientUsed() {
        String cookie = client.session(simulator);

        JsonNode list = client.getVia("smc.example.net:8082", "/7.0/elements/single_fw", cookie).json();
        JsonNode engine = client.getVia("smc.example.net:8082", "/7.0/elements/fw_cluster/2001", cookie).json();

        assertEquals("http://smc.example.net:8082/7.0/elements/single_fw/1649",
                list.path("result").get(0).path("href").asText());
        assertEquals("http://smc.example.net:8082/7.0/elements/fw_cluster/2001/firewall_node/2002",
                engine.path("nodes").get(0).path("firewall_node").path("link").get(0).path("href").asText());
        assertEquals("http://smc.example.net:8082/7.0/elements/fw_cluster/2001",
                engine.path("link").get(0).path("href").asText());
        assertEquals(simulator.href("elements/single_fw/1649"),
                client.get("/7.1/elements/single_fw", cookie).json().path("result").get(0).path("href").asText());
    }

    @Test
    void servesTunnelEndpointsUnderTheirBase64Ids() {
        String cookie = client.session(simulator);

        SimulatorClient.Answer endpoint = client.get("/7.1/elements/vpn/5/tunnels/MiM1OQ==/endpoints/MSMxMTQ=", cookie);

        assertEquals(200, endpoint.code());
        assertEquals("Helsinki VPN Gateway - 198.51.100.10 (clients)", endpoint.json().path("name").asText());
    }

    @Test
    void logoutEndsTheSessionOnce() {
        String cookie = client.session(simulator);

        assertEquals(204, client.logout(cookie).code());
        assertEquals(401, client.logout(cookie).code());
        assertEquals(1, simulator.traffic().logouts());
        assertEquals(0, simulator.traffic().liveSessions());
    }

    private static JsonNode entryPoint(JsonNode entryPoints, String rel) {
        for (JsonNode entry : entryPoints.path("entry_point")) {
            if (entry.path("rel").asText().equals(rel)) {
                return entry;
            }
        }
        throw new AssertionError("No entry point " + rel + " in " + entryPoints);
    }
}
