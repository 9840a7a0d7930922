package io.github.kafkaconnectsmc.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kafkaconnectsmc.protocol.Subscription;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ElementKeyResolverTest {

    private static final String NODE = "https://smc.example.net:8082/7.1/elements/single_fw/1649/firewall_node/1650";
    private static final String OSLO = "https://smc.example.net:8082/7.1/elements/single_fw/77/firewall_node/78";

    private final FixedHrefDirectory directory = new FixedHrefDirectory(Map.of("Oslo node 2", OSLO));
    private final ElementKeyResolver resolver = new ElementKeyResolver(directory);

    @Test
    void anHrefInTheNotificationWinsOverEverythingElse() throws Exception {
        ElementKey key = resolver.keyOf(Subscription.element(NODE), body("{\"name\":\"Oslo node 2\",\"href\":\"h:1\"}"));
        assertEquals(new ElementKey("h:1", ElementKey.Source.NOTIFICATION), key);
        assertEquals(List.of(), directory.lookups);
    }

    @Test
    void anElementSubscriptionIsKeyedByTheSubscribedUriWithoutAskingTheSmc() throws Exception {
        ElementKey key = resolver.keyOf(Subscription.element(NODE), body("{\"name\":\"Plano node 1\"}"));
        assertEquals(new ElementKey(NODE, ElementKey.Source.SUBSCRIPTION), key);
        assertEquals(List.of(), directory.lookups);
    }

    @Test
    void aContextNotificationIsKeyedByTheHrefItsNameResolvesTo() throws Exception {
        ElementKey key = resolver.keyOf(Subscription.context("fw_single"), body("{\"name\":\"Oslo node 2\"}"));
        assertEquals(new ElementKey(OSLO, ElementKey.Source.RESOLVED), key);
        assertEquals(List.of("fw_single/Oslo node 2"), directory.lookups);
    }

    @Test
    void anUnresolvedNameGetsAStableFallbackKeyNamingContextAndName() throws Exception {
        ElementKey first = resolver.keyOf(Subscription.context("fw_single"), body("{\"name\":\"Lima node 1\"}"));
        ElementKey again = resolver.keyOf(Subscription.context("fw_single"), body("{\"name\":\"Lima node 1\"}"));

        assertEquals(new ElementKey("unresolved:fw_single/Lima node 1", ElementKey.Source.FALLBACK), first);
        assertEquals(first, again);
    }

    @Test
    void aNamelessContextNotificationFallsBackWithoutAskingTheSmc() throws Exception {
        ElementKey key = resolver.keyOf(Subscription.context("fw_single"), body("{\"name\":42}"));
        assertEquals(new ElementKey("unresolved:fw_single/", ElementKey.Source.FALLBACK), key);
        assertEquals(List.of(), directory.lookups);
    }

    @Test
    void anEmptyOrNonTextHrefIsNotTrusted() throws Exception {
        assertEquals(ElementKey.Source.SUBSCRIPTION,
                resolver.keyOf(Subscription.element(NODE), body("{\"href\":\"\"}")).source());
        assertEquals(ElementKey.Source.SUBSCRIPTION,
                resolver.keyOf(Subscription.element(NODE), body("{\"href\":{\"rel\":\"self\"}}")).source());
    }

    private static StatusBody body(String json) {
        return StatusBodies.read(json);
    }
}
