package io.github.kafkaconnectsmc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javax.management.JMException;
import javax.management.ObjectName;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a task test class runs on, registered as a {@code @RegisterExtension} field: for each test a {@link FakeSmc}
 * of its own, the task's settings pointing at it, and the tasks the test starts. After each test every task still
 * running is stopped and only then the SMC closed, even when the test failed; unless told otherwise it then checks
 * that no thread of the task outlived it.
 */
final class TaskTestBed implements BeforeEachCallback, AfterEachCallback {

    /** The subscription id FakeSmc gives the element unit of {@link #startSubscribed}: contexts are subscribed first. */
    private static final int NODE_ID = 1;

    private final String connector;
    private final int taskIndex;
    private UnaryOperator<FakeSmc> smcSetup = UnaryOperator.identity();
    private boolean smcStartedByEachTest;
    private boolean threadsChecked = true;
    private final List<Function<FakeSmc, Map<String, String>>> classSettings = new ArrayList<>();

    /** The current test's; null outside a test. */
    private FakeSmc smc;
    /** The tasks the current test started and did not stop, the last one started last. */
    private final List<SmcSourceTask> running = new ArrayList<>();
    private SmcSourceTask task;

    private TaskTestBed(String connector, int taskIndex) {
        this.connector = connector;
        this.taskIndex = taskIndex;
    }

    /** Tasks of connector {@code connector} with index {@code taskIndex}, subscribed to the fw_single context. */
    static TaskTestBed forTask(String connector, int taskIndex) {
        return new TaskTestBed(connector, taskIndex);
    }

    /** Adds the settings {@code settings} makes from each test's SMC to every {@link #props} of this class. */
    TaskTestBed withSettings(Function<FakeSmc, Map<String, String>> settings) {
        classSettings.add(settings);
        return this;
    }

    /** Polls give up after 50 ms and reconnects wait 10 to 50 ms, so a test waits on the SMC, not on the task. */
    TaskTestBed streamingQuickly() {
        return withSettings(smc -> Map.of(
                SmcSourceConfig.POLL_TIMEOUT_MS_CONFIG, "50",
                SmcSourceConfig.SMC_RECONNECT_BACKOFF_INITIAL_MS_CONFIG, "10",
                SmcSourceConfig.SMC_RECONNECT_BACKOFF_MAX_MS_CONFIG, "50"));
    }

    /** Each test's SMC is made by {@code setup} and left unstarted: the test sets it up further and starts it. */
    TaskTestBed smcStartedByEachTest(UnaryOperator<FakeSmc> setup) {
        smcSetup = setup;
        smcStartedByEachTest = true;
        return this;
    }

    /** After each test, skips the check that no thread of the task outlived it. */
    TaskTestBed notCheckingThreads() {
        threadsChecked = false;
        return this;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        smc = smcSetup.apply(new FakeSmc());
        if (!smcStartedByEachTest) {
            smc.start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        try {
            while (!running.isEmpty()) {
                running.remove(running.size() - 1).stop();
            }
        } finally {
            smc.close();
        }
        if (threadsChecked) {
            assertNoThreadOfTheTaskIsAlive();
        }
        smc = null;
        task = null;
    }

    FakeSmc smc() {
        return smc;
    }

    /** The task the current test started last. */
    SmcSourceTask task() {
        return task;
    }

    /** The settings of this class's tasks on the current test's SMC, then {@code settings} (name, value, ...). */
    Map<String, String> props(String... settings) {
        Map<String, String> props = new HashMap<>();
        props.put("name", connector);
        props.put(SmcSourceConnector.TASK_INDEX_CONFIG, Integer.toString(taskIndex));
        props.put(SmcSourceConfig.SMC_URL_CONFIG, smc.baseUrl());
        props.put(SmcSourceConfig.SMC_API_KEY_CONFIG, FakeSmc.API_KEY);
        props.put(SmcSourceConfig.SMC_CONTEXTS_CONFIG, "fw_single");
        for (Function<FakeSmc, Map<String, String>> classSetting : classSettings) {
            props.putAll(classSetting.apply(smc));
        }
        for (int i = 0; i < settings.length; i += 2) {
            props.put(settings[i], settings[i + 1]);
        }
        return props;
    }

    /** Starts a new task with {@code props} in a worker context with no committed offsets. */
    SmcSourceTask start(Map<String, String> props) {
        task = new SmcSourceTask();
        running.add(task);
        task.initialize(new EmptyContext(props));
        task.start(props);
        return task;
    }

    /**
     * Starts a new task on the current test's SMC and waits until the SMC has acknowledged both units, the context
     * and one element: the acknowledgements are handled in order with the frames after them, so one record of the
     * element proves both known.
     */
    SmcSourceTask startSubscribed(Map<String, String> props) throws InterruptedException {
        start(props);
        Await.until(() -> smc.commands().size() == 2, () -> "the task did not subscribe: " + smc.events());
        smc.push(FakeSmc.notification(NODE_ID, "{\"name\":\"Plano node 1\",\"monitoring_state\":\"READY\"}"));
        assertEquals(1, PollUntil.records(task, 1).size());
        return task;
    }

    /** Stops the task the current test started last. */
    void stop() {
        running.remove(task);
        task.stop();
    }

    /** The name the task's metrics are registered under. */
    ObjectName metricsName() throws JMException {
        return new ObjectName("kafka.connect.smc:type=task-metrics,connector=\"" + connector + "\",task=\""
                + taskIndex + "\"");
    }

    /** One of the task's metrics, read over JMX as an operator would. */
    long metric(String attribute) throws JMException {
        return (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(metricsName(), attribute);
    }

    /** The task's threads are named {@code smc-<connector>-<task>-...}; the URL catches an OkHttp-named one too. */
    void assertNoThreadOfTheTaskIsAlive() throws InterruptedException {
        Await.until(() -> threadsOfTheTask().isEmpty(), () -> "threads outlived the task: " + threadsOfTheTask());
    }

    private List<String> threadsOfTheTask() {
        String prefix = "smc-" + connector + "-" + taskIndex;
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith(prefix) || name.startsWith("OkHttp " + smc.baseUrl()))
                .toList();
    }

    /** A worker context with no committed offsets. */
    private record EmptyContext(Map<String, String> configs) implements SourceTaskContext {
        @Override
        public OffsetStorageReader offsetStorageReader() {
            return new OffsetStorageReader() {
                @Override
                public <T> Map<String, Object> offset(Map<String, T> partition) {
                    return null;
                }

                @Override
                public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                    return Map.of();
                }
            };
        }

        @Override
        public PluginMetrics pluginMetrics() {
            return null;
        }
    }
}
