package io.github.kafkaconnectsmc.record;

import io.github.kafkaconnectsmc.MicroBenchmark;
import io.github.kafkaconnectsmc.SampleFrames;
import io.github.kafkaconnectsmc.protocol.StatusFrame;
import io.github.kafkaconnectsmc.protocol.StatusProtocol;
import io.github.kafkaconnectsmc.protocol.Subscription;
import org.apache.kafka.connect.data.Struct;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Building the Avro-derived value {@link Struct} of a notification: reading its status body from the frame into the
 * struct, and completing it with the connector's fields. The key is given, so no href lookup is included.
 */
public class StructBuildBenchmark extends MicroBenchmark {

    @Param({"engine-node", "vpn-endpoint", "context-node"})
    public String frame;

    private final StatusValueMapper mapper = new StatusValueMapper(StatusSchema.value(), () -> "http://localhost:8082");
    private String text;
    private Subscription subscription;
    private ElementKey key;

    @Setup
    public void setUp() throws Exception {
        switch (frame) {
            case "engine-node" -> {
                text = SampleFrames.seedExample("Plano node 1");
                subscription = Subscription.element(SampleFrames.SEED_ENGINE_NODE);
            }
            case "vpn-endpoint" -> {
                text = SampleFrames.seedExample("Corporate VPN");
                subscription = Subscription.element(SampleFrames.SEED_VPN_ENDPOINT);
            }
            default -> {
                // A context notification, keyed as if its name had been resolved.
                text = SampleFrames.containing("Oslo node 2");
                subscription = Subscription.context("fw_single");
            }
        }
        key = new ElementKey(subscription.kind() == Subscription.Kind.ELEMENT ? subscription.target()
                : "http://localhost:8082/7.1/elements/single_fw/77/firewall_node/78",
                subscription.kind() == Subscription.Kind.ELEMENT ? ElementKey.Source.SUBSCRIPTION
                        : ElementKey.Source.RESOLVED);
    }

    @Benchmark
    public Struct buildStruct() {
        StatusBody body = new StatusBody(mapper, text);
        if (!(StatusProtocol.decode(text, body) instanceof StatusFrame.Notification)) {
            throw new IllegalStateException("not a notification: " + text);
        }
        return mapper.toValue(subscription, body, key, 1_764_370_000_000L).toStruct();
    }
}
