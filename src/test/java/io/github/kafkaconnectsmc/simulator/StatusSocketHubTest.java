package io.github.kafkaconnectsmc.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kafkaconnectsmc.simulator.SimulatorClient.RecordingSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Test;

class StatusSocketHubTest extends SimulatorClientBaseTest {

    @Test
    void refusesAHandshakeWithoutASessionCookie() {
        assertEquals(401, client.openSocket(null, null).handshakeStatus());
        assertEquals(401, client.openSocket("JSESSIONID=0123456789ABCDEF0123456789ABCDEF", null).handshakeStatus());
        assertEquals(2, simulator.traffic().refusedHandshakes());
    }

    @Test
    void refusesAHandshakeWithAnOriginHeader() {
        assertEquals(403, client.openSocket(client.session(simulator), "http://evil.example").handshakeStatus());
    }

    @Test
    void refusesHandshakesWith503WhileRefusing() {
        String cookie = client.session(simulator);
        simulator.control().refuseHandshakesFor(Duration.ofMinutes(1));

        assertEquals(503, client.openSocket(cookie, null).handshakeStatus());
        assertEquals(0, simulator.traffic().socketsOpened());
    }

    @Test
    void acceptsAHandshakeWithALiveSessionCookie() throws InterruptedException {
        RecordingSocket socket = openSocketWithNewSession();

        assertEquals(101, socket.handshakeStatus());
        // The client can see the 101 before the server has registered the socket.
        TestUtils.waitForCondition(() -> simulator.traffic().openSockets().equals(List.of(new SocketView(1, 1,
                List.of()))), SimulatorClient.WAIT.toMillis(), "the socket is listed as open");
    }

    @Test
    void aContextSubscriptionIsAcknowledgedThenSnapshotsEachNodeByNameOnly() {
        RecordingSocket socket = openSocketWithNewSession();

        socket.send("{\"context\":\"fw_cluster\"}");

        JsonNode ack = socket.next();
        assertEquals("Subscribed for status", ack.path("success").asText());
        assertEquals(0, ack.path("subscription_id").asInt());
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            JsonNode frame = socket.next();
            assertEquals(0, frame.path("subscription_id").asInt());
            JsonNode body = frame.path("status").path("status");
            assertFalse(body.has("href"), body.toString());
            names.add(body.path("name").asText());
        }
        assertEquals(List.of("Cluster Quito node 1", "Cluster Quito node 2", "Cluster Oslo node 1",
                "Cluster Oslo node 2"), names);
    }

    @Test
    void aVpnContextReportsEachVpnWithItsTunnels() {
        RecordingSocket socket = openSocketWithNewSession();

        socket.send("{\"context\":\"vpn\"}");
        socket.next();
        JsonNode corporate = socket.next().path("status").path("status");

        assertEquals("Corporate VPN", corporate.path("name").asText());
        assertEquals(simulator.href("elements/vpn/5/tunnels/NTkjNjU="),
                corporate.path("result").get(0).path("href").asText());
        assertEquals("gateway_tunnel", corporate.path("result").get(0).path("type").asText());
    }

    @Test
    void anElementSubscriptionSnapshotsThatElementAndIdsCountUpPerSocket() {
        RecordingSocket socket = openSocketWithNewSession();

        socket.send("{\"element\":\"" + simulator.href("elements/single_fw/1649/firewall_node/1650") + "\"}");
        socket.send("{\"element\":\"" + simulator.href("elements/vpn/5/tunnels/MiM1OQ==/endpoints/MSMxMTQ=") + "\"}");

        assertEquals(0, socket.next().path("subscription_id").asInt());
        JsonNode node = socket.next();
        assertEquals("Plano node 1", node.path("status").path("status").path("name").asText());
        assertEquals("Online", node.path("status").path("status").path("engine_node_status").asText());
        assertEquals(1, socket.next().path("subscription_id").asInt());
        JsonNode endpoint = socket.next();
        assertEquals(1, endpoint.path("subscription_id").asInt());
        assertEquals("Corporate VPN", endpoint.path("status").path("status").path("name").asText());
    }

    @Test
    void answersBadCommandsWithFailuresAndKeepsTheSocketOpen() {
        RecordingSocket socket = openSocketWithNewSession();

        socket.send("{\"context\":\"fw_singel\"}");
        socket.send("{\"element\":\"" + simulator.href("elements/single_fw/9999") + "\"}");
        socket.send("{\"unsubscribe\":42}");
        socket.send("not json at all");
        socket.send("{\"subscribe\":\"fw_single\"}");
        socket.send("{\"context\":\"fw_single\"}");

        assertEquals("Unknown context: fw_singel", socket.next().path("failure").asText());
        assertEquals("Element not found: " + simulator.href("elements/single_fw/9999"),
                socket.next().path("failure").asText());
        assertEquals("Unknown subscription id: 42", socket.next().path("failure").asText());
        assertTrue(socket.next().path("failure").asText().startsWith("Invalid message"));
        assertTrue(socket.next().path("failure").asText().startsWith("Invalid message"));
        JsonNode ack = socket.next();
        assertEquals("Subscribed for status", ack.path("success").asText());
        assertEquals(0, ack.path("subscription_id").asInt());
    }

    @Test
    void unsubscribingIsAcknowledgedAndStopsReports() {
        RecordingSocket socket = openSocketWithNewSession();
        String node = "elements/single_fw/1649/firewall_node/1650";
        socket.send("{\"element\":\"" + simulator.href(node) + "\"}");
        socket.next();
        socket.next();

        socket.send("{\"unsubscribe\":0}");
        JsonNode reply = socket.next();
        simulator.control().pushChange(node);
        socket.send("{\"context\":\"vpn\"}");

        assertEquals("Unsubscribed from status", reply.path("success").asText());
        assertEquals(0, reply.path("subscription_id").asInt());
        assertEquals(1, socket.next().path("subscription_id").asInt(), "the next frame is the new ack, no change");
        assertEquals(List.of("context:vpn"), simulator.traffic().openSockets().get(0).subscriptions());
    }

    @Test
    void anUnacknowledgedUnsubscribeCanBeConfigured() {
        simulator.close();
        simulator = SmcSimulator.start(SimulatorOptions.builder().acknowledgesUnsubscribe(false).build());
        client.close();
        client = new SimulatorClient(simulator);
        RecordingSocket socket = openSocketWithNewSession();
        socket.send("{\"context\":\"fw_single\"}");
        for (int i = 0; i < 5; i++) {
            socket.next();
        }

        socket.send("{\"unsubscribe\":0}");
        socket.send("{\"context\":\"vpn\"}");

        assertEquals(1, socket.next().path("subscription_id").asInt());
        assertEquals(1, simulator.traffic().unsubscriptions());
    }
}
