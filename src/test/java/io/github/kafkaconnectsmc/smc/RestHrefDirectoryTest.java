package io.github.kafkaconnectsmc.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkaconnectsmc.Await;
import io.github.kafkaconnectsmc.FakeSmc;
import io.github.kafkaconnectsmc.LogCapture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntPredicate;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okio.BufferedSink;
import org.apache.kafka.common.config.types.Password;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RestHrefDirectoryTest {

    private static final Duration REFRESH_INTERVAL = Duration.ofSeconds(30);
    private static final Duration WAIT_SLICE = Duration.ofMillis(10);

    private FakeSmc smc;
    private OkHttpClient client;
    private SmcSession session;
    /** The directory's clock: frozen unless a test moves it. */
    private final AtomicLong nanoTime = new AtomicLong(1_000);
    private RestHrefDirectory directory;
    /** Run after each test, last added first. */
    private final Deque<Runnable> cleanUp = new ArrayDeque<>();

    @BeforeEach
    void start() throws IOException {
        smc = new FakeSmc().start();
        client = SmcHttpClientFactory.create(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ZERO,
                "smc-href-test");
        session = smc.sessionFor(client);
        session.open();
        directory = new RestHrefDirectory(session, REFRESH_INTERVAL, WAIT_SLICE, nanoTime::get);

        // Two single firewalls, each with one node; nodes are named only in their engine's document.
        smc.serving("elements/single_fw", "{\"result\":["
                + reference("Plano", "elements/single_fw/1649", "single_fw") + ","
                + reference("Oslo", "elements/single_fw/77", "single_fw") + "]}");
        smc.serving("elements/single_fw/1649", engine("Plano node 1", "elements/single_fw/1649/firewall_node/1650"));
        smc.serving("elements/single_fw/77", engine("Oslo node 2", "elements/single_fw/77/firewall_node/78"));
    }

    @AfterEach
    void stop() {
        while (!cleanUp.isEmpty()) {
            cleanUp.pop().run();
        }
        directory.close();
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
    void eachContextHasNamesOfItsOwnSoAFirewallAndAVpnMayShareOne() {
        // The SMC keeps names apart within an element type only.
        smc.serving("elements/vpn", "{\"result\":[" + reference("Plano", "elements/vpn/5", "vpn") + "]}");
        smc.serving("elements/vpn/5", "{\"name\":\"Plano\"}");

        assertEquals(Optional.of(smc.href("elements/single_fw/1649")), directory.hrefOf("fw_single", "Plano"));
        assertEquals(Optional.of(smc.href("elements/vpn/5")), directory.hrefOf("vpn", "Plano"));
        assertEquals(Optional.of(smc.href("elements/single_fw/1649")), directory.hrefOf("fw_single", "Plano"));
    }

    @Test
    void aNameTwoElementsOfAContextShareResolvesToNoneSaysSoAndStartsNoRefresh() {
        // Two engines whose nodes are both called "node 1": their notifications cannot be told apart.
        servingTwoEnginesWithNodes("node 1", "node 1");

        try (LogCapture logs = LogCapture.start()) {
            // An unknown name waits for the whole context to be read.
            assertEquals(Optional.empty(), directory.hrefOf("fw_single", "Ghost node 1"));

            assertEquals(Optional.empty(), directory.hrefOf("fw_single", "node 1"));
            assertEquals(Optional.of(smc.href("elements/single_fw/2")), directory.hrefOf("fw_single", "Lima"));
            List<String> warnings = logs.lines(Level.WARN, "name(s) of context fw_single belong to more than one");
            assertEquals(1, warnings.size(), logs.text());
            // Read in parallel: either engine's node may come first.
            assertTrue(warnings.get(0).contains("'node 1' (") && warnings.get(0).contains(
                    smc.href("elements/single_fw/1/firewall_node/1")) && warnings.get(0).contains(
                    smc.href("elements/single_fw/2/firewall_node/1")), warnings.get(0));
        }
        nanoTime.addAndGet(REFRESH_INTERVAL.toNanos());
        assertEquals(Optional.empty(), directory.hrefOf("fw_single", "node 1"));
        assertEquals(1, smc.requests("GET", "/7.1/elements/single_fw").size(), "an ambiguous name starts no reading");
        assertEquals(3, directory.misses(), "Ghost node 1 once, node 1 twice");
    }

    @Test
    void aNameNoLongerSharedResolvesOnceTheContextIsReadAgain() {
        servingTwoEnginesWithNodes("node 1", "node 1");
        assertEquals(Optional.empty(), directory.hrefOf("fw_single", "Ghost node 1"));
        assertEquals(Optional.empty(), directory.hrefOf("fw_single", "node 1"));

        // The second engine's node is renamed; an unknown name has the context read again.
        servingTwoEnginesWithNodes("node 1", "node 2");
        nanoTime.addAndGet(REFRESH_INTERVAL.toNanos());
        assertEquals(Optional.empty(), directory.hrefOf("fw_single", "Ghost node 1"));

        assertEquals(Optional.of(smc.href("elements/single_fw/1/firewall_node/1")),
                directory.hrefOf("fw_single", "node 1"));
        assertEquals(Optional.of(smc.href("elements/single_fw/2/firewall_node/1")),
                directory.hrefOf("fw_single", "node 2"));
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

    @Test
    void aPrefetchReadsAContextOnceBeforeAnyLookupAndTheLookupsUseIt() throws InterruptedException {
        directory.prefetch("fw_single");
        Await.until(() -> smc.requests("GET", "/7.1/elements/single_fw/77").size() == 1,
                "the prefetch read the engine documents");
        directory.prefetch("fw_single");

        assertEquals(Optional.of(smc.href("elements/single_fw/77/firewall_node/78")),
                directory.hrefOf("fw_single", "Oslo node 2"));
        assertEquals(1, smc.requests("GET", "/7.1/elements/single_fw").size(), "read once, by the first prefetch");
        assertEquals(0, directory.misses());

        directory.clear();
        directory.prefetch("fw_single");
        Await.until(() -> smc.requests("GET", "/7.1/elements/single_fw").size() == 2,
                "after clear() a prefetch reads the context again");
    }

    @Test
    void theEngineDocumentsOfALargeContextAreReadSeveralAtATimeAndEveryNodeResolves() throws Exception {
        int engines = 40;
        try (ConcurrencyMeasuringSmc large = new ConcurrencyMeasuringSmc(engines, -1)) {
            SmcSession largeSession = new SmcSession(client, URI.create(large.baseUrl()), new Password(FakeSmc.API_KEY),
                    Optional.of(FakeSmc.VERSION), Optional.empty());
            largeSession.open();
            RestHrefDirectory largeDirectory =
                    new RestHrefDirectory(largeSession, REFRESH_INTERVAL, WAIT_SLICE, nanoTime::get);
            cleanUp.add(largeDirectory::close);

            for (int i = 0; i < engines; i++) {
                assertEquals(Optional.of(large.href("elements/single_fw/" + i + "/firewall_node/1")),
                        largeDirectory.hrefOf("fw_single", "FW " + i + " node 1"));
            }
            assertEquals(0, largeDirectory.misses());
            assertEquals(engines, large.engineReads.get(), "each engine document is read once");
            assertEquals(ContextRefresh.PARALLEL_READS, large.mostAtOnce(), "engine documents read at once, at most");
        }
    }

    @Test
    void twoLargeContextsReadTheirEngineDocumentsWithinOneBoundBetweenThem() throws Exception {
        int engines = 24;
        try (ConcurrencyMeasuringSmc large = new ConcurrencyMeasuringSmc(engines, -1,
                List.of("single_fw", "fw_cluster"))) {
            RestHrefDirectory largeDirectory = directoryOf(large);

            // Both contexts are read at once, as when a task subscribed to both logs in.
            largeDirectory.prefetch("fw_single");
            largeDirectory.prefetch("fw_cluster");
            for (int i = 0; i < engines; i++) {
                assertEquals(Optional.of(large.href("elements/single_fw/" + i + "/firewall_node/1")),
                        largeDirectory.hrefOf("fw_single", "FW " + i + " node 1"));
                assertEquals(Optional.of(large.href("elements/fw_cluster/" + i + "/firewall_node/1")),
                        largeDirectory.hrefOf("fw_cluster", "FW " + i + " node 1"));
            }
            assertEquals(2 * engines, large.engineReads.get(), "each engine document is read once");
            assertEquals(ContextRefresh.PARALLEL_READS, large.mostAtOnce(), "engine documents read at once, at most");
        }
    }

    @Test
    void aLookupGoesOnAsSoonAsItsOwnNameIsReadWhileTheRestOfTheContextIsStillBeingRead() throws Exception {
        try (ConcurrencyMeasuringSmc smc = new ConcurrencyMeasuringSmc(2, 1)) {
            RestHrefDirectory held = directoryOf(smc);

            assertEquals(Optional.of(smc.href("elements/single_fw/0/firewall_node/1")),
                    held.hrefOf("fw_single", "FW 0 node 1"));
            assertEquals(1, smc.heldReads.get(), "the other engine's document is still being read");

            smc.release.countDown();
            assertEquals(Optional.of(smc.href("elements/single_fw/1/firewall_node/1")),
                    held.hrefOf("fw_single", "FW 1 node 1"));
            assertEquals(0, held.misses());
        }
    }

    @Test
    void closingReleasesALookupWaitingForTheRefreshAndStartsNoOther() throws Exception {
        try (ConcurrencyMeasuringSmc smc = new ConcurrencyMeasuringSmc(2, 1)) {
            RestHrefDirectory held = directoryOf(smc);
            CompletableFuture<Optional<String>> unknown =
                    CompletableFuture.supplyAsync(() -> held.hrefOf("fw_single", "Ghost node 1"));
            Await.until(() -> smc.heldReads.get() == 1, "the held engine document is being read");

            held.close();

            assertEquals(Optional.empty(), unknown.get(10, TimeUnit.SECONDS));
            nanoTime.addAndGet(REFRESH_INTERVAL.toNanos());
            assertEquals(Optional.empty(), held.hrefOf("fw_single", "Ghost node 1"));
            assertEquals(1, smc.listings.get(), "a closed directory started another refresh");
        }
    }

    @Test
    void engineDocumentsAreReadWhileTheRestOfALongListIsStillArriving() throws Exception {
        try (ListHeldAfterFirstItemSmc smc = new ListHeldAfterFirstItemSmc()) {
            RestHrefDirectory held = directoryOf(smc);

            assertEquals(Optional.of(smc.href("elements/single_fw/0/firewall_node/1")),
                    held.hrefOf("fw_single", "FW 0 node 1"));
            assertEquals(Optional.of(smc.href("elements/single_fw/1/firewall_node/1")),
                    held.hrefOf("fw_single", "FW 1 node 1"));
            assertTrue(smc.firstEngineReadDuringList.get(), "the first engine's document was read only after the list");
        }
    }

    @Test
    void aCallerWaitingForTheSmcToNameAnElementRunsItsWhileWaitingEverySliceAndAHitNever() {
        // Each engine document takes half a second: about fifty wait slices.
        smc.delayingDocumentsUnder("elements/single_fw", Duration.ofMillis(500));
        AtomicInteger whileWaitingRuns = new AtomicInteger();

        assertEquals(Optional.of(smc.href("elements/single_fw/77/firewall_node/78")),
                directory.hrefOf("fw_single", "Oslo node 2", whileWaitingRuns::incrementAndGet));
        assertTrue(whileWaitingRuns.get() >= 5, "ran " + whileWaitingRuns.get() + " times in half a second");

        whileWaitingRuns.set(0);
        assertEquals(Optional.of(smc.href("elements/single_fw/77/firewall_node/78")),
                directory.hrefOf("fw_single", "Oslo node 2", whileWaitingRuns::incrementAndGet));
        assertEquals(0, whileWaitingRuns.get(), "a cached name is no wait");
    }

    @Test
    void aRefreshGivesUpOnceEveryReaderFailedInARowAndTheNamesNotReadFallBack() throws Exception {
        // An SMC whose REST API lists a hundred engines but answers no engine document (a hung one would fail each
        // read only at the request timeout: one timeout per engine, eight at a time).
        try (FailingDocumentsSmc failing = new FailingDocumentsSmc(100, id -> true);
             LogCapture logs = LogCapture.start()) {
            RestHrefDirectory held = directoryOf(failing);

            assertEquals(Optional.empty(), held.hrefOf("fw_single", "FW 99 node 1"));

            held.close();
            assertTrue(held.awaitReaders(Duration.ofSeconds(10)), "the refresh's readers ended");
            // Each reader has at most one read under way when the last of the failures in a row gives up.
            assertTrue(failing.documentReads.get() <= 2 * ContextRefresh.PARALLEL_READS,
                    failing.documentReads.get() + " of 100 engine documents asked for");
            assertEquals(1, logs.lines(Level.WARN, "Giving up reading the element names of context fw_single").size(),
                    logs.text());
            int failuresLogged = logs.lines(Level.WARN, "Cannot read SMC element").size();
            assertTrue(failuresLogged < ContextRefresh.FAILED_READS_TO_GIVE_UP, logs.text());
        }
    }

    @Test
    void aRefreshWhoseFailedReadsAreInterruptedByReadsThatSucceedReadsTheWholeContext() throws Exception {
        // One engine document in four cannot be read: never eight failures in a row.
        try (FailingDocumentsSmc failing = new FailingDocumentsSmc(40, id -> id % 4 == 3);
             LogCapture logs = LogCapture.start()) {
            RestHrefDirectory held = directoryOf(failing);

            assertEquals(Optional.of(failing.href("elements/single_fw/36/firewall_node/1")),
                    held.hrefOf("fw_single", "FW 36 node 1"));
            assertEquals(Optional.empty(), held.hrefOf("fw_single", "FW 39 node 1"));

            assertEquals(40, failing.documentReads.get(), "every engine document was asked for");
            assertEquals(List.of(), logs.lines(Level.WARN, "Giving up"));
            assertEquals(1, logs.lines(Level.INFO, "10 of the documents could not be read").size(), logs.text());
        }
    }

    @Test
    void readsThatFailAtEveryRefreshAreWarnedAboutOnceAMinuteNotOncePerDocument() throws Exception {
        // A fifth of the engine documents are never readable (the API client may not read them, say): every
        // refresh fails on each of them again, and every notification of their nodes misses and starts a refresh.
        try (FailingDocumentsSmc failing = new FailingDocumentsSmc(100, id -> id % 5 == 4);
             LogCapture logs = LogCapture.start()) {
            RestHrefDirectory held = directoryOf(failing);

            for (int refresh = 1; refresh <= 3; refresh++) {
                assertEquals(Optional.empty(), held.hrefOf("fw_single", "FW 99 node 1"));
                nanoTime.addAndGet(REFRESH_INTERVAL.toNanos());
            }

            assertEquals(300, failing.documentReads.get(), "three refreshes of a hundred engine documents");
            List<String> failures = logs.lines(Level.WARN, "Cannot read SMC element");
            assertEquals(1, failures.size(), logs.text());
            assertTrue(failures.get(0).contains("elements/single_fw/"), failures.get(0));
            assertEquals(3, logs.lines(Level.INFO, "20 of the documents could not be read, so their elements get "
                    + "fallback keys (unresolved:fw_single/<name>)").size(), logs.text());
        }
    }

    private RestHrefDirectory directoryOf(ScriptedSmc smc) {
        SmcSession heldSession = new SmcSession(client, URI.create(smc.baseUrl()), new Password(FakeSmc.API_KEY),
                Optional.of(FakeSmc.VERSION), Optional.empty());
        heldSession.open();
        RestHrefDirectory held = new RestHrefDirectory(heldSession, REFRESH_INTERVAL, WAIT_SLICE, nanoTime::get);
        cleanUp.add(held::close);
        return held;
    }

    /**
     * An SMC on a MockWebServer of its own that accepts any login and answers the element calls as a test scripts
     * them ({@link #answer}), for what FakeSmc cannot do: hold or pace its answers.
     */
    private abstract static class ScriptedSmc extends Dispatcher implements AutoCloseable {
        private final MockWebServer server = new MockWebServer();

        ScriptedSmc() throws IOException {
            server.setDispatcher(this);
            server.start(InetAddress.getLoopbackAddress(), 0);
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getPort();
        }

        String href(String path) {
            return baseUrl() + "/" + FakeSmc.VERSION + "/" + path;
        }

        @Override
        public final MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            String path = request.getUrl().encodedPath().substring(("/" + FakeSmc.VERSION + "/").length());
            if (path.equals("login")) {
                return new MockResponse.Builder().code(200).addHeader("Set-Cookie", "JSESSIONID=" + FakeSmc.SESSION_ID)
                        .build();
            }
            return answer(path);
        }

        /** The answer to a call below the version, such as {@code elements/single_fw}. */
        abstract MockResponse answer(String path) throws InterruptedException;

        /** The list item of single firewall {@code id}. */
        String engineItem(int id) {
            return engineItem("single_fw", id);
        }

        /** The list item of engine {@code id} of REST type {@code type}. */
        String engineItem(String type, int id) {
            return "{\"href\":\"" + href("elements/" + type + "/" + id) + "\",\"name\":\"FW " + id
                    + "\",\"type\":\"" + type + "\"}";
        }

        /** The document of single firewall {@code id}: one node, {@code FW <id> node 1}. */
        MockResponse engineDocument(String id) {
            return engineDocument("single_fw", id);
        }

        /** The document of engine {@code id} of REST type {@code type}: one node, {@code FW <id> node 1}. */
        MockResponse engineDocument(String type, String id) {
            return json("{\"nodes\":[{\"firewall_node\":{\"name\":\"FW " + id + " node 1\",\"link\":[{\"rel\":"
                    + "\"self\",\"href\":\"" + href("elements/" + type + "/" + id + "/firewall_node/1") + "\"}]}}]}");
        }

        static MockResponse json(String body) {
            return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body)
                    .build();
        }

        /** Lets go of whatever the script holds, so that the server can stop. */
        abstract void releaseHeldAnswers();

        @Override
        public void close() {
            releaseHeldAnswers();
            server.close();
        }
    }

    /**
     * An SMC with {@code engines} single firewalls (and as many firewall clusters, if asked) of one node each. The
     * document of engine {@code heldEngine} is
     * answered only once {@link #release} is counted down, the others at once; with no engine held (-1), every engine
     * document is answered only once one read more than {@link ContextRefresh#PARALLEL_READS} is in flight, or after
     * {@link #HOLD}. Reads of a directory that keeps to its bound all overlap while they wait, so {@link #mostAtOnce}
     * reaches the bound, and one read too many is seen at once, whatever context it is for.
     */
    private static final class ConcurrencyMeasuringSmc extends ScriptedSmc {
        /** Every read of a directory that keeps to its bound waits this long: short, to keep the test fast. */
        private static final Duration HOLD = Duration.ofMillis(100);

        private final int engines;
        private final int heldEngine;
        private final List<String> types;
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger heldReads = new AtomicInteger();
        final AtomicInteger listings = new AtomicInteger();
        final AtomicInteger engineReads = new AtomicInteger();
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition tooManyInFlight = lock.newCondition();
        /** Guarded by {@link #lock}. */
        private int inFlight;
        /** Guarded by {@link #lock}. */
        private int mostAtOnce;

        ConcurrencyMeasuringSmc(int engines, int heldEngine) throws IOException {
            this(engines, heldEngine, List.of("single_fw"));
        }

        ConcurrencyMeasuringSmc(int engines, int heldEngine, List<String> types) throws IOException {
            this.engines = engines;
            this.heldEngine = heldEngine;
            this.types = types;
        }

        @Override
        MockResponse answer(String path) throws InterruptedException {
            for (String type : types) {
                if (path.equals("elements/" + type)) {
                    listings.incrementAndGet();
                    StringBuilder list = new StringBuilder();
                    for (int i = 0; i < engines; i++) {
                        list.append(i == 0 ? "" : ",").append(engineItem(type, i));
                    }
                    return json("{\"result\":[" + list + "]}");
                }
                if (path.startsWith("elements/" + type + "/")) {
                    return heldEngineDocument(type, path.substring(("elements/" + type + "/").length()));
                }
            }
            return new MockResponse.Builder().code(404).build();
        }

        private MockResponse heldEngineDocument(String type, String id) throws InterruptedException {
            if (id.equals(Integer.toString(heldEngine))) {
                heldReads.incrementAndGet();
                release.await(10, TimeUnit.SECONDS);
                heldReads.decrementAndGet();
            }
            engineReads.incrementAndGet();
            if (heldEngine < 0) {
                holdForOneReadTooMany();
            }
            return engineDocument(type, id);
        }

        private void holdForOneReadTooMany() throws InterruptedException {
            lock.lock();
            try {
                mostAtOnce = Math.max(mostAtOnce, ++inFlight);
                if (inFlight > ContextRefresh.PARALLEL_READS) {
                    tooManyInFlight.signalAll();
                }
                long left = HOLD.toNanos();
                while (inFlight <= ContextRefresh.PARALLEL_READS && left > 0) {
                    left = tooManyInFlight.awaitNanos(left);
                }
            } finally {
                inFlight--;
                lock.unlock();
            }
        }

        /** The most engine documents that were being read at once. */
        int mostAtOnce() {
            lock.lock();
            try {
                return mostAtOnce;
            } finally {
                lock.unlock();
            }
        }

        @Override
        void releaseHeldAnswers() {
            release.countDown();
        }
    }

    /**
     * An SMC with two single firewalls whose list sends its first item, then holds the rest until the first engine's
     * document is asked for (or a few seconds passed), as a long list still arriving would.
     */
    private static final class ListHeldAfterFirstItemSmc extends ScriptedSmc {
        private final CountDownLatch firstEngineRead = new CountDownLatch(1);
        final AtomicBoolean firstEngineReadDuringList = new AtomicBoolean();

        ListHeldAfterFirstItemSmc() throws IOException {
        }

        @Override
        MockResponse answer(String path) {
            if (path.equals("elements/single_fw")) {
                byte[] first = ("{\"result\":[" + engineItem(0)).getBytes(StandardCharsets.UTF_8);
                byte[] rest = ("," + engineItem(1) + "]}").getBytes(StandardCharsets.UTF_8);
                return new MockResponse.Builder().code(200).body(new MockResponseBody() {
                    @Override
                    public long getContentLength() {
                        return first.length + rest.length;
                    }

                    @Override
                    public void writeTo(BufferedSink sink) throws IOException {
                        sink.write(first).flush();
                        try {
                            firstEngineReadDuringList.set(firstEngineRead.await(10, TimeUnit.SECONDS));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        sink.write(rest).flush();
                    }
                }).build();
            }
            if (path.startsWith("elements/single_fw/")) {
                String id = path.substring("elements/single_fw/".length());
                if (id.equals("0")) {
                    firstEngineRead.countDown();
                }
                return engineDocument(id);
            }
            return new MockResponse.Builder().code(404).build();
        }

        @Override
        void releaseHeldAnswers() {
            firstEngineRead.countDown();
        }
    }

    /** An SMC with {@code engines} single firewalls of one node each; {@code fails} says whose documents get a 503. */
    private static final class FailingDocumentsSmc extends ScriptedSmc {
        private final int engines;
        private final IntPredicate fails;
        final AtomicInteger documentReads = new AtomicInteger();

        FailingDocumentsSmc(int engines, IntPredicate fails) throws IOException {
            this.engines = engines;
            this.fails = fails;
        }

        @Override
        MockResponse answer(String path) {
            if (path.equals("elements/single_fw")) {
                StringBuilder list = new StringBuilder();
                for (int i = 0; i < engines; i++) {
                    list.append(i == 0 ? "" : ",").append(engineItem(i));
                }
                return json("{\"result\":[" + list + "]}");
            }
            if (path.startsWith("elements/single_fw/")) {
                documentReads.incrementAndGet();
                String id = path.substring("elements/single_fw/".length());
                if (fails.test(Integer.parseInt(id))) {
                    return new MockResponse.Builder().code(503).addHeader("Content-Type", "application/json")
                            .body("{\"message\":\"Service unavailable\"}").build();
                }
                return engineDocument(id);
            }
            return new MockResponse.Builder().code(404).build();
        }

        @Override
        void releaseHeldAnswers() {
        }
    }

    private String reference(String name, String path, String type) {
        return "{\"href\":\"" + smc.href(path) + "\",\"name\":\"" + name + "\",\"type\":\"" + type + "\"}";
    }

    /** Single firewalls Quito (1) and Lima (2), whose one node each is named {@code first} and {@code second}. */
    private void servingTwoEnginesWithNodes(String first, String second) {
        smc.serving("elements/single_fw", "{\"result\":[" + reference("Quito", "elements/single_fw/1", "single_fw")
                + "," + reference("Lima", "elements/single_fw/2", "single_fw") + "]}");
        smc.serving("elements/single_fw/1", engine(first, "elements/single_fw/1/firewall_node/1"));
        smc.serving("elements/single_fw/2", engine(second, "elements/single_fw/2/firewall_node/1"));
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
