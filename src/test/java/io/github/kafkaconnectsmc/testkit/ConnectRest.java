package io.github.kafkaconnectsmc.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.test.TestUtils;

/**
 * A small client of a Connect worker's REST API: create or update a connector, list plugins, delete it. A request
 * the worker answers 409 (rebalancing) or 5xx, or that cannot reach it, is tried again until {@link #PATIENCE} has
 * passed.
 */
public final class ConnectRest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI baseUrl;

    public ConnectRest(URI baseUrl) {
        this.baseUrl = baseUrl;
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** {@code PUT /connectors/{name}/config}: creates the connector or replaces its configuration. */
    public void putConnectorConfig(String name, Map<String, String> config) {
        send(HttpRequest.newBuilder(resolve("connectors/" + name + "/config"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.valueToTree(config).toString())));
    }

    /** {@code GET /}: the worker's Kafka version, such as {@code 4.3.1}. */
    public String workerVersion() {
        return json(send(HttpRequest.newBuilder(baseUrl).GET())).path("version").asText();
    }

    /** {@code GET /connector-plugins}. */
    public JsonNode connectorPlugins() {
        return json(send(HttpRequest.newBuilder(resolve("connector-plugins")).GET()));
    }

    /** {@code DELETE /connectors/{name}}. */
    public void deleteConnector(String name) {
        send(HttpRequest.newBuilder(resolve("connectors/" + name)).DELETE());
    }

    /** {@code PUT /connectors/{name}/pause}: the worker stops polling the connector's tasks, which stay started. */
    public void pauseConnector(String name) {
        send(HttpRequest.newBuilder(resolve("connectors/" + name + "/pause")).PUT(HttpRequest.BodyPublishers.noBody()));
    }

    /** {@code PUT /connectors/{name}/resume}. */
    public void resumeConnector(String name) {
        send(HttpRequest.newBuilder(resolve("connectors/" + name + "/resume")).PUT(HttpRequest.BodyPublishers.noBody()));
    }

    /** {@code PUT /connectors/{name}/stop}: the connector and its tasks stop; the configuration stays. */
    public void stopConnector(String name) {
        send(HttpRequest.newBuilder(resolve("connectors/" + name + "/stop")).PUT(HttpRequest.BodyPublishers.noBody()));
    }

    /** {@code GET /connectors/{name}/status}: the connector's state and each task's. */
    public JsonNode connectorStatus(String name) {
        return json(send(HttpRequest.newBuilder(resolve("connectors/" + name + "/status")).GET()));
    }

    /** True when {@code GET /health} answers 200: the worker has joined its group and read its configs. */
    public boolean healthy() {
        try {
            return client.send(HttpRequest.newBuilder(resolve("health")).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private URI resolve(String path) {
        return baseUrl.resolve(path);
    }

    private String send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        AtomicReference<Exception> lastError = new AtomicReference<>();
        try {
            // 409 and 5xx mean the worker is rebalancing or catching up with its config topic: ask again.
            TestUtils.waitForCondition(() -> {
                try {
                    last.set(client.send(built, HttpResponse.BodyHandlers.ofString()));
                } catch (IOException e) {
                    lastError.set(e);
                    return false;
                }
                int code = last.get().statusCode();
                return code != 409 && code < 500;
            }, PATIENCE.toMillis(), () -> "Connect REST " + built.method() + " " + built.uri() + " kept failing: "
                    + (last.get() != null ? last.get().statusCode() + " " + last.get().body() : lastError.get()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted calling the Connect REST API", e);
        }
        HttpResponse<String> response = last.get();
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("Connect REST " + built.method() + " " + built.uri() + " answered "
                    + response.statusCode() + ": " + errorMessage(response.body()));
        }
        return response.body();
    }

    /** The {@code message} of a worker's error answer ({"error_code":400,"message":"..."}), or the answer as is. */
    private static String errorMessage(String body) {
        try {
            JsonNode message = JSON.readTree(body).path("message");
            return message.isTextual() ? message.asText() : body;
        } catch (IOException e) {
            return body;
        }
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
