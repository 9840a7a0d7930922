package io.github.kafkaconnectsmc.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kafkaconnectsmc.FakeSmc;
import io.github.kafkaconnectsmc.LogCapture;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RestHrefDirectoryTest {

    private static final Duration REFRESH_INTERVAL = Duration.ofSeconds(30);

    private FakeSmc smc;
    private OkHttpClient client;
    private SmcSession session;
    /** The directory's clock: frozen unless a test moves it. */
    private final AtomicLong nanoTime = new AtomicLong(1_000);
    private RestHrefDirectory directory;

    @BeforeEach
    void start() throws IOException {
        smc = new FakeSmc().start();
        client = SmcHttpClientFactory.create(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ZERO, "smc-href-test");
        session = smc.sessionFor(client);
        session.open();
        directory = new RestHrefDirectory(session, REFRESH_INTERVAL, nanoTime::get);

        // Two single firewalls, each with one node; nodes are named only in their engine's document.
        smc.serving("elements/single_fw", "{\"result\":["
                + reference("Plano", "elements/single_fw/1649", "single_fw") + ","
                + reference("Oslo", "elements/single_fw/77", "single_fw") + "]}");
        smc.serving("elements/single_fw/1649", engine("Plano node 1", "elements/single_fw/1649/firewall_node/1650"));
        smc.serving("elements/single_fw/77", engine("Oslo node 2", "elements/single_fw/77/firewall_node/78"));
    }

    @AfterEach
    void stop() {
        session.logout();
        SmcHttpClientFactory.shutdown(client, Duration.ofSeconds(5));
        smc.close();
    }

    @Test
    void anEngineIsFoundInTheRestListOfItsContextsElementType() {
        assertEquals(Optional.of(smc.href("elements/single_fw/1649")), directory.hrefOf("fw_single", "Plano"));
        assertEquals(1, smc.requests("GET", "/7.1/elements/single_fw").size());
    }

    @Test
    void aNodeIsFoundInTheNodesListOfItsEnginesDocument() {
        assertEquals(Optional.of(smc.href("elements/single_fw/1649/firewall_node/1650")),
                directory.hrefOf("fw_single", "Plano node 1"));
    }

    @Test
    void aResolvedNameIsCachedSoTheSmcIsAskedOnlyOnce() {
        directory.hrefOf("fw_single", "Plano node 1");
        nanoTime.addAndGet(REFRESH_INTERVAL.toNanos() * 2);

        assertEquals(Optional.of(smc.href("elements/single_fw/1649/firewall_node/1650")),
                directory.hrefOf("fw_single", "Plano node 1"));
        assertEquals(1, smc.requests("GET", "/7.1/elements/single_fw").size());
        assertEquals(1, smc.requests("GET", "/7.1/elements/single_fw/1649").size());
    }

    @Test
    void everyNodeOfTheSubscriptionSnapshotResolvesAlthoughTheyArriveWithinOneRefreshInterval() {
        // On subscribing, the SMC sends the status of every element of the context at once.
        assertEquals(Optional.of(smc.href("elements/single_fw/1649/firewall_node/1650")),
                directory.hrefOf("fw_single", "Plano node 1"));
        assertEquals(Optional.of(smc.href("elements/single_fw/77/firewall_node/78")),
                directory.hrefOf("fw_single", "Oslo node 2"));
        assertEquals(0, directory.misses());
    }

    @Test
    void anUnknownNameRereadsTheListsAtMostOncePerInterval() {
        assertEquals(Optional.empty(), directory.hrefOf("fw_single", "Ghost node 1"));
        assertEquals(Optional.empty(), directory.hrefOf("fw_single", "Ghost node 1"));
        assertEquals(1, smc.requests("GET", "/7.1/elements/single_fw").size());

        nanoTime.addAndGet(REFRESH_INTERVAL.toNanos());
        assertEquals(Optional.empty(), directory.hrefOf("fw_single", "Ghost node 1"));
        assertEquals(2, smc.requests("GET", "/7.1/elements/single_fw").size());
        assertEquals(3, directory.misses());
    }

    @Test
    void aNodeAddedToAKnownEngineIsFoundAfterTheRefreshInterval() {
        directory.hrefOf("fw_single", "Plano node 1");
        smc.serving("elements/single_fw/1649", "{\"nodes\":["
                + node("Plano node 1", "elements/single_fw/1649/firewall_node/1650") + ","
                + node("Plano node 2", "elements/single_fw/1649/firewall_node/1651") + "]}");
        nanoTime.addAndGet(REFRESH_INTERVAL.toNanos());

        assertEquals(Optional.of(smc.href("elements/single_fw/1649/firewall_node/1651")),
                directory.hrefOf("fw_single", "Plano node 2"));
    }

    @Test
    void aContextWithNoKnownRestTypeIsLookedUpAsTheTypeOfTheSameName() {
        smc.serving("elements/master_engine_x", "{\"result\":["
                + reference("Master 1", "elements/master_engine_x/5", "master_engine_x") + "]}");

        assertEquals(Optional.of(smc.href("elements/master_engine_x/5")),
                directory.hrefOf("master_engine_x", "Master 1"));
    }

    @Test
    void aListTheSmcCannotServeIsLoggedAndResolvesNothing() {
        try (LogCapture logs = LogCapture.start()) {
            assertEquals(Optional.empty(), directory.hrefOf("virtual_fw", "Anything"));
            assertEquals(1, logs.lines(Level.WARN, "Cannot list SMC elements of type virtual_fw").size());
        }
    }

    @Test
    void clearForgetsWhatWasCached() {
        directory.hrefOf("fw_single", "Plano");
        directory.clear();
        directory.hrefOf("fw_single", "Plano");

        assertEquals(2, smc.requests("GET", "/7.1/elements/single_fw").size());
    }

    private String reference(String name, String path, String type) {
        return "{\"href\":\"" + smc.href(path) + "\",\"name\":\"" + name + "\",\"type\":\"" + type + "\"}";
    }

    private String engine(String nodeName, String nodePath) {
        return "{\"name\":\"engine\",\"nodes\":[" + node(nodeName, nodePath) + "]}";
    }

    /** A node entry as real SMCs write it: wrapped in its type, its href in a self link. */
    private String node(String name, String path) {
        return "{\"firewall_node\":{\"name\":\"" + name + "\",\"link\":[{\"rel\":\"self\",\"href\":\""
                + smc.href(path) + "\"}]}}";
    }
}
