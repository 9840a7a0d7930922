package io.github.kafkaconnectsmc.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka (broker and controller in one) in its own JVM ({@code kafka.Kafka}), with its log in the
 * run directory, and an admin client to make topics and read their end offsets.
 */
final class KafkaBroker implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final BenchJvm jvm;
    private final String bootstrapServers;
    private final Path logDirectory;
    private final Admin admin;

    private KafkaBroker(BenchJvm jvm, String bootstrapServers, Path logDirectory) {
        this.jvm = jvm;
        this.bootstrapServers = bootstrapServers;
        this.logDirectory = logDirectory;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    static KafkaBroker start(BenchSetup setup, List<String> jvmOptions) throws Exception {
        int port = BenchSetup.freePort();
        int controllerPort = BenchSetup.freePort();
        Path config = setup.runDirectory().resolve("server.properties");
        Path logDirectory = setup.runDirectory().resolve("kafka-data");
        Properties server = new Properties();
        server.put("process.roles", "broker,controller");
        server.put("node.id", "1");
        server.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        server.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        server.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        server.put("controller.listener.names", "CONTROLLER");
        server.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        server.put("log.dirs", logDirectory.toString());
        server.put("num.partitions", "1");
        server.put("offsets.topic.replication.factor", "1");
        server.put("transaction.state.log.replication.factor", "1");
        server.put("transaction.state.log.min.isr", "1");
        server.put("share.coordinator.state.topic.replication.factor", "1");
        server.put("share.coordinator.state.topic.min.isr", "1");
        server.put("group.initial.rebalance.delay.ms", "0");
        server.put("auto.create.topics.enable", "false");
        try (var out = Files.newBufferedWriter(config)) {
            server.store(out, "single-node KRaft broker of a benchmark run");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BenchJvm format = BenchJvm.start("kafka-storage-format", setup, setup.kafkaClassPath(), List.of("-Xmx256m"),
                "kafka.tools.StorageTool", List.of("format", "--config", config.toString(), "--cluster-id",
                        Uuid.randomUuid().toString()));
        if (format.awaitExit(Duration.ofSeconds(60)) != 0) {
            throw new IllegalStateException("Formatting the broker's storage failed: " + format.output());
        }
        BenchJvm jvm = BenchJvm.start("broker", setup, setup.kafkaClassPath(), jvmOptions, "kafka.Kafka",
                List.of(config.toString()));
        KafkaBroker broker = new KafkaBroker(jvm, "127.0.0.1:" + port, logDirectory);
        broker.awaitReady();
        return broker;
    }

    private void awaitReady() throws Exception {
        jvm.awaitWhileRunning(() -> {
            try {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return true;
            } catch (ExecutionException | TimeoutException e) {
                return false;
            }
        }, STARTUP, Duration.ofMillis(200), "the broker to start");
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    BenchJvm jvm() {
        return jvm;
    }

    /** Where the broker keeps its partitions' logs ({@code log.dirs}). */
    Path logDirectory() {
        return logDirectory;
    }

    /** A topic of one partition whose records are timestamped by the broker when it appends them. */
    void createAppendTimeTopic(String topic) throws InterruptedException, ExecutionException {
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                .configs(Map.of("message.timestamp.type", "LogAppendTime")))).all().get();
    }

    /** The offset the next record of the topic's only partition will get. */
    long endOffset(String topic) throws InterruptedException, ExecutionException {
        TopicPartition partition = new TopicPartition(topic, 0);
        return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition).get().offset();
    }

    /** Waits, checking every {@code interval}, until the topic's end offset reaches {@code offset}. */
    void awaitEndOffset(String topic, long offset, Duration timeout, Duration interval) throws Exception {
        long[] end = {-1};
        Waits.until(() -> (end[0] = endOffset(topic)) >= offset, timeout, interval,
                () -> topic + " to reach offset " + offset + " (it is at " + end[0] + ")");
    }

    /**
     * Stops the broker and deletes its partitions' logs, unless {@code bench.keepKafkaData=true}: an end-to-end run
     * writes about 4 GB of them, and a day's runs left behind filled the disk until a run failed writing its logs.
     */
    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
        jvm.close();
        if (!Boolean.getBoolean("bench.keepKafkaData")) {
            deleteLogDirectory();
        }
    }

    private void deleteLogDirectory() {
        if (!Files.exists(logDirectory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(logDirectory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            System.err.println("Could not delete the broker's logs in " + logDirectory + ": " + e);
        }
    }
}
