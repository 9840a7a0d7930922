package io.github.kafkaconnectsmc.record;

import io.github.kafkaconnectsmc.MicroBenchmark;
import io.github.kafkaconnectsmc.SampleFrames;
import io.github.kafkaconnectsmc.protocol.StatusProtocol;
import io.github.kafkaconnectsmc.protocol.Subscription;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Turning a status record's value into the bytes Kafka receives, both ways that give the same bytes: the worker's
 * JsonConverter ({@code schemas.enable=false}) on the struct of a {@code value.format=struct} record, and the
 * connector's {@link StructJsonWriter} on the value of a {@code value.format=json} record, which is never made a
 * struct. The difference is the worker CPU per record that {@code value.format=json} saves.
 */
public class ValueConversionBenchmark extends MicroBenchmark {

    /** The seed document's two element subscriptions, and a node of a context (the end-to-end benchmark's frames). */
    @Param({"engine-node", "vpn-endpoint", "context-node"})
    public String frame;

    private final StructJsonWriter writer = new StructJsonWriter(StatusSchema.value());
    private final JsonConverter converter = new JsonConverter();
    private StatusValue value;
    private Struct struct;

    @Setup
    public void setUp() {
        converter.configure(Map.of("schemas.enable", false, "converter.type", "value"));
        StatusValueMapper mapper = new StatusValueMapper(StatusSchema.value(), () -> "http://localhost:8082");
        String text;
        Subscription subscription;
        ElementKey key;
        switch (frame) {
            case "engine-node" -> {
                text = SampleFrames.seedExample("Plano node 1");
                subscription = Subscription.element(SampleFrames.SEED_ENGINE_NODE);
                key = new ElementKey(SampleFrames.SEED_ENGINE_NODE, ElementKey.Source.SUBSCRIPTION);
            }
            case "vpn-endpoint" -> {
                text = SampleFrames.seedExample("Corporate VPN");
                subscription = Subscription.element(SampleFrames.SEED_VPN_ENDPOINT);
                key = new ElementKey(SampleFrames.SEED_VPN_ENDPOINT, ElementKey.Source.SUBSCRIPTION);
            }
            default -> {
                text = SampleFrames.containing("Oslo node 2");
                subscription = Subscription.context("fw_single");
                key = new ElementKey("http://localhost:8082/7.1/elements/single_fw/77/firewall_node/78",
                        ElementKey.Source.RESOLVED);
            }
        }
        StatusBody body = new StatusBody(mapper, text);
        StatusProtocol.decode(text, body);
        value = mapper.toValue(subscription, body, key, 1_764_370_000_000L);
        struct = value.toStruct();
    }

    @Benchmark
    public byte[] workerJsonConverter() {
        return converter.fromConnectData("smc.status", StatusSchema.value(), struct);
    }

    @Benchmark
    public byte[] connectorJsonWriter() {
        return writer.bytesOf(value);
    }
}
