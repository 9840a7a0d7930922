package io.github.kafkaconnectsmc.record;

import io.github.kafkaconnectsmc.SampleFrames;
import io.github.kafkaconnectsmc.protocol.StatusFrame;
import io.github.kafkaconnectsmc.protocol.StatusProtocol;
import io.github.kafkaconnectsmc.protocol.Subscription;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Struct;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Building the Avro-derived value {@link Struct} of a notification: reading its status body from the frame into the
 * struct, and completing it with the connector's fields. The key is given, so no href lookup is included.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class StructBuildBenchmark {

    @Param({"engine-node", "vpn-endpoint"})
    public String frame;

    private final StatusValueMapper mapper = new StatusValueMapper(StatusSchema.value(), () -> "http://localhost:8082");
    private String text;
    private Subscription subscription;
    private ElementKey key;

    @Setup
    public void setUp() throws Exception {
        text = frame.equals("engine-node") ? SampleFrames.seedExample("Plano node 1")
                : SampleFrames.seedExample("Corporate VPN");
        String href = frame.equals("engine-node") ? SampleFrames.SEED_ENGINE_NODE : SampleFrames.SEED_VPN_ENDPOINT;
        subscription = Subscription.element(href);
        key = new ElementKey(href, ElementKey.Source.SUBSCRIPTION);
    }

    @Benchmark
    public Struct buildStruct() {
        StatusBody body = new StatusBody(mapper, text);
        if (!(StatusProtocol.decode(text, body) instanceof StatusFrame.Notification)) {
            throw new IllegalStateException("not a notification: " + text);
        }
        return mapper.toValue(subscription, body, key, 1_764_370_000_000L);
    }
}
