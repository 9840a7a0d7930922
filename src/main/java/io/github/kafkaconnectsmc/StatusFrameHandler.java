package io.github.kafkaconnectsmc;

import io.github.kafkaconnectsmc.logging.ShortenedText;
import io.github.kafkaconnectsmc.protocol.FrameRejection;
import io.github.kafkaconnectsmc.protocol.RejectedFrames;
import io.github.kafkaconnectsmc.protocol.StatusFrame;
import io.github.kafkaconnectsmc.protocol.StatusProtocol;
import io.github.kafkaconnectsmc.protocol.Subscription;
import io.github.kafkaconnectsmc.protocol.SubscriptionRegistry;
import io.github.kafkaconnectsmc.record.StatusBody;
import io.github.kafkaconnectsmc.record.StatusRecordMapper;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles each text frame of the status socket: decodes it, keeps the socket's {@link SubscriptionRegistry} up to
 * date, turns each notification into a record and puts it in the {@link NotificationQueue}, and counts and logs
 * everything else. Nothing a frame contains can make it throw: a frame the connector fails to map, through a defect
 * of its own, is counted and logged as {@link FrameRejection#NOT_MAPPED} too.
 *
 * <p>Runs on the socket's reader thread; {@link #handle} blocks while the queue is full.
 */
final class StatusFrameHandler {

    private static final Logger log = LoggerFactory.getLogger(StatusFrameHandler.class);

    private final StatusRecordMapper mapper;
    private final NotificationQueue queue;
    private final RejectedFrames rejected;
    private final LongSupplier clock;
    private final int frameMaxBytes;
    private final AtomicLong notifications = new AtomicLong();
    private final AtomicLong notHandedOver = new AtomicLong();
    /** Receive time of the latest notification, 0 before the first. */
    private volatile long lastNotificationAt;

    StatusFrameHandler(StatusRecordMapper mapper, NotificationQueue queue, RejectedFrames rejected, LongSupplier clock,
                       int frameMaxBytes) {
        this.frameMaxBytes = frameMaxBytes;
        this.mapper = mapper;
        this.queue = queue;
        this.rejected = rejected;
        this.clock = clock;
    }

    /**
     * Handles one frame received from {@code socket}, whose subscriptions {@code registry} tracks. While the queue is
     * full (see {@link NotificationQueue#put(SourceRecord, long, NotificationQueue.Sender)}), or a record's key waits
     * for the SMC to name its element, it waits, running the socket's {@code whileWaiting} once per wait slice.
     */
    void handle(String text, SubscriptionRegistry registry, NotificationQueue.Sender socket)
            throws InterruptedException {
        handle(text, clock.getAsLong(), registry, socket);
    }

    private void handle(String text, long receivedAt, SubscriptionRegistry registry, NotificationQueue.Sender socket)
            throws InterruptedException {
        if (text.length() > frameMaxBytes) {
            // OkHttp has already buffered the frame; refusing it here keeps it out of the queue and of Kafka.
            rejected.reject(FrameRejection.TOO_LARGE, text.length() + " characters, more than smc.frame.max.bytes ("
                    + frameMaxBytes + ")", text);
            return;
        }
        StatusBody body = mapper.newBody(text);
        try {
            handleDecoded(text, StatusProtocol.decode(text, body), body, receivedAt, registry, socket);
        } catch (RuntimeException e) {
            // Thrown on, it would reach OkHttp's reader and fail the socket; after the reconnect the SMC's snapshot
            // would bring the same frame back, and the task would go round that loop with nothing in Kafka.
            rejected.reject(FrameRejection.NOT_MAPPED, "the connector could not map it: " + e, text, e);
        } finally {
            mapper.recycle(body);
        }
    }

    private void handleDecoded(String text, StatusFrame frame, StatusBody body, long receivedAt,
                               SubscriptionRegistry registry, NotificationQueue.Sender socket)
            throws InterruptedException {
        if (frame instanceof StatusFrame.Notification notification) {
            SubscriptionRegistry.Active subscription = registry.active(notification.subscriptionId());
            if (subscription == null) {
                int id = notification.subscriptionId();
                // A retiring id: a re-subscription replaced it, and the SMC sends the same change to the new id.
                if (!registry.isRetiring(id) && !registry.holdUntilAcknowledged(id, text, receivedAt)) {
                    rejectUnknownSubscription(id, text);
                }
                return;
            }
            notifications.incrementAndGet();
            lastNotificationAt = receivedAt;
            for (SourceRecord record : mapper.toRecords(subscription.subscription(), subscription.serial(),
                    body, receivedAt, socket::whileWaiting)) {
                // A tombstone holds little; counting the frame once keeps queue.max.bytes about frames.
                long bytes = record.value() == null ? 0 : text.length();
                boolean queued = false;
                try {
                    queued = queue.put(record, bytes, socket);
                } finally {
                    // Closed or interrupted because the task is stopping, or the socket left for another while it
                    // waited: either way it never reaches Kafka, and the count the task logs at stop includes it.
                    if (!queued) {
                        notHandedOver.incrementAndGet();
                    }
                }
            }
        } else if (frame instanceof StatusFrame.Acknowledgement ack) {
            Optional<Subscription> subscription = registry.acknowledged(ack.subscriptionId());
            if (subscription.isPresent()) {
                log.info("Subscribed to {} as subscription {}", subscription.get(), ack.subscriptionId());
                for (SubscriptionRegistry.Held early : registry.releaseHeld(ack.subscriptionId())) {
                    handle(early.frame(), early.receivedAt(), registry, socket);
                }
            } else {
                log.debug("SMC acknowledged subscription id {}: {}", ack.subscriptionId(),
                        ShortenedText.of(ack.message()));
            }
            rejectUnclaimed(registry);
        } else if (frame instanceof StatusFrame.Failure failure) {
            Optional<Subscription> refused = registry.refused();
            if (refused.isPresent()) {
                rejected.refused(refused.get(), "the SMC refused the subscription to " + refused.get() + ": "
                        + failure.reason(), text);
            } else {
                rejected.reject(FrameRejection.FAILURE_REPLY, "the SMC reported a failure: " + failure.reason(), text);
            }
            rejectUnclaimed(registry);
        } else if (frame instanceof StatusFrame.Rejected bad) {
            rejected.reject(bad.reason(), bad.detail(), text);
        }
    }

    /** Notifications held for an acknowledgement that can no longer come: the SMC answered every subscribe. */
    private void rejectUnclaimed(SubscriptionRegistry registry) {
        for (SubscriptionRegistry.Held early : registry.releaseUnclaimed()) {
            rejectUnknownSubscription(early.subscriptionId(), early.frame());
        }
    }

    private void rejectUnknownSubscription(int id, String frame) {
        rejected.reject(FrameRejection.UNKNOWN_SUBSCRIPTION, "no subscription has id " + id, frame);
    }

    /** Notifications received for a known subscription. */
    long notifications() {
        return notifications.get();
    }

    /** When the latest notification was received (epoch ms), or 0 before the first. */
    long lastNotificationAt() {
        return lastNotificationAt;
    }

    /**
     * Notifications received but never queued (the queue was closed, the wait for room interrupted, or the socket
     * left while the notification waited).
     */
    long notHandedOver() {
        return notHandedOver.get();
    }
}
