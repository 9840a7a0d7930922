package io.github.kafkaconnectsmc.record;

import io.github.kafkaconnectsmc.protocol.Subscription;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * Source partitions and offsets of status records.
 *
 * <p>A partition is one subscription unit on one SMC: {@code {"smc": <base URL>, "subscription": "context:fw_single"}}.
 * Its offset is {@code {"sequence": n, "received_at": <ms>}}. The SMC cannot replay notifications, so offsets are
 * not used to resume a stream: they number the records of a partition (continuing across restarts) so a consumer can
 * see gaps, and they tell operators when each partition last delivered.
 */
public final class SourceOffsets {

    public static final String SMC_KEY = "smc";
    public static final String SUBSCRIPTION_KEY = "subscription";
    public static final String SEQUENCE_KEY = "sequence";
    public static final String RECEIVED_AT_KEY = "received_at";

    private final String smcUrl;
    /** Per subscription: its partition map, made once and shared by its records (it is immutable), and its sequence. */
    private final Map<Subscription, Partition> partitions = new ConcurrentHashMap<>();

    /**
     * The partition looked up last. A notification's records, and nearly always the next notification's (all those of
     * a context subscription), share it; comparing the subscription by identity skips hashing it, which, twice per
     * record, was 3 % of the socket reader's time in the end-to-end benchmark.
     */
    private volatile Partition lastLookedUp;

    private record Partition(Subscription subscription, Map<String, Object> key, AtomicLong sequence) {
    }

    public SourceOffsets(String smcUrl) {
        this.smcUrl = smcUrl;
    }

    public Map<String, Object> partition(Subscription subscription) {
        return partitionOf(subscription).key();
    }

    /** Continues each partition's sequence from the last committed offset, if the worker has one. */
    public void restore(OffsetStorageReader reader, Collection<Subscription> subscriptions) {
        Map<Map<String, Object>, Subscription> byPartition = new HashMap<>();
        for (Subscription subscription : subscriptions) {
            byPartition.put(partition(subscription), subscription);
        }
        Map<Map<String, Object>, Map<String, Object>> committed = reader.offsets(byPartition.keySet());
        if (committed == null) {
            return;
        }
        committed.forEach((partition, offset) -> {
            if (offset != null && offset.get(SEQUENCE_KEY) instanceof Number last) {
                partitionOf(byPartition.get(partition)).sequence().set(last.longValue());
            }
        });
    }

    /** The offset of the next record of {@code subscription}: a new map for each record, since a record owns it. */
    public Map<String, Object> next(Subscription subscription, long receivedAt) {
        long sequence = partitionOf(subscription).sequence().incrementAndGet();
        return Map.of(SEQUENCE_KEY, sequence, RECEIVED_AT_KEY, receivedAt);
    }

    private Partition partitionOf(Subscription subscription) {
        Partition last = lastLookedUp;
        if (last != null && last.subscription() == subscription) {
            return last;
        }
        // A plain get first: computeIfAbsent would allocate its capturing function on every record.
        Partition known = partitions.get(subscription);
        if (known == null) {
            known = partitions.computeIfAbsent(subscription, s -> new Partition(s,
                    Map.of(SMC_KEY, smcUrl, SUBSCRIPTION_KEY, s.unit()), new AtomicLong()));
        }
        lastLookedUp = known;
        return known;
    }
}
