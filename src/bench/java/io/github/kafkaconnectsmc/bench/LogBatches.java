package io.github.kafkaconnectsmc.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;

/**
 * How the broker stored a round's records: in how many record batches, of how many bytes. The benchmark's topics
 * have one partition, so a producer sends at most one batch of them per produce request, and batches are what a
 * producer's I/O thread and the broker pay for per request. Read from the partition's log segments (batch headers
 * only) after the round.
 *
 * <p>A batch with fewer records than most was either cut short by its byte limit (its bytes then near
 * {@code batch.size}) or sent before it was full, when the producer had nothing more to add: the bytes of the short
 * batches tell which.
 *
 * @param batches batches holding at least one of the round's records
 * @param records the round's records
 * @param bytes the batches' bytes, headers included
 * @param batchesByRecordCount how many batches held each number of records
 * @param bytesByRecordCount the bytes of the batches that held each number of records
 */
record LogBatches(int batches, int records, long bytes, Map<Integer, Integer> batchesByRecordCount,
                  Map<Integer, Long> bytesByRecordCount) {

    /** The batches of {@code topic}'s only partition, in {@code logDirectory}, holding offsets from..from+count-1. */
    static LogBatches read(Path logDirectory, String topic, long fromOffset, int count) {
        long end = fromOffset + count;
        int batches = 0;
        long bytes = 0;
        Map<Integer, Integer> batchesByRecordCount = new TreeMap<>();
        Map<Integer, Long> bytesByRecordCount = new TreeMap<>();
        try (Stream<Path> files = Files.list(logDirectory.resolve(topic + "-0"))) {
            List<Path> segments = files.filter(file -> file.getFileName().toString().endsWith(".log")).sorted()
                    .toList();
            for (Path segment : segments) {
                FileRecords records = FileRecords.open(segment.toFile(), false);
                try {
                    for (FileChannelRecordBatch batch : records.batches()) {
                        if (batch.lastOffset() >= fromOffset && batch.baseOffset() < end) {
                            batches++;
                            bytes += batch.sizeInBytes();
                            int recordCount = (int) (batch.lastOffset() - batch.baseOffset() + 1);
                            batchesByRecordCount.merge(recordCount, 1, Integer::sum);
                            bytesByRecordCount.merge(recordCount, (long) batch.sizeInBytes(), Long::sum);
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
        return new LogBatches(batches, count, bytes, batchesByRecordCount, bytesByRecordCount);
    }

    double recordsPerBatch() {
        return batches == 0 ? Double.NaN : (double) records / batches;
    }

    double bytesPerBatch() {
        return batches == 0 ? Double.NaN : (double) bytes / batches;
    }

    /** The number of records most batches held. */
    int usualRecordCount() {
        return batchesByRecordCount.entrySet().stream().max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey).orElse(0);
    }

    /** The share of batches holding fewer records than most did. */
    double shortShare() {
        int usual = usualRecordCount();
        int shortBatches = batchesByRecordCount.entrySet().stream().filter(e -> e.getKey() < usual)
                .mapToInt(Map.Entry::getValue).sum();
        return batches == 0 ? Double.NaN : (double) shortBatches / batches;
    }

    /**
     * The short batches by record count, most common first, with their mean bytes: {@code "14 x 120 (16,210 B)"}.
     */
    String shortBatches(int limit) {
        int usual = usualRecordCount();
        return batchesByRecordCount.entrySet().stream().filter(e -> e.getKey() < usual)
                .sorted(Map.Entry.<Integer, Integer>comparingByValue().reversed()).limit(limit)
                .map(e -> String.format(Locale.ROOT, "%d x %d (%,d B)", e.getKey(), e.getValue(),
                        bytesByRecordCount.get(e.getKey()) / e.getValue()))
                .reduce((a, b) -> a + ", " + b).orElse("none");
    }
}
