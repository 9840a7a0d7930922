package io.github.kafkaconnectsmc.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;

/**
 * How the broker stored a round's records: in how many record batches. The benchmark's topics have one partition, so
 * a producer sends at most one batch of them per produce request, and batches are what a producer's I/O thread and
 * the broker pay for per request. Read from the partition's log segments (batch headers only) after the round.
 *
 * @param batches batches holding at least one of the round's records
 * @param records the round's records
 */
record LogBatches(int batches, int records) {

    /** The batches of {@code topic}'s only partition, in {@code logDirectory}, holding offsets from..from+count-1. */
    static LogBatches read(Path logDirectory, String topic, long fromOffset, int count) {
        long end = fromOffset + count;
        int batches = 0;
        try (Stream<Path> files = Files.list(logDirectory.resolve(topic + "-0"))) {
            List<Path> segments = files.filter(file -> file.getFileName().toString().endsWith(".log")).sorted()
                    .toList();
            for (Path segment : segments) {
                FileRecords records = FileRecords.open(segment.toFile(), false);
                try {
                    for (FileChannelRecordBatch batch : records.batches()) {
                        if (batch.lastOffset() >= fromOffset && batch.baseOffset() < end) {
                            batches++;
                        }
                    }
                } finally {
                    // Not close(): that trims the file to the size it had when opened, and the broker owns it.
                    records.closeHandlers();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the log segments of " + topic, e);
        }
        return new LogBatches(batches, count);
    }

    double recordsPerBatch() {
        return batches == 0 ? Double.NaN : (double) records / batches;
    }
}
