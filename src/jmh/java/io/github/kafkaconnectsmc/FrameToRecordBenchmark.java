package io.github.kafkaconnectsmc;

import io.github.kafkaconnectsmc.protocol.RejectedFrames;
import io.github.kafkaconnectsmc.protocol.Subscription;
import io.github.kafkaconnectsmc.protocol.SubscriptionRegistry;
import io.github.kafkaconnectsmc.record.ElementKeyResolver;
import io.github.kafkaconnectsmc.record.ElementStates;
import io.github.kafkaconnectsmc.record.SourceOffsets;
import io.github.kafkaconnectsmc.record.StatusRecordMapper;
import io.github.kafkaconnectsmc.record.ValueFormat;
import io.github.kafkaconnectsmc.smc.HrefDirectory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.source.SourceRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The connector's own work per notification: frame text in, {@link SourceRecord} out of the queue. Everything the
 * socket's reader thread and {@code poll()} do for one frame: decode, route by subscription id, resolve the key,
 * build the value struct (and, for {@code value.format=json}, write it as JSON), queue it and take it out again.
 */
public class FrameToRecordBenchmark extends MicroBenchmark {

    private static final String SMC = "http://localhost:8082";
    private static final NotificationQueue.Sender NOT_BLOCKED = NotificationQueue.Sender.STAYING;

    /** engine-node and vpn-endpoint: the seed document's two element subscriptions; context-node: a context one. */
    @Param({"engine-node", "vpn-endpoint", "context-node"})
    public String frame;

    /** value.format: struct hands the worker a Struct to convert, json the finished bytes. */
    @Param({"struct", "json"})
    public String valueFormat;

    private String text;
    private SubscriptionRegistry registry;
    private StatusFrameHandler handler;
    private NotificationQueue queue;

    @Setup
    public void setUp() {
        Subscription subscription;
        switch (frame) {
            case "engine-node" -> {
                subscription = Subscription.element(SampleFrames.SEED_ENGINE_NODE);
                text = SampleFrames.seedExample("Plano node 1").replace("\"subscription_id\":5", "\"subscription_id\":0");
            }
            case "vpn-endpoint" -> {
                subscription = Subscription.element(SampleFrames.SEED_VPN_ENDPOINT);
                text = SampleFrames.seedExample("Corporate VPN");
            }
            default -> {
                subscription = Subscription.context("fw_single");
                text = SampleFrames.containing("Oslo node 2").replace("\"subscription_id\":1", "\"subscription_id\":0");
            }
        }
        registry = new SubscriptionRegistry();
        registry.subscribing(subscription);
        registry.acknowledged(0);
        HrefDirectory directory = new KnownNames(Map.of("Oslo node 2", SMC + "/7.1/elements/single_fw/77/firewall_node/78"));
        StatusRecordMapper.Options options = new StatusRecordMapper.Options(true, false, null,
                ValueFormat.parse(valueFormat));
        StatusRecordMapper mapper = new StatusRecordMapper("smc.status", () -> SMC, new ElementKeyResolver(directory),
                new SourceOffsets(SMC), new ElementStates(), options);
        // No cap on unacknowledged records: nothing acknowledges here, and acknowledging is the producer thread's work.
        queue = new NotificationQueue(1_000, 64L * 1024 * 1024, 1_000, Integer.MAX_VALUE, Duration.ofMillis(100));
        handler = new StatusFrameHandler(mapper, queue, new RejectedFrames(), System::currentTimeMillis, 16 << 20);
    }

    @Benchmark
    public List<SourceRecord> frameToRecord() throws InterruptedException {
        handler.handle(text, registry, NOT_BLOCKED);
        return queue.poll();
    }

    /** A directory whose cache already holds every name: the hit path. */
    private record KnownNames(Map<String, String> hrefByName) implements HrefDirectory {
        @Override
        public Optional<String> hrefOf(String context, String name) {
            return Optional.ofNullable(hrefByName.get(name));
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
