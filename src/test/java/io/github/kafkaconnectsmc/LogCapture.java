package io.github.kafkaconnectsmc;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Records every log event of every logger, at every level, while open: the root logger is lowered to ALL so that
 * debug and trace lines are checked too ({@link #start()}), or every event the configured levels let through
 * ({@link #atConfiguredLevels()}), for tests that run long and only look for what an operator would see. Each captured
 * line is the formatted message followed by the stack trace (with every cause's message) of the event's exception,
 * if any.
 */
public final class LogCapture implements AutoCloseable {

    private static final AtomicInteger NEXT_ID = new AtomicInteger();

    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final List<LogEvent> events = new CopyOnWriteArrayList<>();
    private final AbstractAppender appender;
    private final Level previousRootLevel;

    private LogCapture(boolean everyLevel) {
        appender = new AbstractAppender("capture-" + NEXT_ID.incrementAndGet(), null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                events.add(event.toImmutable());
            }
        };
        appender.start();
        LoggerConfig root = context.getConfiguration().getRootLogger();
        previousRootLevel = root.getLevel();
        root.addAppender(appender, Level.ALL, null);
        if (everyLevel) {
            root.setLevel(Level.ALL);
        }
        context.updateLoggers();
    }

    public static LogCapture start() {
        return new LogCapture(true);
    }

    /** Captures what the configured logger levels let through, without lowering any. */
    public static LogCapture atConfiguredLevels() {
        return new LogCapture(false);
    }

    /** Every captured line, with the exception's stack trace appended. */
    public List<String> lines() {
        return events.stream().map(LogCapture::render).toList();
    }

    /** Captured lines of {@code level} whose message contains {@code text}. */
    public List<String> lines(Level level, String text) {
        return events.stream()
                .filter(e -> e.getLevel() == level)
                .map(LogCapture::render)
                .filter(line -> line.contains(text))
                .toList();
    }

    private static String render(LogEvent event) {
        String message = event.getMessage().getFormattedMessage();
        if (event.getThrown() == null) {
            return message;
        }
        StringWriter trace = new StringWriter();
        event.getThrown().printStackTrace(new PrintWriter(trace));
        return message + System.lineSeparator() + trace;
    }

    @Override
    public void close() {
        LoggerConfig root = context.getConfiguration().getRootLogger();
        root.removeAppender(appender.getName());
        root.setLevel(previousRootLevel);
        context.updateLoggers();
        appender.stop();
    }
}
