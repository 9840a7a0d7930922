package io.github.kafkaconnectsmc.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The records of one benchmark round as the broker stored them: when it appended each (the topic's timestamps are
 * {@code LogAppendTime}), how large key and value were, how large each record was with its headers, and, when
 * asked for, the values. Read after the round, so that reading costs the round nothing.
 *
 * @param recordBytes each record's key, value and headers (each header's name and value, and the two lengths
 *                    before them), in bytes: what it adds to a record batch beyond the fixed per-record fields
 */
record AppendedRecords(long[] appendTimes, long keyAndValueBytes, int[] recordBytes, List<byte[]> values) {

    /** The {@code count} records of the topic's only partition from {@code fromOffset}. */
    static AppendedRecords read(String bootstrapServers, String topic, long fromOffset, int count, boolean keepValues) {
        long[] appendTimes = new long[count];
        long bytes = 0;
        int[] recordBytes = new int[count];
        List<byte[]> values = keepValues ? new ArrayList<>(count) : List.of();
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, fromOffset);
            int read = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (read < count) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("Read only " + read + " of " + count + " records of " + topic);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (read == count) {
                        break;
                    }
                    if (record.timestampType() != TimestampType.LOG_APPEND_TIME) {
                        throw new IllegalStateException(topic + " is not timestamped at append time");
                    }
                    int keyAndValue = (record.key() == null ? 0 : record.key().length) + record.value().length;
                    bytes += keyAndValue;
                    recordBytes[read] = keyAndValue + headerBytes(record.headers());
                    appendTimes[read++] = record.timestamp();
                    if (keepValues) {
                        values.add(record.value());
                    }
                }
            }
        }
        return new AppendedRecords(appendTimes, bytes, recordBytes, values);
    }

    /** A short header's name and value with their one-byte varint lengths, as a record batch stores them. */
    private static int headerBytes(Headers headers) {
        int bytes = 0;
        for (Header header : headers) {
            bytes += 2 + header.key().getBytes(StandardCharsets.UTF_8).length
                    + (header.value() == null ? 0 : header.value().length);
        }
        return bytes;
    }

    int count() {
        return appendTimes.length;
    }

    /** Records per second between the first and the last append (the broker's clock, ms resolution). */
    double ratePerSecond() {
        long window = appendTimes[appendTimes.length - 1] - appendTimes[0];
        return window <= 0 ? Double.NaN : (appendTimes.length - 1) * 1000.0 / window;
    }

    long windowMillis() {
        return appendTimes[appendTimes.length - 1] - appendTimes[0];
    }

    double averageRecordBytes() {
        return (double) keyAndValueBytes / appendTimes.length;
    }

    /** The mean of {@link #recordBytes}: key, value and headers. */
    double averageRecordBytesWithHeaders() {
        return Arrays.stream(recordBytes).average().orElse(Double.NaN);
    }
}
