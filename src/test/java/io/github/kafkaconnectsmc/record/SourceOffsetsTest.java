package io.github.kafkaconnectsmc.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kafkaconnectsmc.protocol.Subscription;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.Test;

class SourceOffsetsTest {

    private static final String SMC = "https://smc.example.net:8082";
    private static final Subscription FW_SINGLE = Subscription.context("fw_single");
    private static final Subscription VIRTUAL_FW = Subscription.context("virtual_fw");

    @Test
    void aPartitionIsTheSmcAndTheSubscriptionUnit() {
        assertEquals(Map.of("smc", SMC, "subscription", "context:fw_single"),
                new SourceOffsets(SMC).partition(FW_SINGLE));
    }

    @Test
    void sequencesStartAtOneAndContinueFromTheLastCommittedOffset() {
        SourceOffsets offsets = new SourceOffsets(SMC);
        Map<Map<String, Object>, Map<String, Object>> committed = new HashMap<>();
        committed.put(offsets.partition(FW_SINGLE), Map.of("sequence", 41L, "received_at", 5L));
        committed.put(offsets.partition(VIRTUAL_FW), null);

        offsets.restore(new CommittedOffsets(committed), List.of(FW_SINGLE, VIRTUAL_FW));

        assertEquals(Map.of("sequence", 42L, "received_at", 7L), offsets.next(FW_SINGLE, 7L));
        assertEquals(1L, offsets.next(VIRTUAL_FW, 7L).get("sequence"));
    }

    @Test
    void eachPartitionKeepsItsOwnSequenceWhateverWasLookedUpLast() {
        SourceOffsets offsets = new SourceOffsets(SMC);
        Subscription sameAsFwSingle = Subscription.context("fw_single");

        assertEquals(1L, offsets.next(FW_SINGLE, 1L).get("sequence"));
        assertEquals(1L, offsets.next(VIRTUAL_FW, 2L).get("sequence"));
        assertEquals(2L, offsets.next(sameAsFwSingle, 3L).get("sequence"));
        assertEquals(3L, offsets.next(FW_SINGLE, 4L).get("sequence"));
        assertEquals(Map.of("smc", SMC, "subscription", "context:virtual_fw"), offsets.partition(VIRTUAL_FW));
        assertEquals(2L, offsets.next(VIRTUAL_FW, 5L).get("sequence"));
    }

    private record CommittedOffsets(Map<Map<String, Object>, Map<String, Object>> committed)
            implements OffsetStorageReader {
        @Override
        public <T> Map<String, Object> offset(Map<String, T> partition) {
            return committed.get(partition);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
            Map<Map<String, T>, Map<String, Object>> answer = new HashMap<>();
            for (Map<String, T> partition : partitions) {
                answer.put(partition, committed.get((Map<String, Object>) (Map<String, ?>) partition));
            }
            return answer;
        }
    }
}
