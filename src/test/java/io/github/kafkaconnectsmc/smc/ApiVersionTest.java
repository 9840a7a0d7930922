package io.github.kafkaconnectsmc.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiVersionTest {

    @Test
    void ordersNumericallyNotAsText() {
        assertTrue(version("6.10").compareTo(version("6.9")) > 0);
        assertTrue(version("7.2.1").compareTo(version("7.2")) > 0);
        assertTrue(version("7.0").compareTo(version("6.11")) > 0);
        assertEquals(version("7.1"), version("7.1"));
    }

    @Test
    void newestIsChosenNumericallyAndSkipsWhatIsNotAVersion() {
        assertEquals(Optional.of(version("6.10")), ApiVersion.newest(List.of("6.5", "6.10", "6.9", "latest", "")));
    }

    @Test
    void noVersionNumberMeansNoNewest() {
        assertEquals(Optional.empty(), ApiVersion.newest(List.of("latest", "v7")));
    }

    @Test
    void keepsTheTextItWasParsedFrom() {
        assertEquals("6.10", version("6.10").toString());
    }

    private static ApiVersion version(String text) {
        return ApiVersion.parse(text).orElseThrow();
    }
}
