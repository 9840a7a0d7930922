package io.github.kafkaconnectsmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkaconnectsmc.smc.tls.KeyStoreLoadException;
import io.github.kafkaconnectsmc.smc.tls.KeyStoreType;
import io.github.kafkaconnectsmc.testing.TestCertificates;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A task's SMC session end to end: cookie and token sessions, and logging out on every stop. */
class SmcSourceTaskSessionTest {

    @TempDir
    Path directory;

    /** Each test sets its SMC up (tokens, TLS, refusals) before starting it; a test may start several tasks. */
    @RegisterExtension
    final TaskTestBed bed = TaskTestBed.forTask("session-test", 0)
            .withSettings(smc -> Map.of(SmcSourceConfig.SMC_API_VERSION_CONFIG, FakeSmc.VERSION))
            .smcStartedByEachTest(FakeSmc::sendingStatusOnSubscribe)
            .notCheckingThreads();

    private FakeSmc smc;
    private SmcSourceTask task;

    @BeforeEach
    void useTheBed() {
        smc = bed.smc();
    }

    @ParameterizedTest(name = "login Authorization ''{0}'' gives subprotocols ''{1}''")
    @CsvSource({
        "smc-token-7f3a, 'access_token, smc-token-7f3a'",
        "Bearer smc-token-7f3a, 'access_token, smc-token-7f3a'",
    })
    void tokenSessionIsEchoedOnRestCallsAndOfferedAsSubprotocolsOnTheSocket(String authorization,
                                                                             String subprotocols) throws Exception {
        smc.issuingTokens(authorization).acceptingSubprotocol("access_token").start();

        task = startTask(props());
        List<SourceRecord> records = PollUntil.records(task);
        bed.stop();

        assertEquals("fw_single node 1", ((Struct) records.get(0).value()).getString("element_name"));
        RecordedRequest upgrade = smc.requests("GET", "/7.1/status/socket").get(0);
        assertEquals(subprotocols, upgrade.getHeaders().get("Sec-WebSocket-Protocol"));
        assertEquals(authorization, upgrade.getHeaders().get("Authorization"));
        assertNull(upgrade.getHeaders().get("Cookie"), "a token session has no cookie");
        assertNull(upgrade.getHeaders().get("Origin"), "the SMC's CORS filter refuses an Origin");
        for (RecordedRequest request : smc.requests()) {
            if (request.getUrl().encodedPath().startsWith("/7.1/elements/")
                    || request.getUrl().encodedPath().equals("/7.1/logout")) {
                assertEquals(authorization, request.getHeaders().get("Authorization"), request.getRequestLine());
            }
        }
        assertEquals(1, smc.requests("PUT", "/7.1/logout").size());
    }

    @Test
    void socketOpensWhenTheSmcNamesNoSubprotocolInItsAnswer() throws Exception {
        smc.issuingTokens(FakeSmc.TOKEN).start();

        task = startTask(props());

        assertFalse(PollUntil.records(task).isEmpty());
    }

    @Test
    void sessionWithCookieAndTokenSendsBoth() throws Exception {
        smc.issuingCookiesAndTokens(FakeSmc.TOKEN).acceptingSubprotocol("access_token").start();

        task = startTask(props());
        PollUntil.records(task);

        RecordedRequest upgrade = smc.requests("GET", "/7.1/status/socket").get(0);
        assertEquals("JSESSIONID=" + FakeSmc.SESSION_ID, upgrade.getHeaders().get("Cookie"));
        assertEquals(FakeSmc.TOKEN, upgrade.getHeaders().get("Authorization"));
        assertEquals("access_token, " + FakeSmc.TOKEN, upgrade.getHeaders().get("Sec-WebSocket-Protocol"));
    }

    @Test
    void stopLogsOutAfterARunningSession() throws Exception {
        smc.start();
        task = startTask(props());
        PollUntil.records(task);

        bed.stop();

        List<RecordedRequest> logouts = smc.requests("PUT", "/7.1/logout");
        assertEquals(1, logouts.size());
        assertEquals("JSESSIONID=" + FakeSmc.SESSION_ID, logouts.get(0).getHeaders().get("Cookie"));
    }

    @Test
    void stopLogsOutWhenTheLoginWorkedButTheSocketWasRefused() throws Exception {
        smc.refusingHandshakeWith(503).start();
        Map<String, String> props = props();
        // Fail at the first refusal rather than retrying, so the test sees the failed start.
        props.put(SmcSourceConfig.SMC_RECONNECT_MAX_ATTEMPTS_CONFIG, "0");
        task = startTask(props);

        ConnectException failure = PollUntil.failure(task);
        bed.stop();

        assertTrue(failure.getMessage().contains("HTTP 503"), failure.getMessage());
        List<RecordedRequest> logouts = smc.requests("PUT", "/7.1/logout");
        assertEquals(1, logouts.size(), "the session of a failed start must not be left on the SMC");
        assertEquals("JSESSIONID=" + FakeSmc.SESSION_ID, logouts.get(0).getHeaders().get("Cookie"));
    }

    @Test
    void stopAfterARefusedLoginHasNothingToLogOut() throws Exception {
        smc.refusingLogins().start();
        task = startTask(props());

        PollUntil.failure(task);
        bed.stop();

        assertTrue(smc.requests("PUT", "/7.1/logout").isEmpty());
    }

    @Test
    void stopAfterAStartThatFailedBuildingTlsEndsQuietly() throws Exception {
        smc.start();
        Map<String, String> props = props();
        props.put("smc.url", smc.baseUrl().replace("http://", "https://"));
        props.put("smc.tls.truststore.location", directory.resolve("missing.pem").toString());
        SmcSourceTask failing = new SmcSourceTask();

        KeyStoreLoadException error = assertThrows(KeyStoreLoadException.class, () -> failing.start(props));
        failing.stop();

        assertEquals("smc.tls.truststore.location", error.setting());
        assertTrue(smc.requests().isEmpty());
    }

    @Test
    void insecureModeWarnsAtEveryTaskStart() throws Exception {
        TestCertificates certificates = TestCertificates.generate(directory);
        smc.useHttps(certificates.serverSocketFactory()).start();
        Map<String, String> props = props();
        props.put("smc.tls.insecure", "true");

        try (LogCapture logs = LogCapture.start()) {
            for (int start = 1; start <= 2; start++) {
                task = startTask(props);
                PollUntil.records(task);
                bed.stop();
                assertEquals(start, logs.lines(Level.WARN, "smc.tls.insecure=true").size(), logs.text());
            }
        }
    }

    @Test
    void httpsTaskTrustingTheSmcsCaStreams() throws Exception {
        TestCertificates certificates = TestCertificates.generate(directory);
        smc.useHttps(certificates.serverSocketFactory()).start();
        Map<String, String> props = props();
        props.put("smc.tls.truststore.location", certificates.trustStore(KeyStoreType.JKS, "jks-pw-1").toString());
        props.put("smc.tls.truststore.type", "jks");
        props.put("smc.tls.truststore.password", "jks-pw-1");

        task = startTask(props);

        assertFalse(PollUntil.records(task).isEmpty());
    }

    private Map<String, String> props() {
        return bed.props();
    }

    private SmcSourceTask startTask(Map<String, String> props) {
        return bed.start(props);
    }
}
