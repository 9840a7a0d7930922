package io.github.kafkaconnectsmc.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kafkaconnectsmc.simulator.SimulatorClient;
import io.github.kafkaconnectsmc.simulator.SimulatorClient.RecordingSocket;
import io.github.kafkaconnectsmc.simulator.SmcSimulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Warms the SMC simulator and the broker before the scale benchmark creates its connector, from the driver JVM and
 * without the Connect worker, so that the cold figure is the cold connector's and not a cold SMC's or broker's: a real
 * SMC and a real broker are long-running servers, warm by the time a connector starts.
 *
 * <p>One round does to the simulator what the connector will do, on the same REST paths and socket: version discovery
 * ({@code GET /api}), login, the context's element list, every engine document it names (read on
 * {@link #PARALLEL_READS} threads, as the connector's name refresh reads them), then the status socket: subscribe to
 * the context, receive its whole snapshot, unsubscribe, close, log out. Then it does to the broker what the worker's
 * producer will do: one record per snapshot frame (the node's name as key, the frame as value, padded with JSON
 * whitespace to {@link #RECORD_BYTES}) to a topic of its own with the same {@code LogAppendTime} timestamps, with the
 * settings Connect gives a source task's producer ({@code acks=all}, one request in flight, no idempotence).
 */
final class ServerWarmUp implements AutoCloseable {

    /** The topic the warm-up's records go to, apart from the measured connectors' topics. */
    static final String TOPIC = "smc.scale.servers-warm-up";
    /** Engine documents read at once: as many as the connector reads ({@code ContextRefresh.PARALLEL_READS}). */
    private static final int PARALLEL_READS = 8;
    private static final Duration PRODUCED = Duration.ofMinutes(2);
    /**
     * Key and value bytes of each warm-up record: about what the connector's snapshot records carry (1,006 bytes with
     * the defaults; the benchmark reports both), whereas a bare frame is a third of that.
     */
    static final int RECORD_BYTES = 1_000;

    /** What one round did and cost. */
    record Round(long wallMillis, int documents, int frames, long producedBytes) {
    }

    private final SmcSimulator simulator;
    private final KafkaBroker broker;
    private final String context;
    private final List<String> elementTypes;
    private final int elements;
    private final SimulatorClient client;
    private final ExecutorService readers = Executors.newFixedThreadPool(PARALLEL_READS, reader -> {
        Thread thread = new Thread(reader, "warm-up-reader");
        thread.setDaemon(true);
        return thread;
    });
    private long produced;

    private ServerWarmUp(SmcSimulator simulator, KafkaBroker broker, String context, List<String> elementTypes,
                         int elements) {
        this.simulator = simulator;
        this.broker = broker;
        this.context = context;
        this.elementTypes = elementTypes;
        this.elements = elements;
        this.client = new SimulatorClient(simulator);
    }

    /**
     * A warm-up of {@code context}, whose {@code elements} nodes the connector finds by listing {@code elementTypes};
     * creates its topic.
     */
    static ServerWarmUp of(SmcSimulator simulator, KafkaBroker broker, String context, List<String> elementTypes,
                           int elements) throws Exception {
        broker.createAppendTimeTopic(TOPIC);
        return new ServerWarmUp(simulator, broker, context, elementTypes, elements);
    }

    /** One round against the simulator, then the broker; fails when the simulator answers other than it should. */
    Round round() throws Exception {
        long started = System.currentTimeMillis();
        String version = "/" + simulator.apiVersion();
        expectOk(client.get("/api", null), "/api");
        String cookie = client.session(simulator);
        int documents = readEngineDocuments(version, cookie);
        List<JsonNode> snapshot = receiveSnapshot(cookie);
        expect(client.logout(cookie).code() == 204, "the warm-up's logout to be accepted");
        long bytes = produce(snapshot);
        return new Round(System.currentTimeMillis() - started, documents, snapshot.size(), bytes);
    }

    private int readEngineDocuments(String version, String cookie) throws Exception {
        List<Future<?>> reads = new ArrayList<>();
        for (String type : elementTypes) {
            String list = version + "/elements/" + type;
            for (JsonNode engine : expectOk(client.get(list, cookie), list).json().path("result")) {
                String path = engine.path("href").asText().substring(simulator.baseUrl().length());
                reads.add(readers.submit(() -> expectOk(client.get(path, cookie), path)));
            }
        }
        for (Future<?> read : reads) {
            read.get();
        }
        return reads.size();
    }

    private List<JsonNode> receiveSnapshot(String cookie) {
        RecordingSocket socket = client.openSocket(cookie, null);
        socket.send("{\"context\":\"" + context + "\"}");
        JsonNode ack = socket.next();
        int subscription = ack.path("subscription_id").asInt(-1);
        expect(ack.has("success") && subscription >= 0, "an acknowledged subscription, not " + ack);
        List<JsonNode> snapshot = new ArrayList<>(elements);
        for (int i = 0; i < elements; i++) {
            JsonNode frame = socket.next();
            expect(frame.path("subscription_id").asInt(-1) == subscription, "a snapshot frame, not " + frame);
            snapshot.add(frame);
        }
        socket.send("{\"unsubscribe\":" + subscription + "}");
        JsonNode unsubscribed = socket.next();
        expect(unsubscribed.has("success"), "an acknowledged unsubscribe, not " + unsubscribed);
        socket.close();
        socket.endCode();
        return snapshot;
    }

    /** Writes the frames to {@link #TOPIC}, waits for the broker to have appended them all; returns their bytes. */
    private long produce(List<JsonNode> frames) throws Exception {
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                // What org.apache.kafka.connect.runtime.Worker sets for a source task's producer.
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (JsonNode frame : frames) {
                byte[] key = frame.path("status").path("status").path("name").asText()
                        .getBytes(StandardCharsets.UTF_8);
                byte[] value = padded(frame.toString().getBytes(StandardCharsets.UTF_8), RECORD_BYTES - key.length);
                bytes += key.length + value.length;
                producer.send(new ProducerRecord<>(TOPIC, key, value));
            }
            producer.flush();
        }
        produced += frames.size();
        broker.awaitEndOffset(TOPIC, produced, PRODUCED, Duration.ofMillis(50));
        return bytes;
    }

    /** {@code json} followed by spaces up to {@code length} bytes, still the same JSON. */
    private static byte[] padded(byte[] json, int length) {
        if (json.length >= length) {
            return json;
        }
        byte[] padded = Arrays.copyOf(json, length);
        Arrays.fill(padded, json.length, length, (byte) ' ');
        return padded;
    }

    private static SimulatorClient.Answer expectOk(SimulatorClient.Answer answer, String path) {
        expect(answer.code() == 200, "GET " + path + " to answer 200, not " + answer.code());
        return answer;
    }

    private static void expect(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("Warming up the simulator and broker: expected " + what);
        }
    }

    @Override
    public void close() {
        readers.shutdownNow();
        client.close();
    }
}
