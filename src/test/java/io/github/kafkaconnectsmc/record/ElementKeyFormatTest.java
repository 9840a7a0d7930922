package io.github.kafkaconnectsmc.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kafkaconnectsmc.protocol.Subscription;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ElementKeyFormatTest {

    private static final String ON_A = "https://smc-a.example.net:8082/7.1/elements/single_fw/1649/firewall_node/1650";
    private static final String ON_B_AFTER_UPGRADE = "https://smc-b.example.net:8443/7.2/elements/single_fw/1649/firewall_node/1650";
    private static final String ENDPOINT = "http://10.0.0.5:8082/6.10/elements/vpn/5/tunnels/MiM1OQ==/endpoints/MSMxMTQ=";

    @Test
    void hrefKeysAreTheHrefAsTheSmcGivesIt() {
        assertEquals(ON_A, ElementKeyFormat.href().apply(ON_A));
    }

    @Test
    void pathKeysAreTheSameOnEveryServerAndVersion() {
        ElementKeyFormat path = ElementKeyFormat.path();

        assertEquals("elements/single_fw/1649/firewall_node/1650", path.apply(ON_A));
        assertEquals(path.apply(ON_A), path.apply(ON_B_AFTER_UPGRADE));
        assertEquals("elements/vpn/5/tunnels/MiM1OQ==/endpoints/MSMxMTQ=", path.apply(ENDPOINT));
    }

    @Test
    void canonicalKeysPutTheConfiguredBaseBeforeThePath() {
        ElementKeyFormat canonical = ElementKeyFormat.canonical("https://smc.example.net:8082/7.1/");

        assertEquals("https://smc.example.net:8082/7.1/elements/single_fw/1649/firewall_node/1650",
                canonical.apply(ON_B_AFTER_UPGRADE));
        assertEquals(canonical.apply(ON_A), canonical.apply(ON_B_AFTER_UPGRADE));
    }

    @Test
    void anElementUriWithTheDoubleSlashOfTheSmcDocumentationHasTheSameKeyAsItsHref() {
        // Forcepoint's description of the status socket spells element URIs
        // http://[server]:[port]/[version]//elements/...
        String asDocumented = "http://localhost:8082/7.2.1//elements/vpn/5/tunnels/MiM1OQ==/endpoints/MSMxMTQ=";
        String href = "http://localhost:8082/7.2.1/elements/vpn/5/tunnels/MiM1OQ==/endpoints/MSMxMTQ=";

        assertEquals(ElementKeyFormat.path().apply(href), ElementKeyFormat.path().apply(asDocumented));
        ElementKeyFormat canonical = ElementKeyFormat.canonical("https://smc.example.net:8082/7.1");
        assertEquals(canonical.apply(href), canonical.apply(asDocumented));
        assertEquals("https://smc:8082/7.1//", ElementKeyFormat.path().apply("https://smc:8082/7.1//"));
    }

    @Test
    void anHrefWithoutAVersionSegmentIsKeptAsItIs() {
        ElementKeyFormat path = ElementKeyFormat.path();

        for (String odd : new String[] {"https://smc:8082/elements/single_fw/1", "https://smc:8082/7.1/",
                "https://smc:8082/7.1", "https://smc:8082", "not a url", "https://smc:8082/v7/elements/x"}) {
            assertEquals(odd, path.apply(odd));
        }
    }

    @Test
    void theResolverWritesEveryKeyButAFallbackInTheFormat() throws Exception {
        ElementKeyResolver resolver = new ElementKeyResolver(new FixedHrefDirectory(Map.of("Plano node 1", ON_A)),
                ElementKeyFormat.path());
        String path = "elements/single_fw/1649/firewall_node/1650";

        assertEquals(new ElementKey(path, ElementKey.Source.RESOLVED), resolver.keyOf(Subscription.context("fw_single"),
                body("{\"name\":\"Plano node 1\"}")));
        assertEquals(new ElementKey(path, ElementKey.Source.SUBSCRIPTION), resolver.keyOf(Subscription.element(ON_A),
                body("{\"name\":\"Plano node 1\"}")));
        assertEquals(new ElementKey(path, ElementKey.Source.NOTIFICATION), resolver.keyOf(
                Subscription.context("fw_single"), body("{\"href\":\"" + ON_B_AFTER_UPGRADE + "\"}")));
        assertEquals(new ElementKey("unresolved:fw_single/Ghost", ElementKey.Source.FALLBACK),
                resolver.keyOf(Subscription.context("fw_single"), body("{\"name\":\"Ghost\"}")));
    }

    private static StatusBody body(String json) {
        return StatusBodies.read(json);
    }
}
