package io.github.kafkaconnectsmc.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class StatusFramesTest {

    private static final ApiLocation LOCATION = new ApiLocation("https://smc.example:8082", "7.1");

    private final ElementCatalog catalog = StandardCatalog.create();

    @Test
    void aStatusFrameFromTheRenderedBodyIsTheFrameOfTheBodyTree() {
        for (CatalogElement element : catalog.all()) {
            ObjectNode body = StatusFrames.body(LOCATION, element);
            String text = StatusFrames.bodyText(LOCATION, element);

            assertEquals(StatusFrames.status(3, body), StatusFrames.status(3, text, null, -1), element.toString());
            body.put("bench_sequence", 123_456_789_012L);
            assertEquals(StatusFrames.status(3, body), StatusFrames.status(3, text, "bench_sequence", 123_456_789_012L),
                    element.toString());
        }
    }

    @Test
    void theDocumentedNodeNotificationComesOutByteForByte() {
        CatalogElement plano = catalog.element(StandardCatalog.PLANO_NODE).orElseThrow();

        assertEquals("{\"status\":{\"status\":{\"monitoring_state\":\"READY\",\"monitoring_status\":\"OK\","
                        + "\"name\":\"Plano node 1\",\"engine_node_status\":\"Online\","
                        + "\"configuration_status\":\"Installed\",\"installed_policy\":\"Branch Policy\","
                        + "\"last_upload_time\":1762084447000,\"dyn_up\":\"1501\",\"platform\":\"x86-64-small\","
                        + "\"version\":\"version 7.1.2 #30123\",\"master_node\":null,\"seq\":7}},"
                        + "\"subscription_id\":0}",
                StatusFrames.status(0, StatusFrames.bodyText(LOCATION, plano), "seq", 7));
    }

    @Test
    void aSequenceNumberInAnEmptyBodyHasNoLeadingComma() {
        assertEquals("{\"status\":{\"status\":{\"seq\":1}},\"subscription_id\":2}",
                StatusFrames.status(2, "{}", "seq", 1));
    }

    @Test
    void theRenderedBodyFollowsEachStatusChange() {
        CatalogElement plano = catalog.element(StandardCatalog.PLANO_NODE).orElseThrow();
        StatusChanges changes = new StatusChanges(1);
        String before = StatusFrames.bodyText(LOCATION, plano);

        changes.apply(plano);
        String after = StatusFrames.bodyText(LOCATION, plano);

        assertTrue(before.contains("\"monitoring_status\":\"OK\""), before);
        assertTrue(after.contains("\"monitoring_status\":\"WARNING\""), after);
        assertEquals(StatusFrames.body(LOCATION, plano).toString(), after);
        plano.changeStatus(status -> status.put("monitoring_state", "DELETED"));
        assertEquals(StatusFrames.body(LOCATION, plano).toString(), StatusFrames.bodyText(LOCATION, plano));
    }

    @Test
    void aRederivedEngineStatusIsRenderedAnew() {
        CatalogElement quito = catalog.element(StandardCatalog.QUITO).orElseThrow();
        CatalogElement quitoNode = catalog.element(StandardCatalog.QUITO_NODE_1).orElseThrow();
        String before = StatusFrames.bodyText(LOCATION, quito);

        new StatusChanges(1).apply(quitoNode);

        assertTrue(before.contains("\"monitoring_status\":\"PARTIAL_OK\""), before);
        assertEquals(StatusFrames.body(LOCATION, quito).toString(), StatusFrames.bodyText(LOCATION, quito));
        assertTrue(StatusFrames.bodyText(LOCATION, quito).contains("\"monitoring_status\":\"WARNING\""));
    }

    @Test
    void theRenderedBodyIsKeptPerLocationAsItsHrefsDiffer() {
        CatalogElement corporate = catalog.element(StandardCatalog.CORPORATE_VPN).orElseThrow();
        ApiLocation other = new ApiLocation("https://proxy.example", "6.10");

        String first = StatusFrames.bodyText(LOCATION, corporate);
        String second = StatusFrames.bodyText(other, corporate);

        assertEquals(StatusFrames.body(LOCATION, corporate).toString(), first);
        assertEquals(StatusFrames.body(other, corporate).toString(), second);
        assertTrue(second.contains("https://proxy.example/6.10/elements/vpn/5/tunnels/"), second);
    }
}
