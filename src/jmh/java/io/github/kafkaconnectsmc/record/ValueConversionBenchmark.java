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

    @Param({"engine-node", "vpn-endpoint"})
    public String frame;

    private final StructJsonWriter writer = new StructJsonWriter(StatusSchema.value());
    private final JsonConverter converter = new JsonConverter();
    private StatusValue value;
    private Struct struct;

    @Setup
    public void setUp() {
        converter.configure(Map.of("schemas.enable", false, "converter.type", "value"));
        StatusValueMapper mapper = new StatusValueMapper(StatusSchema.value(), () -> "http://localhost:8082");
        String text = SampleFrames.seedExample(frame.equals("engine-node") ? "Plano node 1" : "Corporate VPN");
        String href = frame.equals("engine-node") ? SampleFrames.SEED_ENGINE_NODE : SampleFrames.SEED_VPN_ENDPOINT;
        StatusBody body = new StatusBody(mapper, text);
        StatusProtocol.decode(text, body);
        value = mapper.toValue(Subscription.element(href), body, new ElementKey(href, ElementKey.Source.SUBSCRIPTION),
                1_764_370_000_000L);
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
