package io.github.kafkaconnectsmc.quickstart;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The connector configuration the quickstart submits: a file from {@code connector-config-examples/} with the SMC it
 * actually talks to put in. The file's element URIs point at the simulator's usual address; they follow the
 * simulator to the port it got, and are dropped for a real SMC unless element URIs were given for it.
 */
final class QuickstartConnectorConfig {

    private QuickstartConnectorConfig() {
    }

    static Map<String, String> load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        Map<String, String> config = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> config.put(name, properties.getProperty(name).trim()));
        return config;
    }

    /** {@code config} pointed at {@code smcUrl} with {@code apiKey}, and the contexts and elements chosen. */
    static Map<String, String> pointedAt(Map<String, String> config, String smcUrl, String apiKey,
                                         QuickstartSettings settings) {
        Map<String, String> result = new HashMap<>(config);
        String fileUrl = stripSlash(config.getOrDefault("smc.url", ""));
        result.put("smc.url", smcUrl);
        result.put("smc.api.key", apiKey);
        settings.contexts().ifPresent(contexts -> result.put("smc.contexts", contexts));
        if (settings.elements().isPresent()) {
            result.put("smc.elements", settings.elements().get());
        } else if (settings.usesSimulator()) {
            result.put("smc.elements", Arrays.stream(config.getOrDefault("smc.elements", "").split(","))
                    .map(String::trim)
                    .filter(uri -> !uri.isEmpty())
                    .map(uri -> !fileUrl.isEmpty() && uri.startsWith(fileUrl)
                            ? stripSlash(smcUrl) + uri.substring(fileUrl.length()) : uri)
                    .collect(Collectors.joining(",")));
        } else {
            result.remove("smc.elements");
        }
        return result;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
