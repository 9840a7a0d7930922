package io.github.kafkaconnectsmc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VersionTest {

    @Test
    void theVersionIsTheBuildsVersionFilteredInByMaven() {
        String version = Version.get();
        assertTrue(version.matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), version);
        assertTrue(new SmcSourceConnector().version().equals(version) && new SmcSourceTask().version().equals(version));
    }
}
