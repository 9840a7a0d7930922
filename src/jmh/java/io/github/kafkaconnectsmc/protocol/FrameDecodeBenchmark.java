package io.github.kafkaconnectsmc.protocol;

import com.fasterxml.jackson.core.JsonParser;
import io.github.kafkaconnectsmc.MicroBenchmark;
import io.github.kafkaconnectsmc.SampleFrames;
import java.io.IOException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Decoding a frame with every body field skipped: the parser's own share of a notification (creating it, tokenizing
 * the text), the floor under {@code FrameToRecordBenchmark} and {@code StructBuildBenchmark} for the same frame.
 */
public class FrameDecodeBenchmark extends MicroBenchmark {

    /** A body reader that maps nothing. */
    private static final StatusBodyReader SKIPPING = new StatusBodyReader() {
        @Override
        public void startBody() {
        }

        @Override
        public void bodyField(String name, JsonParser parser) throws IOException {
            parser.skipChildren();
        }
    };

    @Param({"engine-node", "vpn-endpoint", "context-node"})
    public String frame;

    private String text;

    @Setup
    public void setUp() {
        text = switch (frame) {
            case "engine-node" -> SampleFrames.seedExample("Plano node 1");
            case "vpn-endpoint" -> SampleFrames.seedExample("Corporate VPN");
            default -> SampleFrames.containing("Oslo node 2");
        };
    }

    @Benchmark
    public StatusFrame decodeSkippingBody() {
        return StatusProtocol.decode(text, SKIPPING);
    }
}
