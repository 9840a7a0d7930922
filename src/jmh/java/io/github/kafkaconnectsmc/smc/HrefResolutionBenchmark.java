package io.github.kafkaconnectsmc.smc;

import io.github.kafkaconnectsmc.MicroBenchmark;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.apache.kafka.common.config.types.Password;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/** A context notification's href lookup when the name is already cached (the steady state). */
public class HrefResolutionBenchmark extends MicroBenchmark {

    private MockWebServer server;
    private OkHttpClient client;
    private RestHrefDirectory directory;

    @Setup
    public void setUp() throws IOException {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getUrl().encodedPath();
                String base = "http://127.0.0.1:" + server.getPort() + "/7.1/elements/single_fw/1649";
                String body = switch (path) {
                    case "/7.1/login" -> "{}";
                    case "/7.1/elements/single_fw" -> "{\"result\":[{\"href\":\"" + base + "\",\"name\":\"Plano\"}]}";
                    case "/7.1/elements/single_fw/1649" -> "{\"nodes\":[{\"firewall_node\":{\"name\":\"Plano node 1\","
                            + "\"link\":[{\"rel\":\"self\",\"href\":\"" + base + "/firewall_node/1650\"}]}}]}";
                    default -> null;
                };
                return body == null ? new MockResponse.Builder().code(404).build()
                        : new MockResponse.Builder().code(200).addHeader("Set-Cookie", "JSESSIONID=ABC").body(body).build();
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
        client = SmcHttpClientFactory.create(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ZERO, "bench");
        SmcSession session = new SmcSession(client, URI.create("http://127.0.0.1:" + server.getPort()),
                new Password("bench-key"), Optional.of("7.1"), Optional.empty());
        session.open();
        directory = new RestHrefDirectory(session, Duration.ofMinutes(10), Duration.ofMillis(100));
        if (directory.hrefOf("fw_single", "Plano node 1").isEmpty()) {
            throw new IllegalStateException("the benchmark's directory did not resolve its node");
        }
    }

    @Benchmark
    public Optional<String> cachedNodeHref() {
        return directory.hrefOf("fw_single", "Plano node 1");
    }

    @TearDown
    public void tearDown() throws IOException {
        directory.close();
        SmcHttpClientFactory.shutdown(client, Duration.ofSeconds(5));
        server.close();
    }
}
