package io.github.kafkaconnectsmc.metrics;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a task's metrics where the worker's operators look for them. On Kafka 4.1 and later they are plugin
 * metrics ({@code SourceTaskContext.pluginMetrics()}), which the worker reports over JMX as
 * {@code kafka.connect:type=plugins,connector=<name>,task=<n>} and through its metrics reporters. Older workers have
 * no plugin metrics; there the same metrics are an MBean of our own,
 * {@code kafka.connect.smc:type=task-metrics,connector=<name>,task=<n>}.
 */
public final class TaskMetricsRegistration implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TaskMetricsRegistration.class);

    public static final String MBEAN_DOMAIN = "kafka.connect.smc";

    /**
     * Which registration each MBean name is registered for. A worker starts a task's successor, under the same name,
     * when the task does not stop in time; the late stop must then leave the successor's MBean alone.
     */
    private static final Map<ObjectName, TaskMetricsRegistration> MBEAN_OWNERS = new HashMap<>();

    private final List<MetricName> pluginMetricNames = new ArrayList<>();
    private PluginMetrics pluginMetrics;
    private ObjectName mbeanName;

    private TaskMetricsRegistration() {
    }

    public static TaskMetricsRegistration register(List<TaskMetric> metrics, SourceTaskContext context,
                                                   String connector, String task) {
        TaskMetricsRegistration registration = new TaskMetricsRegistration();
        PluginMetrics plugin = pluginMetricsOf(context);
        if (plugin != null) {
            registration.registerPluginMetrics(plugin, metrics);
        } else {
            registration.registerMBean(metrics, connector, task);
        }
        return registration;
    }

    /** The worker's plugin metrics, or null on workers older than 4.1 (where the method does not exist). */
    private static PluginMetrics pluginMetricsOf(SourceTaskContext context) {
        if (context == null) {
            return null;
        }
        try {
            return context.pluginMetrics();
        } catch (LinkageError | UnsupportedOperationException e) {
            return null;
        }
    }

    private void registerPluginMetrics(PluginMetrics plugin, List<TaskMetric> metrics) {
        pluginMetrics = plugin;
        for (TaskMetric metric : metrics) {
            MetricName name = plugin.metricName(metric.name(), metric.description(), new LinkedHashMap<>());
            plugin.addMetric(name, (Gauge<Long>) (config, now) -> metric.value().getAsLong());
            pluginMetricNames.add(name);
        }
    }

    private void registerMBean(List<TaskMetric> metrics, String connector, String task) {
        try {
            ObjectName name = new ObjectName(MBEAN_DOMAIN + ":type=task-metrics,connector="
                    + ObjectName.quote(connector) + ",task=" + ObjectName.quote(task));
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            synchronized (MBEAN_OWNERS) {
                if (server.isRegistered(name)) {
                    server.unregisterMBean(name);
                }
                server.registerMBean(new TaskMetricsMBean(metrics), name);
                MBEAN_OWNERS.put(name, this);
            }
            mbeanName = name;
        } catch (JMException e) {
            log.warn("Cannot register the task metrics MBean: {}", e.toString());
        }
    }

    private static void unregister(ObjectName name) {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException e) {
            log.debug("Task metrics MBean {} was already gone", name);
        }
    }

    /** True when the metrics went to the worker's plugin metrics rather than an MBean of our own. */
    public boolean usesPluginMetrics() {
        return pluginMetrics != null;
    }

    public ObjectName mbeanName() {
        return mbeanName;
    }

    @Override
    public void close() {
        if (pluginMetrics != null) {
            for (MetricName name : pluginMetricNames) {
                try {
                    pluginMetrics.removeMetric(name);
                } catch (RuntimeException e) {
                    // The worker may have closed its plugin metrics first; nothing is left to remove then.
                }
            }
        }
        if (mbeanName != null) {
            synchronized (MBEAN_OWNERS) {
                // False after a second close, and once a successor registered the name: its MBean is not ours.
                if (MBEAN_OWNERS.remove(mbeanName, this)) {
                    unregister(mbeanName);
                }
            }
        }
    }
}
