package io.github.kafkaconnectsmc.simulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The element catalog the simulator starts with, shaped like a small real SMC: single firewalls with one node each,
 * two-node clusters, and policy VPNs whose tunnels and endpoints have base64 ids ({@code MiM1OQ==} is {@code 2#59}).
 * Names and field values follow the documented samples ("Plano node 1", "Corporate VPN").
 */
public final class StandardCatalog {

    /** The node of the single firewall "Plano", whose status is the documented engine-node example. */
    public static final String PLANO_NODE = "elements/single_fw/1649/firewall_node/1650";
    /** The first node of the cluster "Cluster Quito". */
    public static final String QUITO_NODE_1 = "elements/fw_cluster/2001/firewall_node/2002";
    public static final String QUITO = "elements/fw_cluster/2001";
    public static final String CORPORATE_VPN = "elements/vpn/5";
    /** The tunnel endpoint of the documented VPN example: tunnel {@code 2#59}, endpoint {@code 1#114}. */
    public static final String CORPORATE_ENDPOINT = "elements/vpn/5/tunnels/MiM1OQ==/endpoints/MSMxMTQ=";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final List<CatalogElement> topLevel = new ArrayList<>();

    private StandardCatalog() {
    }

    public static ElementCatalog create() {
        StandardCatalog catalog = new StandardCatalog();
        catalog.singleFirewall(1649, "Plano", 1650, "READY", "OK", "Online");
        catalog.singleFirewall(1701, "Helsinki FW", 1702, "READY", "WARNING", "Online");
        catalog.singleFirewall(1733, "Lima", 1734, "TIMEOUT", "UNKNOWN", "Unknown");
        catalog.singleFirewall(1801, "Seoul", 1802, "READY", "OK", "Online");
        catalog.cluster(2001, "Cluster Quito", "Standby");
        catalog.cluster(2101, "Cluster Oslo", "Online");

        CatalogElement corporate = catalog.vpn(5, "Corporate VPN", 71, "Idle");
        CatalogElement helsinkiParis = catalog.tunnel(corporate, "59#65",
                "Gateway Tunnel Helsinki VPN Gateway-Paris VPN Gateway");
        catalog.endpoint(helsinkiParis, "1#114", "Helsinki VPN Gateway - 198.51.100.10");
        catalog.endpoint(helsinkiParis, "1#131", "Paris VPN Gateway - 203.0.113.20");
        CatalogElement client = catalog.tunnel(corporate, "2#59", "Gateway Tunnel VPN Client-Helsinki VPN Gateway");
        catalog.endpoint(client, "1#114", "Helsinki VPN Gateway - 198.51.100.10 (clients)");
        catalog.tunnel(corporate, "56#59", "Gateway Tunnel Atlanta VPN Gateway-Helsinki VPN Gateway");

        CatalogElement partner = catalog.vpn(7, "Partner VPN", 96, "Active");
        CatalogElement madridMilan = catalog.tunnel(partner, "61#62",
                "Gateway Tunnel Madrid VPN Gateway-Milan VPN Gateway");
        catalog.endpoint(madridMilan, "1#140", "Madrid VPN Gateway - 192.0.2.40");
        return new ElementCatalog(catalog.topLevel);
    }

    /**
     * {@code count} single firewalls of one node each, all in the context {@code fw_single}: "FW 00001" with
     * "FW 00001 node 1" and so on, their nodes' statuses as realistic as the standard catalog's. For tests and
     * benchmarks of large SMCs.
     */
    public static ElementCatalog singleFirewalls(int count) {
        StandardCatalog catalog = new StandardCatalog();
        for (int i = 1; i <= count; i++) {
            String name = String.format("FW %05d", i);
            catalog.singleFirewall(100_000 + 2 * i, name, 100_001 + 2 * i, "READY", "OK", "Online");
        }
        return new ElementCatalog(catalog.topLevel);
    }

    private void singleFirewall(int id, String name, int nodeId, String state, String status, String nodeStatus) {
        CatalogElement engine = engine("single_fw", id, name);
        node(engine, nodeId, 1, name + " node 1", state, status, nodeStatus);
        StatusChanges.deriveEngineStatus(engine);
    }

    private void cluster(int id, String name, String secondNodeStatus) {
        CatalogElement engine = engine("fw_cluster", id, name);
        node(engine, id + 1, 1, name + " node 1", "READY", "OK", "Online");
        node(engine, id + 2, 2, name + " node 2", "READY", secondNodeStatus.equals("Online") ? "OK" : "WARNING",
                secondNodeStatus);
        StatusChanges.deriveEngineStatus(engine);
    }

    private CatalogElement engine(String type, int id, String name) {
        ObjectNode status = JSON.objectNode().put("monitoring_state", "READY").put("monitoring_status", "OK")
                .put("name", name);
        CatalogElement engine = new CatalogElement(null, type + "/" + id, name, type, CatalogElement.Role.ENGINE, 0,
                status);
        topLevel.add(engine);
        return engine;
    }

    private static void node(CatalogElement engine, int id, int nodeId, String name, String state, String status,
                             String nodeStatus) {
        ObjectNode body = JSON.objectNode()
                .put("monitoring_state", state)
                .put("monitoring_status", status)
                .put("name", name)
                .put("engine_node_status", nodeStatus)
                .put("configuration_status", "Installed")
                .put("installed_policy", engine.type().equals("fw_cluster") ? "HQ Cluster Policy" : "Branch Policy")
                .put("last_upload_time", 1_761_985_447_000L + id * 60_000L)
                .put("dyn_up", "1501")
                .put("platform", "x86-64-small")
                .put("version", "version 7.1.2 #30123")
                .putNull("master_node");
        new CatalogElement(engine, "firewall_node/" + id, name, "firewall_node", CatalogElement.Role.NODE, nodeId,
                body);
    }

    private CatalogElement vpn(int id, String name, int health, String vpnStatusCode) {
        CatalogElement vpn = new CatalogElement(null, "vpn/" + id, name, "vpn", CatalogElement.Role.VPN, 0,
                linkStatus(name, health, vpnStatusCode));
        topLevel.add(vpn);
        return vpn;
    }

    private static CatalogElement tunnel(CatalogElement vpn, String gatewayPair, String name) {
        return new CatalogElement(vpn, "tunnels/" + base64(gatewayPair), name, "gateway_tunnel",
                CatalogElement.Role.TUNNEL, 0, linkStatus(name, 88, "Active"));
    }

    /** Named like its gateway, but its status names the VPN, as in the documented endpoint notification. */
    private static void endpoint(CatalogElement tunnel, String endpointId, String name) {
        String vpnName = tunnel.parent().name();
        new CatalogElement(tunnel, "endpoints/" + base64(endpointId), name, "tunnel_endpoint",
                CatalogElement.Role.ENDPOINT, 0, linkStatus(vpnName, 71, "Idle"));
    }

    private static ObjectNode linkStatus(String name, int health, String vpnStatusCode) {
        return JSON.objectNode()
                .put("health_in_percent", health)
                .put("jitter_in_ms", 3)
                .put("latency_in_ms", 71)
                .put("monitoring_state", "READY")
                .put("monitoring_status", health >= 70 ? "OK" : "WARNING")
                .put("name", name)
                .put("packet_loss_in_permyriad", 361)
                .put("traffic_in_bits_per_sec", 1_881_231_412L)
                .put("vpn_status_code", vpnStatusCode);
    }

    private static String base64(String id) {
        return Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.US_ASCII));
    }
}
