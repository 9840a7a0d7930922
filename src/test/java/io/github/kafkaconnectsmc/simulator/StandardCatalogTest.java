package io.github.kafkaconnectsmc.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StandardCatalogTest {

    @Test
    void aCatalogOfSingleFirewallsHasOneNodePerEngineAllInTheContextFwSingle() {
        ElementCatalog catalog = StandardCatalog.singleFirewalls(3);

        assertEquals(List.of("FW 00001", "FW 00002", "FW 00003"),
                catalog.listed("single_fw").orElseThrow().stream().map(CatalogElement::name).toList());
        assertEquals(List.of("FW 00001 node 1", "FW 00002 node 1", "FW 00003 node 1"),
                catalog.membersOf("fw_single").orElseThrow().stream().map(CatalogElement::name).toList());
        CatalogElement node = catalog.membersOf("fw_single").orElseThrow().get(0);
        assertEquals(CatalogElement.Role.NODE, node.role());
        assertEquals("READY", node.status().path("monitoring_state").asText());
        assertEquals("Online", node.status().path("engine_node_status").asText());
    }
}
