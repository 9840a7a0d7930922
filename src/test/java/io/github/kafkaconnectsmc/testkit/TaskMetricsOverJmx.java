package io.github.kafkaconnectsmc.testkit;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * A task metric of a connector running in a Connect worker in this JVM, read over JMX as an operator would: among the
 * worker's plugin metrics ({@code kafka.connect:type=plugins,...}, Kafka 4.1 and later), or from the connector's own
 * MBean ({@code kafka.connect.smc:type=task-metrics,...}), which the task registers on older workers.
 */
public final class TaskMetricsOverJmx {

    private TaskMetricsOverJmx() {
    }

    /** {@code metric} of task {@code task} of {@code connector}; -1 while the task has published no metrics. */
    public static long read(String connector, int task, String metric) throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (String pattern : new String[] {"kafka.connect:type=plugins,*", "kafka.connect.smc:type=task-metrics,*"}) {
            for (ObjectName name : server.queryNames(new ObjectName(pattern), null)) {
                if (connector.equals(unquoted(name.getKeyProperty("connector")))
                        && Integer.toString(task).equals(unquoted(name.getKeyProperty("task")))) {
                    return ((Number) server.getAttribute(name, metric)).longValue();
                }
            }
        }
        return -1;
    }

    private static String unquoted(String value) {
        return value != null && value.startsWith("\"") ? ObjectName.unquote(value) : value;
    }
}
