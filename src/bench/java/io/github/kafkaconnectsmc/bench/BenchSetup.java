package io.github.kafkaconnectsmc.bench;

import io.github.kafkaconnectsmc.testkit.ComponentArchive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a benchmark run finds what it starts and puts what it writes, from the system properties the bench scripts
 * set: {@code bench.classpath.file} (the dependency class path, written by {@code mvn -Pbench package}),
 * {@code bench.test.classes}, {@code bench.log4j} and {@code bench.run.dir}. The connector is installed as an operator
 * installs it: the component archive {@code mvn package} built, unpacked into {@code <run directory>/plugins}, the
 * worker's {@code plugin.path}.
 */
record BenchSetup(String dependencyClassPath, Path testClasses, Path pluginPath, Path log4jConfig, Path runDirectory) {

    static BenchSetup fromSystemProperties() {
        try {
            Path runDirectory = Path.of(required("bench.run.dir"));
            Files.createDirectories(runDirectory);
            Path pluginPath = runDirectory.resolve("plugins").toAbsolutePath();
            ComponentArchive.built().unpackInto(pluginPath);
            return new BenchSetup(Files.readString(Path.of(required("bench.classpath.file"))).trim(),
                    Path.of(required("bench.test.classes")).toAbsolutePath(),
                    pluginPath,
                    Path.of(required("bench.log4j")).toAbsolutePath(),
                    runDirectory.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kafka, Connect and their dependencies, without the connector: what a broker or worker JVM runs on. */
    String kafkaClassPath() {
        return dependencyClassPath;
    }

    /** The dependency class path and the compiled benchmark, simulator and test classes. */
    String benchClassPath() {
        return testClasses + java.io.File.pathSeparator + dependencyClassPath;
    }

    /**
     * Connector settings to add to a benchmark's connector configuration, from {@code bench.connector.overrides}
     * ({@code name=value,name=value}), for example {@code producer.override.batch.size=262144}.
     */
    static Map<String, String> connectorOverrides() {
        return pairs("bench.connector.overrides");
    }

    /**
     * Producer settings for both sides of a comparison, from {@code bench.producer.settings}
     * ({@code name=value,name=value}): the end-to-end benchmark gives them to the connector's producer
     * ({@code producer.override.<name>}) and to the raw producer alike, for figures labelled as such.
     */
    static Map<String, String> producerSettings() {
        return pairs("bench.producer.settings");
    }

    private static Map<String, String> pairs(String property) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String pair : System.getProperty(property, "").split(",")) {
            if (!pair.isBlank()) {
                int equals = pair.indexOf('=');
                if (equals < 1) {
                    throw new IllegalArgumentException(property + " takes name=value pairs, not " + pair);
                }
                pairs.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
            }
        }
        return pairs;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set: run the benchmark through "
                    + "its script in bench/");
        }
        return value;
    }
}
