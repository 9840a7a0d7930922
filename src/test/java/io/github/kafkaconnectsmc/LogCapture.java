package io.github.kafkaconnectsmc;

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
 * Records the log events of every logger while open. {@link #start()} lowers the root logger to ALL, so loggers that
 * log4j2-test.xml does not name are captured at every level and the named ones at their configured level;
 * {@link #startAtEveryLevel()} lowers the named ones too, which is what a test that no secret is ever logged must
 * search; {@link #atConfiguredLevels()} lowers nothing, for long runs that look only for what an operator would see.
 * Levels are restored on close. Each captured line is the formatted message followed by the stack trace
 * (with every cause's message) of the event's exception, if any.
 */
public final class LogCapture implements AutoCloseable {

    private static final AtomicInteger NEXT_ID = new AtomicInteger();

    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final List<LogEvent> events = new CopyOnWriteArrayList<>();
    private final Map<LoggerConfig, Level> previousLevels = new HashMap<>();
    private final AbstractAppender appender;
    private final LoggerConfig root;

    /** Which loggers are lowered to ALL while capturing. */
    private enum Lowered { NONE, ROOT, EVERY_LOGGER }

    private LogCapture(Lowered lowered) {
        appender = new AbstractAppender("capture-" + NEXT_ID.incrementAndGet(), null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                events.add(event.toImmutable());
            }
        };
        appender.start();
        Configuration configuration = context.getConfiguration();
        root = configuration.getRootLogger();
        if (lowered != Lowered.NONE) {
            lowerToAll(root);
        }
        root.addAppender(appender, Level.ALL, null);
        for (LoggerConfig logger : configuration.getLoggers().values()) {
            if (lowered == Lowered.EVERY_LOGGER && logger != root) {
                lowerToAll(logger);
                // An additive logger's events reach the root's appenders already; a non-additive one's never do.
                if (!logger.isAdditive()) {
                    logger.addAppender(appender, Level.ALL, null);
                }
            }
        }
        context.updateLoggers();
    }

    /** Captures unnamed loggers at every level and the loggers log4j2-test.xml names at their configured level. */
    public static LogCapture start() {
        return new LogCapture(Lowered.ROOT);
    }

    /** Captures what the configured logger levels let through, without lowering any. */
    public static LogCapture atConfiguredLevels() {
        return new LogCapture(Lowered.NONE);
    }

    /**
     * Captures every logger at every level, the connector's and Kafka's included. Not for a test with a running
     * broker or worker: they would log at TRACE until close.
     */
    public static LogCapture startAtEveryLevel() {
        return new LogCapture(Lowered.EVERY_LOGGER);
    }

    private void lowerToAll(LoggerConfig logger) {
        previousLevels.put(logger, logger.getLevel());
        logger.setLevel(Level.ALL);
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

    /** Everything captured as one text, for "never contains" assertions and failure messages. */
    public String text() {
        return String.join(System.lineSeparator(), lines());
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
        root.removeAppender(appender.getName());
        for (Map.Entry<LoggerConfig, Level> entry : previousLevels.entrySet()) {
            entry.getKey().removeAppender(appender.getName());
            entry.getKey().setLevel(entry.getValue());
        }
        context.updateLoggers();
        appender.stop();
    }
}
