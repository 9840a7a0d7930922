package io.github.kafkaconnectsmc.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a status topic from its beginning and keeps every record, in the order each partition holds them (so per
 * element key, in the order the connector produced them), or for long runs only their count and the latest record
 * of each key ({@link #countingOnly}). Not thread safe: one test thread polls it.
 */
public final class StatusTopic implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<String, String> consumer;
    private final String topic;
    private final List<StatusRecord> received = new ArrayList<>();
    private final boolean keepsRecords;
    private final Map<String, StatusRecord> latestByKey = new HashMap<>();
    private int count;
    private boolean allPartitionsAssigned;

    /** Reads {@code topic} from its beginning. */
    public StatusTopic(String bootstrapServers, String topic) {
        this(bootstrapServers, topic, false, true);
    }

    /**
     * Reads {@code topic} from its end as of now, skipping what earlier runs left in an existing topic; a topic
     * created later is still read from its beginning.
     */
    public static StatusTopic fromNow(String bootstrapServers, String topic) {
        return new StatusTopic(bootstrapServers, topic, true, true);
    }

    /** Reads {@code topic} from its beginning, keeping only the count and the latest record of each key. */
    public static StatusTopic countingOnly(String bootstrapServers, String topic) {
        return new StatusTopic(bootstrapServers, topic, false, false);
    }

    private StatusTopic(String bootstrapServers, String topic, boolean skipExisting, boolean keepsRecords) {
        this.topic = topic;
        this.keepsRecords = keepsRecords;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1_000,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000),
                new StringDeserializer(), new StringDeserializer());
        if (skipExisting) {
            skipExistingRecords();
        }
    }

    private void skipExistingRecords() {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic);
        if (partitions == null || partitions.isEmpty()) {
            return;
        }
        List<TopicPartition> all = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(all);
        consumer.seekToEnd(all);
        // Resolve the end offsets now: a lazy seek would also skip what arrives before the first poll.
        all.forEach(consumer::position);
        allPartitionsAssigned = true;
    }

    /** Polls once, up to {@link #POLL}, and returns the records that arrived. */
    public List<StatusRecord> poll() {
        if (!allPartitionsAssigned) {
            assignPartitions();
        }
        List<StatusRecord> batch = new ArrayList<>();
        for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
            StatusRecord statusRecord = toStatusRecord(record);
            batch.add(statusRecord);
            latestByKey.put(statusRecord.key(), statusRecord);
        }
        count += batch.size();
        if (keepsRecords) {
            received.addAll(batch);
        }
        return batch;
    }

    /** Polls until {@code done} holds for everything received so far, or fails after {@code timeout}. */
    public List<StatusRecord> awaitUntil(Predicate<List<StatusRecord>> done, Duration timeout, String what) {
        requireRecords();
        awaitCondition(() -> done.test(received), timeout, what);
        return List.copyOf(received);
    }

    /** Polls until {@code done} holds, or fails after {@code timeout}; {@code done} may look at this topic. */
    public void awaitCondition(BooleanSupplier done, Duration timeout, String what) {
        awaitCondition(done, timeout, () -> what);
    }

    /** As {@link #awaitCondition(BooleanSupplier, Duration, String)}, describing the wait when it times out. */
    public void awaitCondition(BooleanSupplier done, Duration timeout, Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Timed out after " + timeout + " waiting for " + what.get() + "; received "
                        + count + " record(s)");
            }
            poll();
        }
    }

    /** Every record received so far, in partition order. */
    public List<StatusRecord> records() {
        requireRecords();
        return List.copyOf(received);
    }

    /** The latest record received for each key. */
    public Map<String, StatusRecord> latestByKey() {
        return Map.copyOf(latestByKey);
    }

    private void requireRecords() {
        if (!keepsRecords) {
            throw new IllegalStateException("This topic reader keeps only counts and the latest record per key");
        }
    }

    /** Records received so far. */
    public int count() {
        return count;
    }

    public List<StatusRecord> awaitAtLeast(int count, Duration timeout) {
        return awaitUntil(records -> records.size() >= count, timeout, count + " record(s) on " + topic);
    }

    /**
     * Reads every partition of the topic from its beginning. Until the topic exists (the connector's worker may
     * create it) the consumer waits on its first partition, so that {@link #poll()} blocks instead of spinning.
     */
    private void assignPartitions() {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic);
        Set<TopicPartition> wanted = partitions == null || partitions.isEmpty()
                ? Set.of(new TopicPartition(topic, 0))
                : partitions.stream().map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toSet());
        Set<TopicPartition> added = new HashSet<>(wanted);
        added.removeAll(consumer.assignment());
        if (!added.isEmpty()) {
            Set<TopicPartition> all = new HashSet<>(consumer.assignment());
            all.addAll(added);
            consumer.assign(all);
            consumer.seekToBeginning(added);
        }
        allPartitionsAssigned = partitions != null && !partitions.isEmpty();
    }

    private static StatusRecord toStatusRecord(ConsumerRecord<String, String> record) {
        Header keySource = record.headers().lastHeader("smc.key.source");
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        try {
            return new StatusRecord(record.key(), record.value() == null ? null : JSON.readTree(record.value()),
                    keySource == null ? null : new String(keySource.value(), StandardCharsets.UTF_8), headers);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("A status record value is not JSON: " + record.value(), e);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
