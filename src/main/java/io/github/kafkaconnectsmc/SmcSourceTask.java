package io.github.kafkaconnectsmc;

import io.github.kafkaconnectsmc.metrics.TaskMetricsRegistration;
import io.github.kafkaconnectsmc.protocol.RejectedFrames;
import io.github.kafkaconnectsmc.protocol.Subscription;
import io.github.kafkaconnectsmc.record.ElementKeyFormat;
import io.github.kafkaconnectsmc.record.ElementKeyResolver;
import io.github.kafkaconnectsmc.record.ElementStates;
import io.github.kafkaconnectsmc.record.SourceOffsets;
import io.github.kafkaconnectsmc.record.StatusRecordMapper;
import io.github.kafkaconnectsmc.smc.ReconnectBackoff;
import io.github.kafkaconnectsmc.smc.RestHrefDirectory;
import io.github.kafkaconnectsmc.smc.SmcHttpClientFactory;
import io.github.kafkaconnectsmc.smc.SmcSession;
import io.github.kafkaconnectsmc.metrics.TaskMetric;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import okhttp3.OkHttpClient;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the status of the subscription units assigned to this task into Kafka. Each task holds one SMC session
 * and one status socket ({@link StatusStream}); notifications reach {@link #poll()} through a bounded
 * {@link NotificationQueue}.
 */
public class SmcSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(SmcSourceTask.class);

    /** Bound on each step of {@link #stop()}: unsubscribing and closing the socket, logging out, ending threads. */
    static final Duration STOP_STEP_TIMEOUT = Duration.ofSeconds(5);

    private SmcSourceConfig config;
    private NotificationQueue queue;
    private StatusFrameHandler handler;
    private StatusStream stream;
    private RestHrefDirectory directory;
    private OkHttpClient client;
    private TaskMetricsRegistration metrics;
    private final AtomicLong recordsHandedOver = new AtomicLong();
    private final AtomicLong recordsWritten = new AtomicLong();
    /** The thread that last called {@link #poll()}; read by {@link #stop()} to know whether poll can still drain. */
    private volatile Thread pollThread;
    /** The status stream's clock: how long a socket streamed decides whether it is opened again at once. */
    private final LongSupplier streamNanoTime;

    public SmcSourceTask() {
        this(System::nanoTime);
    }

    // Visible for testing
    SmcSourceTask(LongSupplier streamNanoTime) {
        this.streamNanoTime = streamNanoTime;
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        long started = System.nanoTime();
        config = new SmcSourceConfig(props);
        List<Subscription> subscriptions = config.subscriptions();
        String smcUrl = config.smcUrl().toString();
        String connectorName = props.getOrDefault("name", "connector");
        String taskIndex = props.getOrDefault(SmcSourceConnector.TASK_INDEX_CONFIG, "0");
        String threadPrefix = "smc-" + connectorName + "-" + taskIndex;

        SourceOffsets offsets = new SourceOffsets(smcUrl);
        if (context != null) {
            offsets.restore(context.offsetStorageReader(), subscriptions);
        }
        queue = new NotificationQueue(config.queueMaxRecords(), config.queueMaxBytes(), config.pollMaxRecords(),
                config.unacknowledgedMaxRecords(), config.pollTimeout(), heldReaderWaitSlice(config.pingInterval()));
        client = SmcHttpClientFactory.create(config.connectTimeout(), config.requestTimeout(), config.pingInterval(),
                config.tlsSettingsIfUsed(), config.proxySettings(), threadPrefix);
        SmcSession session = new SmcSession(client, config.smcUrls(), config.apiKey(), config.apiVersion(),
                config.domain());
        directory = new RestHrefDirectory(session, config.hrefRefreshMinInterval(),
                heldReaderWaitSlice(config.pingInterval()));
        ElementKeyFormat keyFormat = config.keyFormat();
        ElementStates states = new ElementStates();
        StatusRecordMapper mapper = new StatusRecordMapper(config.topic(), () -> session.server().toString(),
                new ElementKeyResolver(directory, keyFormat), offsets, states,
                new StatusRecordMapper.Options(config.tombstonesEnabled(), config.dropUnchanged(),
                        config.staleHeartbeatTopic().orElse(null), config.valueFormat()));
        RejectedFrames rejected = new RejectedFrames();
        handler = new StatusFrameHandler(mapper, queue, rejected, System::currentTimeMillis, config.frameMaxBytes());
        // An href names its server: after a failover every href key changes, and what was remembered under the old
        // keys would only go stale.
        Runnable serverSwitched = keyFormat.kind() == ElementKeyFormat.Kind.HREF ? states::clear : () -> { };
        stream = new StatusStream(session, client, subscriptions, handler, queue, directory,
                new ReconnectBackoff(config.reconnectBackoffInitial(), config.reconnectBackoffMax()),
                config.reconnectMaxAttempts(), threadPrefix, config.resnapshotInterval(), config.failbackInterval(),
                serverSwitched, streamNanoTime);
        StaleElementHeartbeats heartbeats = new StaleElementHeartbeats(states, mapper, queue, config.staleAfter(),
                System::currentTimeMillis);
        List<TaskMetric> published = new ArrayList<>(SmcTaskMetrics.of(stream, handler, queue, session, directory,
                rejected, recordsHandedOver::get, recordsWritten::get, System::currentTimeMillis));
        published.addAll(SmcTaskMetrics.currentStateAndFailover(stream, session, states, mapper, heartbeats,
                config.staleAfter(), System::currentTimeMillis));
        metrics = TaskMetricsRegistration.register(published, context, connectorName, taskIndex);
        log.info("Starting SMC status task for {} unit(s) on {} (set up in {} ms): {}", subscriptions.size(),
                config.smcUrls(), Duration.ofNanos(System.nanoTime() - started).toMillis(), subscriptions);
        stream.start();
        if (config.staleHeartbeatEnabled()) {
            stream.every(StaleElementHeartbeats.checkInterval(config.staleAfter()), heartbeats);
        }
    }

    /** Starts a re-snapshot now, whatever smc.resnapshot.interval.ms says. Visible for testing. */
    void resnapshotNow() {
        stream.resnapshotNow();
    }

    /** Runs a failback check now. Visible for testing. */
    Future<?> checkFirstServerNow() {
        return stream.checkFirstServerNow();
    }

    /**
     * A reader held by backpressure, or waiting for the SMC to name a context's element, excuses the missing pong once
     * per wait slice (see {@code SmcStatusSocket.excuseMissingPong}); several slices per ping interval keep a ping
     * from finding the previous one unanswered.
     */
    static Duration heldReaderWaitSlice(Duration pingInterval) {
        long quarter = pingInterval.toMillis() / 4;
        return Duration.ofMillis(pingInterval.isZero() ? 100 : Math.max(5, Math.min(100, quarter)));
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        pollThread = Thread.currentThread();
        List<SourceRecord> batch = queue.poll();
        if (batch.isEmpty()) {
            return null;
        }
        recordsHandedOver.addAndGet(batch.size());
        log.debug("Handing {} status record(s) to Kafka", batch.size());
        return batch;
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        // metadata is null for a record a transformation dropped, or a failed send errors.tolerance=all skipped: the
        // worker is done with it, but it was never written.
        if (metadata != null) {
            recordsWritten.incrementAndGet();
        }
        queue.acknowledged();
    }

    /**
     * Stops in bounded time. Workers before Kafka 3.x's change to call {@code stop()} on the task thread may still be
     * polling from another thread: then records already queued get up to {@link #STOP_STEP_TIMEOUT} to be handed
     * over. Kafka 4 workers call {@code stop()} after their last poll, so what is still queued cannot be handed over:
     * the count is logged, and the SMC's snapshot at the next start brings every element's status up to date.
     */
    @Override
    public void stop() {
        long started = System.nanoTime();
        Thread poller = pollThread;
        if (queue != null && poller != null && poller != Thread.currentThread() && poller.isAlive()) {
            awaitDrained(STOP_STEP_TIMEOUT);
        }
        int left = queue == null ? 0 : queue.close();
        if (directory != null) {
            // Before the session ends: a name lookup still running would otherwise log in again.
            directory.close();
        }
        if (stream != null) {
            stream.stop(STOP_STEP_TIMEOUT);
        }
        if (directory != null) {
            if (client != null) {
                // The session has logged out, so nothing needs the client any more: cancelling its calls ends a name
                // read waiting for the SMC's answer at once, not at its read timeout.
                client.dispatcher().cancelAll();
            }
            awaitNameReaders();
        }
        if (client != null && !SmcHttpClientFactory.shutdown(client, STOP_STEP_TIMEOUT)) {
            log.warn("OkHttp threads of this task did not end within {}", STOP_STEP_TIMEOUT);
        }
        if (metrics != null) {
            metrics.close();
        }
        long lost = left + (handler == null ? 0 : handler.notHandedOver());
        if (lost > 0) {
            log.warn("Stopped with {} status notification(s) received but not handed to Kafka", lost);
        }
        log.info("Stopped SMC status task in {} ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    /**
     * Cancelled name reads may still be running, and one that ends after the client's connections were closed would
     * put its own back in the pool, where it stays open for minutes after the task: a socket per stop.
     */
    private void awaitNameReaders() {
        try {
            if (!directory.awaitReaders(STOP_STEP_TIMEOUT)) {
                log.warn("Element name reads of this task did not end within {}", STOP_STEP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitDrained(Duration timeout) {
        try {
            if (!queue.awaitEmpty(timeout)) {
                log.warn("{} status record(s) were still queued after waiting {} for the worker to poll them",
                        queue.size(), timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
