package io.github.kafkaconnectsmc.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Records every log event, of every logger and level, while open: each configured logger is lowered to ALL so that
 * debug lines are checked too, and restored on close. A captured line is the level, the formatted message and the
 * full stack trace (every cause's message) of the event's exception, which is what a secrets test must search.
 */
public final class CapturedLogs implements AutoCloseable {

    private static final AtomicInteger NEXT_ID = new AtomicInteger();

    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Map<LoggerConfig, Level> previousLevels = new HashMap<>();
    private final AbstractAppender appender;

    private CapturedLogs() {
        appender = new AbstractAppender("captured-" + NEXT_ID.incrementAndGet(), null, null, true,
                Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(render(event));
            }
        };
        appender.start();
        Configuration configuration = context.getConfiguration();
        LoggerConfig root = configuration.getRootLogger();
        lower(root);
        root.addAppender(appender, Level.ALL, null);
        for (LoggerConfig logger : configuration.getLoggers().values()) {
            if (logger != root) {
                lower(logger);
                if (!logger.isAdditive()) {
                    logger.addAppender(appender, Level.ALL, null);
                }
            }
        }
        context.updateLoggers();
    }

    public static CapturedLogs capture() {
        return new CapturedLogs();
    }

    private void lower(LoggerConfig logger) {
        previousLevels.put(logger, logger.getLevel());
        logger.setLevel(Level.ALL);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Everything captured as one text, for "never contains" assertions. */
    public String text() {
        return String.join("\n", lines);
    }

    /** Lines at {@code level} containing {@code fragment}. */
    public List<String> lines(Level level, String fragment) {
        return lines.stream().filter(line -> line.startsWith(level.name() + " ") && line.contains(fragment)).toList();
    }

    private static String render(LogEvent event) {
        String line = event.getLevel().name() + " " + event.getLoggerName() + " "
                + event.getMessage().getFormattedMessage();
        if (event.getThrown() == null) {
            return line;
        }
        StringWriter trace = new StringWriter();
        event.getThrown().printStackTrace(new PrintWriter(trace));
        return line + "\n" + trace;
    }

    @Override
    public void close() {
        Configuration configuration = context.getConfiguration();
        for (Map.Entry<LoggerConfig, Level> entry : previousLevels.entrySet()) {
            entry.getKey().removeAppender(appender.getName());
            entry.getKey().setLevel(entry.getValue());
        }
        configuration.getRootLogger().removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
    }
}
