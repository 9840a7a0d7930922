package io.github.kafkaconnectsmc.integration;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures every log event of this JVM (the in-process worker's included) while open, with each message and the full
 * text of its exception chain, so a test can assert that a string never reached a log. Loggers can be made more
 * verbose for the duration, so that the assertion covers debug and trace output too.
 */
final class CapturedLogs implements AutoCloseable {

    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final List<String> lines = new ArrayList<>();
    private final Map<String, Level> previousLevels = new HashMap<>();
    private final AbstractAppender appender = new AbstractAppender("captured-logs", null, null, true,
            Property.EMPTY_ARRAY) {
        @Override
        public void append(LogEvent event) {
            StringWriter text = new StringWriter();
            text.append(event.getLoggerName()).append(' ').append(event.getMessage().getFormattedMessage());
            if (event.getThrown() != null) {
                text.append(System.lineSeparator());
                event.getThrown().printStackTrace(new PrintWriter(text));
            }
            synchronized (lines) {
                lines.add(text.toString());
            }
        }
    };

    private CapturedLogs() {
    }

    /** Starts capturing; each of {@code verboseLoggers} is set to TRACE until {@link #close()}. */
    static CapturedLogs start(String... verboseLoggers) {
        CapturedLogs logs = new CapturedLogs();
        Configuration configuration = logs.context.getConfiguration();
        for (String logger : verboseLoggers) {
            logs.previousLevels.put(logger, configuration.getLoggerConfig(logger).getLevel());
        }
        logs.appender.start();
        configuration.addAppender(logs.appender);
        configuration.getRootLogger().addAppender(logs.appender, Level.ALL, null);
        logs.context.updateLoggers();
        for (String logger : verboseLoggers) {
            Configurator.setLevel(logger, Level.TRACE);
        }
        return logs;
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    boolean anyContains(String text) {
        return lines().stream().anyMatch(line -> line.contains(text));
    }

    /** Like {@link #anyContains} but ignoring the events of loggers whose names start with {@code ignoredPrefix}. */
    boolean anyContainsOutside(String ignoredPrefix, String text) {
        return lines().stream().anyMatch(line -> !line.startsWith(ignoredPrefix) && line.contains(text));
    }

    @Override
    public void close() {
        previousLevels.forEach(Configurator::setLevel);
        context.getConfiguration().getRootLogger().removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
    }
}
