package io.github.kafkaconnectsmc.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactedUrlTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://smc.example.net", "https://smc.example.net:8082/7.1", "ftp://smc.example.net:8082",
            "https://[::1]:8082?x=1"})
    void aUrlWithSchemeAndHostIsQuotedAsItIs(String url) {
        assertEquals(url, RedactedUrl.of(url));
    }

    @Test
    void whatStandsBeforeAnAtIsHidden() {
        assertEquals("https://[hidden]@smc:8082", RedactedUrl.of("https://user:secret@smc:8082"));
        assertEquals("https://[hidden]@smc:8082", RedactedUrl.of("https://user:se@cret@smc:8082"));
        assertEquals("[hidden]@smc:8082", RedactedUrl.of("cret@smc:8082"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://user:secret",      // the head of https://user:secret,more@smc:8082, split at the comma
            "secret",                   // a middle piece
            "smc.example.net:8082",     // no scheme: could as well be a middle piece
            "https:// bad host:8082"})  // not a URL
    void whatCouldBePartOfAPasswordIsNotShown(String text) {
        assertEquals(RedactedUrl.NOT_SHOWN, RedactedUrl.of(text));
    }

    @Test
    void itemsWithAnAtComeFirstInTheirOrder() {
        assertEquals(List.of("c@d", "e@f", "https://user:/pa", "b"),
                RedactedUrl.atSignsFirst(List.of(" https://user:/pa", "c@d ", "b", "e@f")));
    }
}
