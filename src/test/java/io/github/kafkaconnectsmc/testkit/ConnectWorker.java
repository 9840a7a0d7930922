package io.github.kafkaconnectsmc.testkit;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Sanitizer;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.errors.NotFoundException;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.FutureCallback;
import org.apache.kafka.test.TestUtils;

/**
 * A distributed Connect worker started in this JVM against any Kafka (an embedded broker, a container, an existing
 * cluster), loading plugins from a plugin path only. EmbeddedConnectCluster always brings its own broker; this is
 * for when the broker comes from elsewhere.
 */
public final class ConnectWorker implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final Connect<?> connect;
    private final ConnectRest rest;

    private ConnectWorker(Connect<?> connect) {
        this.connect = connect;
        this.rest = new ConnectRest(connect.rest().advertisedUrl());
    }

    /**
     * Starts a worker whose group and internal topics are named after {@code groupId}, with its REST API on a free
     * loopback port, and waits until it is healthy.
     */
    public static ConnectWorker start(String bootstrapServers, Path pluginPath, String groupId)
            throws InterruptedException {
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("group.id", groupId);
        props.put("config.storage.topic", groupId + "-configs");
        props.put("offset.storage.topic", groupId + "-offsets");
        props.put("status.storage.topic", groupId + "-status");
        // -1: the broker's default replication factor, so one broker or many both work.
        props.put("config.storage.replication.factor", "-1");
        props.put("offset.storage.replication.factor", "-1");
        props.put("status.storage.replication.factor", "-1");
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter.schemas.enable", "false");
        props.put("listeners", "http://127.0.0.1:0");
        props.put("plugin.path", pluginPath.toAbsolutePath().toString());
        // Plugins declare themselves in META-INF/services; skipping the reflective scan starts the worker faster.
        props.put("plugin.discovery", "service_load");
        props.put("offset.flush.interval.ms", "5000");
        // A worker that fails to start calls Exit.exit(3); in this JVM that must be an exception, not the end.
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("The Connect worker gave up (exit " + status + "): " + message);
        });
        ConnectWorker worker = new ConnectWorker(new ConnectDistributed().startConnect(props));
        TestUtils.waitForCondition(worker.rest::healthy, STARTUP.toMillis(), "the Connect worker became healthy");
        return worker;
    }

    public URI restUrl() {
        return rest.baseUrl();
    }

    public ConnectRest rest() {
        return rest;
    }

    /**
     * Deletes a connector through the worker itself, not its REST API: during JVM shutdown Jetty's own hook may have
     * stopped the REST server already. Waits up to {@code timeout} until the worker has stopped the connector and its
     * tasks: the deletion is acknowledged once recorded in the config topic, and the worker stops them afterwards.
     */
    public void deleteConnector(String connector, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        FutureCallback<Herder.Created<ConnectorInfo>> deleted = new FutureCallback<>();
        connect.herder().deleteConnectorConfig(connector, deleted);
        try {
            deleted.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long left = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            TestUtils.waitForCondition(() -> !runs(connector), left,
                    () -> "connector " + connector + " or one of its tasks was still running " + timeout
                            + " after its deletion");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not delete connector " + connector + ": " + e.getMessage(), e);
        } catch (AssertionError e) {
            // waitForCondition's way of saying the deadline passed; callers stopping several things expect this.
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Whether a worker in this JVM still runs the connector or one of its tasks: a worker removes their metrics only
     * once each has stopped (a task's after its {@code stop()} returned, or its graceful-shutdown timeout passed).
     */
    private static boolean runs(String connector) throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        String name = Sanitizer.jmxSanitize(connector);
        for (String type : new String[] {"connector-metrics", "connector-task-metrics"}) {
            if (!server.queryNames(new ObjectName("kafka.connect:type=" + type + ",connector=" + name + ",*"), null)
                    .isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** The connector's tasks the worker reports FAILED, by task id, with their traces; asked of the worker itself. */
    public Map<Integer, String> failedTasks(String connector) {
        Map<Integer, String> failed = new HashMap<>();
        try {
            for (ConnectorStateInfo.TaskState task : connect.herder().connectorStatus(connector).tasks()) {
                if (task.state().equals("FAILED")) {
                    failed.put(task.id(), task.trace());
                }
            }
        } catch (NotFoundException e) {
            // Not created yet, or already deleted: no task has failed.
        }
        return failed;
    }

    @Override
    public void close() {
        connect.stop();
        connect.awaitStop();
    }
}
