package io.github.kafkaconnectsmc.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * How statuses change in the simulated SMC. A node moves to the next state of a fixed cycle of realistic
 * (monitoring_state, monitoring_status, engine_node_status) triples, and its engine's status is derived from its
 * nodes again; a VPN, tunnel or endpoint gets new link measurements from a seeded random source, so runs repeat.
 *
 * <p>Called only under the {@link StatusSocketHub}'s lock.
 */
final class StatusChanges {

    private record NodeState(String monitoringState, String monitoringStatus, String engineNodeStatus) {
    }

    private static final List<NodeState> NODE_CYCLE = List.of(
            new NodeState("READY", "OK", "Online"),
            new NodeState("READY", "WARNING", "Online"),
            new NodeState("READY", "OK", "Standby"),
            new NodeState("READY", "ERROR", "Offline"),
            new NodeState("TIMEOUT", "UNKNOWN", "Unknown"),
            new NodeState("READY", "OK", "Going Online"),
            new NodeState("READY", "OK", "Locked Online"));

    private final Random random;

    StatusChanges(long seed) {
        this.random = new Random(seed);
    }

    /**
     * Changes {@code target} and returns every element whose status changed, in the order their notifications go
     * out: a node, then its engine if the engine's derived status moved; for an engine, each of its nodes (a policy
     * installed on all of them), then the engine.
     */
    List<CatalogElement> apply(CatalogElement target) {
        List<CatalogElement> changed = new ArrayList<>();
        switch (target.role()) {
            case NODE -> {
                changeNode(target);
                changed.add(target);
                addIfRederived(target.parent(), changed);
            }
            case ENGINE -> {
                for (CatalogElement node : target.children()) {
                    changeNode(node);
                    changed.add(node);
                }
                addIfRederived(target, changed);
            }
            case VPN, TUNNEL, ENDPOINT -> {
                changeLink(target);
                changed.add(target);
            }
        }
        return changed;
    }

    /**
     * A random element among {@code watched} (the elements some subscription covers), so that a demonstration sees
     * each change; with none watched, a random node, VPN, tunnel or endpoint.
     */
    CatalogElement pick(ElementCatalog catalog, Set<CatalogElement> watched) {
        List<CatalogElement> candidates = catalog.all().stream()
                .filter(element -> element.role() != CatalogElement.Role.ENGINE)
                .filter(element -> watched.isEmpty() || watched.contains(element))
                .toList();
        return candidates.get(random.nextInt(candidates.size()));
    }

    private static void changeNode(CatalogElement node) {
        NodeState next = NODE_CYCLE.get((indexOf(node.status()) + 1) % NODE_CYCLE.size());
        node.changeStatus(status -> status.put("monitoring_state", next.monitoringState())
                .put("monitoring_status", next.monitoringStatus())
                .put("engine_node_status", next.engineNodeStatus()));
    }

    private static int indexOf(ObjectNode status) {
        NodeState current = new NodeState(status.path("monitoring_state").asText(),
                status.path("monitoring_status").asText(), status.path("engine_node_status").asText());
        return NODE_CYCLE.indexOf(current);
    }

    private void changeLink(CatalogElement element) {
        int health = 40 + random.nextInt(61);
        element.changeStatus(status -> status
                .put("health_in_percent", health)
                .put("jitter_in_ms", random.nextInt(20))
                .put("latency_in_ms", 5 + random.nextInt(120))
                .put("monitoring_state", "READY")
                .put("monitoring_status", health >= 70 ? "OK" : health >= 50 ? "WARNING" : "ERROR")
                .put("packet_loss_in_permyriad", random.nextInt(500))
                .put("traffic_in_bits_per_sec", 1_000_000L + (long) (random.nextDouble() * 3_000_000_000L))
                .put("vpn_status_code", random.nextBoolean() ? "Active" : "Idle"));
    }

    private static void addIfRederived(CatalogElement engine, List<CatalogElement> changed) {
        if (deriveEngineStatus(engine)) {
            changed.add(engine);
        }
    }

    /**
     * Sets an engine's monitoring state and status from its nodes: READY when all are, OK when all are, PARTIAL_OK
     * when only some are, otherwise the first node's status. Returns true when that changed the engine's status.
     */
    static boolean deriveEngineStatus(CatalogElement engine) {
        // Loops rather than streams: this runs for every pushed node change.
        List<CatalogElement> nodes = engine.children();
        String state = "READY";
        int ok = 0;
        for (CatalogElement node : nodes) {
            String nodeState = node.status().path("monitoring_state").asText();
            if (state.equals("READY") && !nodeState.equals("READY")) {
                state = nodeState;
            }
            if (node.status().path("monitoring_status").asText().equals("OK")) {
                ok++;
            }
        }
        String status = ok == nodes.size() ? "OK"
                : ok > 0 ? "PARTIAL_OK"
                : nodes.get(0).status().path("monitoring_status").asText();
        ObjectNode current = engine.status();
        boolean moved = !Objects.equals(current.path("monitoring_state").asText(null), state)
                || !Objects.equals(current.path("monitoring_status").asText(null), status);
        if (moved) {
            String derivedState = state;
            engine.changeStatus(body -> body.put("monitoring_state", derivedState).put("monitoring_status", status));
        }
        return moved;
    }
}
