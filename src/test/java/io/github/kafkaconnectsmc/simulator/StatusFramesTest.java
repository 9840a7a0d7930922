package io.github.kafkaconnectsmc.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class StatusFramesTest {

    private static final ApiLocation LOCATION = new ApiLocation("https://smc.example:8082/", "7.1");
    private final ElementCatalog catalog = StandardCatalog.create();

    @Test
    void aNodesFrameIsItsStatusWrappedInTheDocumentedShape() {
        CatalogElement node = catalog.element(StandardCatalog.PLANO_NODE).orElseThrow();

        assertEquals(framed(3, StatusFrames.body(LOCATION, node)).toString(),
                StatusFrames.status(3, LOCATION, node, null, -1));
    }

    @Test
    void anEnginesFrameListsItsNodesInResultAndTheSequenceFieldComesLast() {
        CatalogElement engine = catalog.element(StandardCatalog.QUITO).orElseThrow();
        ObjectNode body = StatusFrames.body(LOCATION, engine).put("bench_seq", 42L);

        assertEquals(framed(0, body).toString(), StatusFrames.status(0, LOCATION, engine, "bench_seq", 42));
    }

    @Test
    void aVpnEndpointsFrameListsItsVpnsTunnels() {
        CatalogElement endpoint = catalog.element(StandardCatalog.CORPORATE_ENDPOINT).orElseThrow();

        assertEquals(framed(7, StatusFrames.body(LOCATION, endpoint)).toString(),
                StatusFrames.status(7, LOCATION, endpoint, null, -1));
    }

    @Test
    void everyKindOfValueIsWrittenAsTheTreeWritesIt() {
        CatalogElement node = catalog.element(StandardCatalog.PLANO_NODE).orElseThrow();
        ObjectNode nested = node.status().putObject("nested");
        nested.put("int", 7).put("long", 1L << 40).put("double", 0.25).put("float", 1.5f)
                .put("big_integer", new java.math.BigInteger("123456789012345678901234567890"))
                .put("decimal", new java.math.BigDecimal("3.14159")).put("yes", true).putNull("nothing")
                .put("text", "quote \" and ünïcode");
        nested.putArray("list").add(1).add("two").addNull().addObject().put("three", 3);

        assertEquals(framed(1, StatusFrames.body(LOCATION, node)).toString(),
                StatusFrames.status(1, LOCATION, node, null, -1));
    }

    /** The frame as a tree, the way the documented notifications nest the body. */
    private static ObjectNode framed(int subscriptionId, ObjectNode body) {
        ObjectNode frame = JsonNodeFactory.instance.objectNode();
        frame.putObject("status").set("status", body);
        frame.put("subscription_id", subscriptionId);
        return frame;
    }
}
