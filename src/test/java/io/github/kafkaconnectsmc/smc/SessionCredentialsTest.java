package io.github.kafkaconnectsmc.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.kafkaconnectsmc.FakeSmc;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

class SessionCredentialsTest {

    @Test
    void toStringSaysWhichCredentialsExistButShowsNeither() {
        SessionCredentials credentials = new SessionCredentials(FakeSmc.SESSION_ID, "Bearer s3cr3t-token");

        assertEquals("SessionCredentials(cookie=[hidden], token=[hidden])", credentials.toString());
        assertFalse(credentials.toString().contains(FakeSmc.SESSION_ID));
        assertEquals("SessionCredentials(cookie=[hidden], token=none)",
                new SessionCredentials(FakeSmc.SESSION_ID, null).toString());
    }

    @Test
    void aSessionNeedsACookieOrAToken() {
        assertThrows(IllegalArgumentException.class, () -> new SessionCredentials(null, null));
    }

    @Test
    void aRestRequestCarriesTheCookieAndTheTokenButNoSubprotocol() {
        Request request = new SessionCredentials(FakeSmc.SESSION_ID, "Bearer t")
                .applyTo(new Request.Builder().url("http://127.0.0.1:1/7.1/elements")).build();

        assertEquals("JSESSIONID=" + FakeSmc.SESSION_ID, request.header("Cookie"));
        assertEquals("Bearer t", request.header("Authorization"));
        assertEquals(null, request.header("Sec-WebSocket-Protocol"));
    }
}
