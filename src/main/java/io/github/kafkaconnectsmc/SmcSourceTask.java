package io.github.kafkaconnectsmc;

import io.github.kafkaconnectsmc.protocol.RejectedFrames;
import io.github.kafkaconnectsmc.protocol.Subscription;
import io.github.kafkaconnectsmc.record.ElementKeyResolver;
import io.github.kafkaconnectsmc.record.SourceOffsets;
import io.github.kafkaconnectsmc.record.StatusRecordMapper;
import io.github.kafkaconnectsmc.smc.RestHrefDirectory;
import io.github.kafkaconnectsmc.smc.SmcHttpClientFactory;
import io.github.kafkaconnectsmc.smc.SmcSession;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
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
    private OkHttpClient client;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new SmcSourceConfig(props);
        List<Subscription> subscriptions = config.subscriptions();
        String smcUrl = config.smcUrl().toString();
        String threadPrefix = "smc-" + props.getOrDefault("name", "connector") + "-"
                + props.getOrDefault(SmcSourceConnector.TASK_INDEX_CONFIG, "0");

        SourceOffsets offsets = new SourceOffsets(smcUrl);
        if (context != null) {
            offsets.restore(context.offsetStorageReader(), subscriptions);
        }
        queue = new NotificationQueue(config.queueMaxRecords(), config.queueMaxBytes(), config.pollMaxRecords(),
                config.pollTimeout());
        client = SmcHttpClientFactory.create(config.connectTimeout(), config.requestTimeout(), config.tlsSettings(),
                config.proxySettings(), threadPrefix);
        SmcSession session = new SmcSession(client, config.smcUrl(), config.apiKey(), config.apiVersion(),
                config.domain());
        ElementKeyResolver keys = new ElementKeyResolver(new RestHrefDirectory(session, config.hrefRefreshMinInterval()));
        StatusRecordMapper mapper = new StatusRecordMapper(config.topic(), smcUrl, keys, offsets);
        handler = new StatusFrameHandler(mapper, queue, new RejectedFrames(), System::currentTimeMillis);
        stream = new StatusStream(session, client, subscriptions, handler, queue, threadPrefix);
        log.info("Starting SMC status task for {} unit(s) on {}: {}", subscriptions.size(), smcUrl, subscriptions);
        stream.start();
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        List<SourceRecord> batch = queue.poll();
        if (!batch.isEmpty()) {
            log.debug("Handing {} status record(s) to Kafka", batch.size());
        }
        return batch.isEmpty() ? null : batch;
    }

    @Override
    public void stop() {
        long started = System.nanoTime();
        int left = queue == null ? 0 : queue.close();
        if (stream != null) {
            stream.stop(STOP_STEP_TIMEOUT);
        }
        if (client != null && !SmcHttpClientFactory.shutdown(client, STOP_STEP_TIMEOUT)) {
            log.warn("OkHttp threads of this task did not end within {}", STOP_STEP_TIMEOUT);
        }
        long lost = left + (handler == null ? 0 : handler.notHandedOver());
        if (lost > 0) {
            log.warn("Stopped with {} status notification(s) received but not handed to Kafka", lost);
        }
        log.info("Stopped SMC status task in {} ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
    }
}
