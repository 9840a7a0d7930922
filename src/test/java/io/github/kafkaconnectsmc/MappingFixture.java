package io.github.kafkaconnectsmc;

import io.github.kafkaconnectsmc.record.ElementKeyResolver;
import io.github.kafkaconnectsmc.record.ElementStates;
import io.github.kafkaconnectsmc.record.SourceOffsets;
import io.github.kafkaconnectsmc.record.StatusRecordMapper;
import io.github.kafkaconnectsmc.smc.HrefDirectory;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the tests of the classes that turn notifications into queued records build around them: a mapper with no SMC
 * behind its href directory (context records get fallback keys), the element states it keeps, and queues.
 */
final class MappingFixture {

    static final String SMC = "https://smc.example.net:8082";
    static final String TOPIC = "smc.status";

    final ElementStates states = new ElementStates();
    final StatusRecordMapper mapper;

    MappingFixture() {
        this(() -> SMC);
    }

    /** {@code smcUrl}: read for every record made, as the task reads the server in use. */
    MappingFixture(Supplier<String> smcUrl) {
        mapper = new StatusRecordMapper(TOPIC, smcUrl, new ElementKeyResolver(new NoHrefs()), new SourceOffsets(SMC),
                states, StatusRecordMapper.Options.defaults());
    }

    /**
     * A queue of {@code capacity} records whose empty poll returns after a moment, with no cap on records handed over
     * and not acknowledged (nothing here acknowledges).
     */
    static NotificationQueue queue(int capacity) {
        return new NotificationQueue(capacity, 1_000_000, 100, Integer.MAX_VALUE, Duration.ofMillis(20));
    }

    /** Resolves no name, so no SMC is needed. */
    private static final class NoHrefs implements HrefDirectory {
        @Override
        public Optional<String> hrefOf(String context, String name) {
            return Optional.empty();
        }

        @Override
        public void clear() {
        }

        @Override
        public long misses() {
            return 0;
        }
    }
}
