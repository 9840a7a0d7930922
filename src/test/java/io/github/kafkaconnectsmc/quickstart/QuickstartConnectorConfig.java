package io.github.kafkaconnectsmc.quickstart;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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

    /** The quickstart's own values of these settings, by the environment variable that sets each. */
    private static final Map<String, String> SETTING_TO_VARIABLE = Map.of(
            "smc.url", "SMC_URL",
            "smc.api.key", "SMC_API_KEY",
            "smc.contexts", "SMC_CONTEXTS",
            "smc.elements", "SMC_ELEMENTS");

    /**
     * The configuration file {@code settings} name, read before anything starts: a file that cannot be read is
     * reported by the flag or variable that named it, since that is what the user typed.
     */
    static Map<String, String> load(QuickstartSettings settings) {
        Path file = settings.connectorConfig();
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new QuickstartInputException(fileNamedBy(settings) + ": no such file");
        } catch (AccessDeniedException e) {
            throw new QuickstartInputException(fileNamedBy(settings) + ": not readable (permission denied)");
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: a malformed Unicode escape in the file.
            throw new QuickstartInputException(fileNamedBy(settings) + ": cannot be read as a properties file ("
                    + e.getMessage() + ")");
        }
        Map<String, String> config = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> config.put(name, properties.getProperty(name).trim()));
        return config;
    }

    private static String fileNamedBy(QuickstartSettings settings) {
        Path file = settings.connectorConfig();
        return settings.setBy("QUICKSTART_CONFIG")
                .map(origin -> origin + "=" + file)
                .orElse(file + " (the default configuration; choose another with --config FILE or QUICKSTART_CONFIG)");
    }

    /**
     * Where the value of {@code setting} in the submitted configuration came from: the flag or environment variable
     * that set it, or the configuration file; empty for the simulator's URL and key, which the quickstart puts in.
     */
    static Optional<String> origin(String setting, QuickstartSettings settings) {
        String variable = SETTING_TO_VARIABLE.get(setting);
        Optional<String> given = variable == null ? Optional.empty() : settings.setBy(variable);
        if (given.isPresent()) {
            return given;
        }
        if (settings.usesSimulator() && (setting.equals("smc.url") || setting.equals("smc.api.key"))) {
            return Optional.empty();
        }
        return Optional.of(settings.connectorConfig().toString());
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
