package io.github.kafkaconnectsmc.quickstart;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the quickstart connects to, from command-line flags or, failing those, environment variables. Without an SMC
 * URL it starts the SMC simulator; without bootstrap servers it starts a single-node KRaft broker.
 *
 * <pre>
 * --smc-url URL             SMC_URL                  a real SMC, such as https://smc.example.net:8082
 * --smc-api-key KEY         SMC_API_KEY              its API client key (needed with an SMC URL; never printed)
 * --smc-contexts A,B        SMC_CONTEXTS             element families, instead of the configuration file's
 * --smc-elements URI,URI    SMC_ELEMENTS             element URIs, instead of the configuration file's
 * --bootstrap-servers HOSTS KAFKA_BOOTSTRAP_SERVERS  an existing Kafka cluster
 * --config FILE             QUICKSTART_CONFIG        connector configuration (connector-config-examples/...)
 * --component-archive ZIP   QUICKSTART_COMPONENT_ARCHIVE  the connector's component archive (default: the one
 *                                                    mvn package built in target/components/packages)
 * </pre>
 */
record QuickstartSettings(Optional<String> smcUrl, Optional<String> smcApiKey, Optional<String> contexts,
                          Optional<String> elements, Optional<String> bootstrapServers, Path connectorConfig,
                          Optional<Path> componentArchive, Map<String, String> origins) {

    static final Path DEFAULT_CONFIG = Path.of("connector-config-examples", "quickstart-simulator.properties");

    private static final Map<String, String> FLAG_TO_ENV = Map.of(
            "--smc-url", "SMC_URL",
            "--smc-api-key", "SMC_API_KEY",
            "--smc-contexts", "SMC_CONTEXTS",
            "--smc-elements", "SMC_ELEMENTS",
            "--bootstrap-servers", "KAFKA_BOOTSTRAP_SERVERS",
            "--config", "QUICKSTART_CONFIG",
            "--component-archive", "QUICKSTART_COMPONENT_ARCHIVE");

    /**
     * The settings from {@code args}, then {@code environment}. An empty environment variable counts as unset, as
     * the shell treats {@code VAR=}; an empty flag value is refused, since typing a flag says a value was meant.
     */
    static QuickstartSettings from(String[] args, Map<String, String> environment) {
        Map<String, String> values = new HashMap<>();
        Map<String, String> origins = new HashMap<>();
        FLAG_TO_ENV.values().forEach(name -> {
            String value = environment.get(name);
            if (value != null && !value.isBlank()) {
                values.put(name, value.trim());
                origins.put(name, name);
            }
        });
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value = null;
            int equals = flag.indexOf('=');
            if (equals > 0) {
                value = flag.substring(equals + 1);
                flag = flag.substring(0, equals);
            } else if (i + 1 < args.length) {
                value = args[++i];
            }
            String name = FLAG_TO_ENV.get(flag);
            if (name == null) {
                throw new QuickstartInputException("Unknown flag " + flag + "; known: " + FLAG_TO_ENV.keySet());
            }
            if (value == null || value.isBlank()) {
                throw new QuickstartInputException(flag + " needs a value");
            }
            values.put(name, value.trim());
            origins.put(name, flag);
        }
        QuickstartSettings settings = new QuickstartSettings(
                Optional.ofNullable(values.get("SMC_URL")),
                Optional.ofNullable(values.get("SMC_API_KEY")),
                Optional.ofNullable(values.get("SMC_CONTEXTS")),
                Optional.ofNullable(values.get("SMC_ELEMENTS")),
                Optional.ofNullable(values.get("KAFKA_BOOTSTRAP_SERVERS")),
                Path.of(values.getOrDefault("QUICKSTART_CONFIG", DEFAULT_CONFIG.toString())),
                Optional.ofNullable(values.get("QUICKSTART_COMPONENT_ARCHIVE")).map(Path::of),
                Map.copyOf(origins));
        if (settings.smcUrl().isPresent() && settings.smcApiKey().isEmpty()) {
            throw new QuickstartInputException("An SMC URL needs its API client key: set SMC_API_KEY or --smc-api-key");
        }
        return settings;
    }

    /**
     * The flag or environment variable that gave the value of {@code variable} (named as its environment variable,
     * such as {@code SMC_URL}), for messages about that value; empty when it was not given.
     */
    Optional<String> setBy(String variable) {
        return Optional.ofNullable(origins.get(variable));
    }

    boolean usesSimulator() {
        return smcUrl.isEmpty();
    }

    boolean startsKafka() {
        return bootstrapServers.isEmpty();
    }

    @Override
    public String toString() {
        // Never the key.
        return "QuickstartSettings(smc=" + smcUrl.orElse("simulator") + ", kafka=" + bootstrapServers.orElse("embedded")
                + ", config=" + connectorConfig + ")";
    }
}
