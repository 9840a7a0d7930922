package io.github.kafkaconnectsmc.quickstart;

import io.github.kafkaconnectsmc.simulator.PeriodicChanges;
import io.github.kafkaconnectsmc.simulator.SmcSimulator;
import io.github.kafkaconnectsmc.testkit.ComponentArchive;
import io.github.kafkaconnectsmc.testkit.ConnectWorker;
import io.github.kafkaconnectsmc.testkit.ConnectorConfigBuilder;
import io.github.kafkaconnectsmc.testkit.StatusRecord;
import io.github.kafkaconnectsmc.testkit.StatusTopic;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/**
 * The connector's main job in one command ({@code ./quickstart.sh}): starts the SMC simulator (or uses a real SMC), a
 * single-node KRaft broker (or uses an existing Kafka), and a Connect worker that loads the connector's component
 * archive, unpacked into its {@code plugin.path}; submits the connector through the worker's REST API; and prints
 * every status record as it arrives until Ctrl-C (or SIGTERM), which stops everything in order. See
 * {@link QuickstartSettings} for the flags. Wrong input (a flag, the configuration file, a setting) is reported
 * before anything starts, and exits with status 2.
 */
public final class Quickstart {

    static final String WORKER_GROUP = "smc-quickstart";
    private static final Duration CHANGE_INTERVAL = Duration.ofSeconds(3);
    private static final Duration STATUS_CHECK_INTERVAL = Duration.ofSeconds(5);

    private final QuickstartSettings settings;
    private final Map<String, String> fileConfig;
    private final PrintStream out = System.out;
    private final RecordPrinter printer = new RecordPrinter(System.out);
    /** What to stop, most recent first: pushed by the main thread as things start, popped by the shutdown hook. */
    private final Deque<Stop> stops = new ConcurrentLinkedDeque<>();
    private final CountDownLatch printingDone = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile boolean printing;

    /**
     * Something started, to stop at exit: {@code what} is said as it stops (null for what the user never saw
     * start), so that the order README promises can be seen.
     */
    private record Stop(String what, Runnable action) {
    }

    private Quickstart(QuickstartSettings settings, Map<String, String> fileConfig) {
        this.settings = settings;
        this.fileConfig = fileConfig;
    }

    public static void main(String[] args) {
        try {
            QuickstartSettings settings = QuickstartSettings.from(args, System.getenv());
            // Read before anything starts: a wrong --config is then reported at once, not after the worker started.
            Map<String, String> fileConfig = QuickstartConnectorConfig.load(settings);
            new Quickstart(settings, fileConfig).run();
        } catch (QuickstartInputException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("Quickstart failed: " + e);
            System.exit(1);
        }
    }

    private void run() throws IOException, InterruptedException {
        ComponentArchive archive = settings.componentArchive().isPresent()
                ? ComponentArchive.at(settings.componentArchive().get()) : ComponentArchive.built();
        // Installed as an operator installs it: unpacked into a folder of its own on the worker's plugin.path.
        Path pluginPath = Files.createTempDirectory("smc-quickstart-plugins");
        Path component = archive.unpackInto(pluginPath);
        warnIfConnectorOnClassPath();
        // The worker would register its own shutdown hook and stop concurrently with ours; ours stops it in order.
        Exit.setShutdownHookAdder((name, hook) -> { });
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "quickstart-shutdown"));
        stops.push(new Stop(null, () -> deleteQuietly(pluginPath)));

        String smcUrl;
        String apiKey;
        if (settings.usesSimulator()) {
            SmcSimulator simulator = SmcSimulator.start();
            PeriodicChanges changes = PeriodicChanges.start(simulator, CHANGE_INTERVAL);
            stops.push(new Stop("the SMC simulator", () -> {
                changes.close();
                simulator.close();
                out.println("SMC simulator: " + simulator.traffic().summary());
            }));
            smcUrl = simulator.baseUrl();
            apiKey = simulator.options().apiKey();
        } else {
            smcUrl = settings.smcUrl().orElseThrow();
            apiKey = settings.smcApiKey().orElseThrow();
        }
        Map<String, String> config = QuickstartConnectorConfig.pointedAt(fileConfig, smcUrl, apiKey, settings);
        // The connector from the archive the worker will load, so that its validation is the one the worker runs.
        try (InstalledConnector installed =
                     InstalledConnector.load(component, ConnectorConfigBuilder.CONNECTOR_CLASS)) {
            ConnectorConfigCheck.requireValid(config, installed::validate, settings);
        }

        if (stopping) {
            return;
        }
        String bootstrapServers;
        if (settings.startsKafka()) {
            out.println("Starting a single-node KRaft broker ...");
            EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, new Properties());
            startQuietly(kafka);
            stops.push(new Stop("the broker", kafka::stop));
            bootstrapServers = kafka.bootstrapServers();
        } else {
            bootstrapServers = settings.bootstrapServers().orElseThrow();
        }

        if (stopping) {
            return;
        }
        out.println("Starting a Connect worker with plugin.path=" + pluginPath + " (" + archive.path().getFileName()
                + " unpacked) ...");
        ConnectWorker worker = ConnectWorker.start(bootstrapServers, pluginPath, WORKER_GROUP);
        stops.push(new Stop("the Connect worker", worker::close));

        String connector = config.getOrDefault("name", "smc-quickstart");
        config.remove("name");
        String topic = config.getOrDefault("topic", "smc.status");
        // Opened before the connector starts, so that its first records are printed but an existing topic's
        // history is not.
        StatusTopic statusTopic = StatusTopic.fromNow(bootstrapServers, topic);
        worker.rest().putConnectorConfig(connector, config);
        // Deleted, and its tasks stopped, before the worker stops: the tasks log out while the SMC is still there,
        // and an existing Kafka does not restart the connector with the next worker.
        stops.push(new Stop("the connector (unsubscribe, close sockets, log out)",
                () -> worker.deleteConnector(connector, Duration.ofSeconds(30))));

        out.println();
        out.println("SMC          " + smcUrl + (settings.usesSimulator()
                ? "  (simulator: a status changes every " + CHANGE_INTERVAL.toSeconds() + " s)" : ""));
        out.println("Kafka        " + bootstrapServers + (settings.startsKafka() ? "  (embedded KRaft broker)" : ""));
        out.println("Connect REST " + worker.restUrl() + "  (status: curl " + worker.restUrl() + "connectors/"
                + connector + "/status)");
        out.println("Connector    " + connector + " from " + settings.connectorConfig() + ", contexts "
                + orNone(config.get("smc.contexts")) + ", " + countOf(config.get("smc.elements"))
                + " element URI(s)");
        out.println("Topic        " + topic + "  (key: element href; value: JSON, nulls left out here)");
        out.println("Ctrl-C (or kill " + ProcessHandle.current().pid() + ") stops everything.");
        out.println();

        printRecords(statusTopic, worker, connector);
    }

    private void printRecords(StatusTopic statusTopic, ConnectWorker worker, String connector) {
        printing = true;
        Set<Integer> reportedFailures = new HashSet<>();
        long nextStatusCheck = System.nanoTime();
        boolean first = true;
        try (statusTopic) {
            while (!stopping) {
                for (StatusRecord record : statusTopic.poll()) {
                    if (first) {
                        first = false;
                        out.println(timeToFirstRecord());
                    }
                    printer.print(record);
                }
                if (System.nanoTime() - nextStatusCheck > 0) {
                    nextStatusCheck = System.nanoTime() + STATUS_CHECK_INTERVAL.toNanos();
                    reportFailedTasks(worker, connector, reportedFailures);
                }
            }
        } finally {
            printingDone.countDown();
        }
    }

    /** Says once per task when the worker reports it FAILED, with the first line of its trace. */
    private void reportFailedTasks(ConnectWorker worker, String connector, Set<Integer> reported) {
        worker.failedTasks(connector).forEach((id, trace) -> {
            if (reported.add(id)) {
                out.println("Task " + id + " FAILED: " + trace.lines().findFirst().orElse(""));
            }
        });
    }

    private static String timeToFirstRecord() {
        long now = System.currentTimeMillis();
        double sinceJvm = (now - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
        String since = String.format("First record %.1f s after the quickstart JVM started", sinceJvm);
        String commandStart = System.getenv("QUICKSTART_STARTED_AT_MS");
        if (commandStart != null && commandStart.matches("\\d+")) {
            since += String.format(" (%.1f s after ./quickstart.sh started, build included)",
                    (now - Long.parseLong(commandStart)) / 1000.0);
        }
        return since;
    }

    /** Stops what started, most recent first, saying each step as it starts; silent when nothing visible ran. */
    private void stopAll() {
        stopping = true;
        boolean visible = stops.stream().anyMatch(stop -> stop.what() != null);
        if (visible) {
            out.println();
        }
        try {
            if (printing) {
                printingDone.await(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        while (!stops.isEmpty()) {
            Stop stop = stops.pop();
            if (stop.what() != null) {
                out.println("Stopping " + stop.what() + " ...");
            }
            try {
                stop.action().run();
            } catch (RuntimeException e) {
                out.println("While stopping: " + e.getMessage());
            }
        }
        if (visible) {
            out.println("Stopped.");
        }
    }

    /** Starts the broker without the storage formatter's banner, which it prints to standard output. */
    private void startQuietly(EmbeddedKafkaCluster kafka) {
        PrintStream console = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            kafka.start();
        } finally {
            System.setOut(console);
        }
    }

    private static void deleteQuietly(Path directory) {
        try {
            Utils.delete(directory.toFile());
        } catch (IOException e) {
            // A temporary directory; the system cleans it up eventually.
        }
    }

    private void warnIfConnectorOnClassPath() {
        try {
            Class.forName(ConnectorConfigBuilder.CONNECTOR_CLASS, false, Quickstart.class.getClassLoader());
            out.println("Note: the connector is on the class path too; the worker may load it from there instead of "
                    + "from plugin.path. ./quickstart.sh keeps it off.");
        } catch (ClassNotFoundException expected) {
            // The worker can only load it from plugin.path, as in production.
        }
    }

    private static String orNone(String list) {
        return list == null || list.isBlank() ? "none" : list;
    }

    private static int countOf(String list) {
        return list == null || list.isBlank() ? 0 : list.split(",").length;
    }
}
