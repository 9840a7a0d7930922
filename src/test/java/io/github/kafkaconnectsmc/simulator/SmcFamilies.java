package io.github.kafkaconnectsmc.simulator;

import java.util.Map;
import java.util.Set;

/**
 * The status contexts and REST element types the simulated SMC knows. Forcepoint publishes neither list; the
 * context to REST type pairs follow the connector's {@code smc/ContextElementTypes} (the simulator keeps its own copy
 * so it shares no code with the connector), and the REST types those of the SMC API reference. A context or type in
 * these lists that the catalog has no element of is answered with nothing (an acknowledgement and no snapshot, an
 * empty list), one outside them with a failure or a 404. See {@code docs/simulator.md}.
 */
final class SmcFamilies {

    /** Status context to the REST element type that lists its engines. */
    static final Map<String, String> CONTEXT_TO_REST_TYPE = Map.ofEntries(
            Map.entry("fw_single", "single_fw"),
            Map.entry("fw_cluster", "fw_cluster"),
            Map.entry("virtual_fw", "virtual_fw"),
            Map.entry("master_engine", "master_engine"),
            Map.entry("ips_single", "single_ips"),
            Map.entry("ips_cluster", "ips_cluster"),
            Map.entry("virtual_ips", "virtual_ips"),
            Map.entry("layer2_single", "single_layer2"),
            Map.entry("layer2_cluster", "layer2_cluster"),
            Map.entry("virtual_layer2", "virtual_firewall_layer2"),
            Map.entry("cloud_fw", "cloud_single_fw"),
            Map.entry("vpn", "vpn"));

    static final Set<String> REST_TYPES = Set.of("single_fw", "fw_cluster", "virtual_fw", "master_engine",
            "single_ips", "ips_cluster", "virtual_ips", "single_layer2", "layer2_cluster", "virtual_firewall_layer2",
            "cloud_single_fw", "vpn", "rbvpn_tunnel");

    private SmcFamilies() {
    }
}
