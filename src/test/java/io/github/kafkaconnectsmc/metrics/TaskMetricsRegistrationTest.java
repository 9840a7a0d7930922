package io.github.kafkaconnectsmc.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.management.MBeanServer;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.Test;

class TaskMetricsRegistrationTest {

    private final AtomicLong received = new AtomicLong();
    private final List<TaskMetric> metrics = List.of(
            new TaskMetric("notifications-received", "Notifications received", received::get));

    @Test
    void onAWorkerWithPluginMetricsTheNumbersArePluginMetricsThatFollowTheirSource() throws Exception {
        try (Metrics registry = new Metrics()) {
            PluginMetrics plugin = new PluginMetricsImpl(registry, Map.of("connector", "c", "task", "0"));
            TaskMetricsRegistration registration = TaskMetricsRegistration.register(metrics, context(plugin), "c", "0");

            received.set(41);
            assertEquals(41L, value(registry, "notifications-received"));
            received.incrementAndGet();
            assertEquals(42L, value(registry, "notifications-received"));
            assertTrue(registration.usesPluginMetrics());
            assertNull(registration.mbeanName(), "no MBean of our own next to plugin metrics");

            registration.close();
            assertNull(metric(registry, "notifications-received"));
        }
    }

    @Test
    void onAnOlderWorkerTheSameNumbersAreAnMBeanOfOurOwn() throws Exception {
        TaskMetricsRegistration registration = TaskMetricsRegistration.register(metrics, context(null), "c \"q\"", "3");
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            assertFalse(registration.usesPluginMetrics());
            assertNotNull(registration.mbeanName());
            assertEquals("kafka.connect.smc", registration.mbeanName().getDomain());

            received.set(7);
            assertEquals(7L, server.getAttribute(registration.mbeanName(), "notifications-received"));
        } finally {
            registration.close();
        }
        assertFalse(server.isRegistered(registration.mbeanName()));
    }

    @Test
    void aWorkerWithoutThePluginMetricsMethodFallsBackToTheMBean() {
        SourceTaskContext older = contextAnswering(() -> {
            // What calling the method on a pre-4.1 worker's context amounts to.
            throw new AbstractMethodError("pluginMetrics");
        });
        try (TaskMetricsRegistration registration = TaskMetricsRegistration.register(metrics, older, "c", "4")) {
            assertFalse(registration.usesPluginMetrics());
            assertNotNull(registration.mbeanName());
        }
    }

    private static Object value(Metrics registry, String name) {
        KafkaMetric metric = metric(registry, name);
        assertNotNull(metric, name + " is not registered");
        return metric.metricValue();
    }

    private static KafkaMetric metric(Metrics registry, String name) {
        for (Map.Entry<MetricName, KafkaMetric> entry : registry.metrics().entrySet()) {
            if (entry.getKey().name().equals(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static SourceTaskContext context(PluginMetrics plugin) {
        return contextAnswering(() -> plugin);
    }

    /** A worker's task context whose {@code pluginMetrics()} answers what {@code pluginMetrics} does. */
    private static SourceTaskContext contextAnswering(Supplier<PluginMetrics> pluginMetrics) {
        return new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return Map.of();
            }

            @Override
            public OffsetStorageReader offsetStorageReader() {
                return null;
            }

            @Override
            public PluginMetrics pluginMetrics() {
                return pluginMetrics.get();
            }
        };
    }
}
