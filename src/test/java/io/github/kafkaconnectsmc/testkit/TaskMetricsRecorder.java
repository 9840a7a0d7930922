package io.github.kafkaconnectsmc.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsReporter;

/**
 * Follows the connector's task metrics inside a Connect worker in this JVM, including their last values when a task
 * stops. Set it as the worker's {@code metric.reporters} ({@link #WORKER_PROPERTY}); the worker reports every plugin
 * metric to it as it is added and removed.
 *
 * <p>A task's metrics are gauges over the task's live state and are removed by the task's {@code stop()}, after its
 * socket and threads have ended and the worker has waited for the producer to acknowledge what {@code poll()} handed
 * over. The values read at removal are therefore the task's final accounts: what it received, handed to Kafka, had
 * written, and still held in its queue when it stopped. Reading them over JMX instead would lose that last moment.
 *
 * <p>Every start of a task is one {@link TaskRun}, in start order. The registry is static because the worker makes
 * the reporter itself; connector names must differ between tests that share the JVM.
 */
public final class TaskMetricsRecorder implements MetricsReporter {

    /** The worker setting that installs this reporter. */
    public static final Map<String, String> WORKER_PROPERTY =
            Map.of("metric.reporters", TaskMetricsRecorder.class.getName());

    private static final String PLUGIN_GROUP = "plugins";
    private static final Object LOCK = new Object();
    /** Guarded by {@link #LOCK}: every run, by connector, in start order. */
    private static final Map<String, List<TaskRun>> RUNS = new HashMap<>();

    /** The runs of {@code connector}'s tasks, in the order they started. */
    public static List<TaskRun> runs(String connector) {
        synchronized (LOCK) {
            return List.copyOf(RUNS.getOrDefault(connector, List.of()));
        }
    }

    /** The sum of {@code metric} over every run of {@code connector}, live or ended. */
    public static long total(String connector, String metric) {
        return runs(connector).stream().mapToLong(run -> run.value(metric)).sum();
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public void init(List<KafkaMetric> metrics) {
        metrics.forEach(this::metricChange);
    }

    @Override
    public void metricChange(KafkaMetric metric) {
        MetricName name = metric.metricName();
        String connector = name.tags().get("connector");
        String task = name.tags().get("task");
        if (!name.group().equals(PLUGIN_GROUP) || connector == null || task == null) {
            return;
        }
        synchronized (LOCK) {
            List<TaskRun> runs = RUNS.computeIfAbsent(connector, c -> new ArrayList<>());
            TaskRun run = runs.stream().filter(r -> r.task.equals(task) && r.accepts(name.name())).findFirst()
                    .orElse(null);
            if (run == null) {
                run = new TaskRun(connector, task, runs.size());
                runs.add(run);
            }
            run.live.put(name.name(), metric);
        }
    }

    @Override
    public void metricRemoval(KafkaMetric metric) {
        MetricName name = metric.metricName();
        String connector = name.tags().get("connector");
        if (!name.group().equals(PLUGIN_GROUP) || connector == null) {
            return;
        }
        synchronized (LOCK) {
            for (TaskRun run : RUNS.getOrDefault(connector, List.of())) {
                if (run.live.get(name.name()) == metric) {
                    run.live.remove(name.name());
                    run.last.put(name.name(), longValue(metric));
                }
            }
        }
    }

    @Override
    public void close() {
    }

    private static long longValue(KafkaMetric metric) {
        Object value = metric.metricValue();
        return value instanceof Number number ? number.longValue() : -1;
    }

    /** One start of one task, from its first metric to the removal of its last. */
    public static final class TaskRun {

        private final String connector;
        private final String task;
        private final int ordinal;
        /** Guarded by the recorder's lock. */
        private final Map<String, KafkaMetric> live = new LinkedHashMap<>();
        /** Guarded by the recorder's lock: the values read as each metric was removed. */
        private final Map<String, Long> last = new LinkedHashMap<>();

        private TaskRun(String connector, String task, int ordinal) {
            this.connector = connector;
            this.task = task;
            this.ordinal = ordinal;
        }

        /** A run takes a new metric until it has had one of that name: then the metric belongs to a new start. */
        private boolean accepts(String metric) {
            return !live.containsKey(metric) && !last.containsKey(metric) && !ended();
        }

        public String task() {
            return task;
        }

        /** True once every metric of the run was removed: the task stopped. */
        public boolean ended() {
            synchronized (LOCK) {
                return live.isEmpty() && !last.isEmpty();
            }
        }

        /** The metric's current value while the run is live, its last value once removed; 0 if never seen. */
        public long value(String metric) {
            synchronized (LOCK) {
                KafkaMetric current = live.get(metric);
                if (current != null) {
                    return longValue(current);
                }
                return last.getOrDefault(metric, 0L);
            }
        }

        @Override
        public String toString() {
            return connector + " task " + task + " run " + ordinal + (ended() ? " (ended)" : " (live)")
                    + ": received " + value("notifications-received") + ", handed " + value("records-handed-to-kafka")
                    + ", written " + value("records-written") + ", queued " + value("queue-size") + ", reconnects "
                    + value("reconnects") + ", logins " + value("logins");
        }
    }
}
