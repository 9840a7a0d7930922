package io.github.kafkaconnectsmc.smc;

import java.util.List;
import java.util.Map;

/**
 * Which REST element types ({@code GET /{version}/elements/{type}}) hold the elements of a status context. The
 * SMC names status contexts and REST types differently ({@code fw_single} versus {@code single_fw}) and documents
 * neither list; the pairs below follow the documented examples and the engine families of the REST API. A context
 * not listed is looked up as a REST type of the same name.
 */
final class ContextElementTypes {

    private static final Map<String, List<String>> TYPES = Map.ofEntries(
            Map.entry("fw_single", List.of("single_fw")),
            Map.entry("fw_cluster", List.of("fw_cluster")),
            Map.entry("virtual_fw", List.of("virtual_fw")),
            Map.entry("master_engine", List.of("master_engine")),
            Map.entry("ips_single", List.of("single_ips")),
            Map.entry("ips_cluster", List.of("ips_cluster")),
            Map.entry("virtual_ips", List.of("virtual_ips")),
            Map.entry("layer2_single", List.of("single_layer2")),
            Map.entry("layer2_cluster", List.of("layer2_cluster")),
            Map.entry("virtual_layer2", List.of("virtual_firewall_layer2")),
            Map.entry("cloud_fw", List.of("cloud_single_fw")),
            Map.entry("vpn", List.of("vpn")));

    private ContextElementTypes() {
    }

    static List<String> of(String context) {
        return TYPES.getOrDefault(context, List.of(context));
    }
}
