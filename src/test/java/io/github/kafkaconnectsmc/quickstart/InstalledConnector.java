package io.github.kafkaconnectsmc.quickstart;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.connect.connector.Connector;

/**
 * The connector as the worker will load it: from the unpacked component's {@code lib/}, in a class loader of its own
 * whose parent supplies Kafka's classes, as the worker's plugin loader takes them from the worker. The quickstart
 * keeps the connector off its own class path, so this is how it can validate a configuration before any worker runs.
 */
final class InstalledConnector implements AutoCloseable {

    private final URLClassLoader loader;
    private final Connector connector;

    private InstalledConnector(URLClassLoader loader, Connector connector) {
        this.loader = loader;
        this.connector = connector;
    }

    /** Loads {@code connectorClass} from the jars in {@code component}'s {@code lib/}. */
    static InstalledConnector load(Path component, String connectorClass) throws IOException {
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(component.resolve("lib"))) {
            for (Path jar : files.filter(file -> file.toString().endsWith(".jar")).toList()) {
                jars.add(jar.toUri().toURL());
            }
        }
        URLClassLoader loader = new URLClassLoader(jars.toArray(URL[]::new), InstalledConnector.class.getClassLoader());
        try {
            Connector connector = loader.loadClass(connectorClass).asSubclass(Connector.class)
                    .getDeclaredConstructor().newInstance();
            return new InstalledConnector(loader, connector);
        } catch (ReflectiveOperationException | ClassCastException e) {
            loader.close();
            throw new IllegalStateException("Cannot load " + connectorClass + " from " + component + ": " + e, e);
        }
    }

    /** The connector's {@code validate()}, run with its class loader as the thread's context, as the worker runs it. */
    Config validate(Map<String, String> config) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return connector.validate(config);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }
}
