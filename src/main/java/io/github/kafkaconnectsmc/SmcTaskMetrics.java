package io.github.kafkaconnectsmc;

import io.github.kafkaconnectsmc.metrics.TaskMetric;
import io.github.kafkaconnectsmc.protocol.FrameRejection;
import io.github.kafkaconnectsmc.protocol.RejectedFrames;
import io.github.kafkaconnectsmc.record.ElementStates;
import io.github.kafkaconnectsmc.record.StatusRecordMapper;
import io.github.kafkaconnectsmc.smc.HrefDirectory;
import io.github.kafkaconnectsmc.smc.SmcSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The numbers a task publishes (see docs/operations.md, "Metrics"). Each reads the live state of the part that owns
 * it, so there is one source for every number and nothing to keep in sync.
 */
final class SmcTaskMetrics {

    private SmcTaskMetrics() {
    }

    static List<TaskMetric> of(StatusStream stream, StatusFrameHandler handler, NotificationQueue queue,
                               SmcSession session, HrefDirectory directory, RejectedFrames rejected,
                               LongSupplier recordsHandedOver, LongSupplier recordsWritten, LongSupplier clock) {
        List<TaskMetric> metrics = new ArrayList<>(List.of(
                new TaskMetric("connected", "1 while the status socket is open with at least one acknowledged "
                        + "subscription, else 0", () -> stream.isStreaming() ? 1 : 0),
                new TaskMetric("subscriptions-active", "Subscriptions the SMC has acknowledged on the current socket",
                        stream::activeSubscriptions),
                new TaskMetric("notifications-received", "Status notifications received for a known subscription",
                        handler::notifications),
                new TaskMetric("records-handed-to-kafka", "Records returned to the worker by poll()",
                        recordsHandedOver),
                new TaskMetric("records-written", "Records the worker's producer wrote to Kafka and acknowledged",
                        recordsWritten),
                new TaskMetric("frames-rejected-total", "Frames that did not become records, all reasons",
                        rejected::total),
                new TaskMetric("reconnects", "Reconnect attempts scheduled after a lost socket or failed attempt",
                        stream::reconnects),
                new TaskMetric("logins", "Successful logins to the SMC (the first and each after an expiry)",
                        session::logins),
                new TaskMetric("last-notification-age-ms", "Milliseconds since the latest notification; -1 before "
                        + "the first", () -> {
                            long last = handler.lastNotificationAt();
                            return last == 0 ? -1 : Math.max(0, clock.getAsLong() - last);
                        }),
                new TaskMetric("queue-size", "Records waiting for poll()", queue::size),
                new TaskMetric("queue-size-max", "The most records waiting for poll() at once since the task started",
                        queue::mostRecords),
                new TaskMetric("queue-bytes", "Bytes of frames waiting for poll()", queue::bytes),
                new TaskMetric("queue-capacity", "queue.max.records", queue::capacity),
                new TaskMetric("records-unacknowledged", "Records handed to the worker that Kafka has not yet "
                        + "acknowledged (at most unacknowledged.max.records)", queue::unacknowledged),
                new TaskMetric("href-resolution-misses", "Context notifications whose element href could not be "
                        + "resolved (keyed with the unresolved: fallback)", directory::misses)));
        for (FrameRejection reason : FrameRejection.values()) {
            metrics.add(new TaskMetric("frames-rejected-" + reason.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    "Frames rejected as " + reason, () -> rejected.count(reason)));
        }
        return metrics;
    }

    /** Change awareness, staleness, re-snapshots and failover (docs/operations.md, "Metrics"). */
    static List<TaskMetric> currentStateAndFailover(StatusStream stream, SmcSession session, ElementStates states,
                                                    StatusRecordMapper mapper, StaleElementHeartbeats heartbeats,
                                                    Duration staleAfter, LongSupplier clock) {
        return List.of(
                new TaskMetric("elements-tracked", "Elements this task remembers (seen, and not deleted)",
                        states::size),
                new TaskMetric("elements-stale", "Elements that have not reported for smc.stale.after.ms; 0 when "
                        + "staleness is off", () -> staleAfter.isZero() ? 0
                                : states.countStale(clock.getAsLong(), staleAfter.toMillis())),
                new TaskMetric("stale-heartbeats", "Heartbeat records queued for stale elements",
                        heartbeats::written),
                new TaskMetric("stale-heartbeats-skipped", "Heartbeats skipped because the queue was full",
                        heartbeats::skipped),
                new TaskMetric("notifications-dropped-unchanged", "Notifications dropped because they repeated the "
                        + "element's previous one (smc.drop.unchanged)", mapper::droppedUnchanged),
                new TaskMetric("tombstones", "Tombstones written after DELETED statuses", mapper::tombstones),
                new TaskMetric("resnapshots", "Re-snapshots started (smc.resnapshot.interval.ms)",
                        stream::resnapshots),
                new TaskMetric("smc-url-index", "Position in smc.url of the management server in use, from 0",
                        session::serverIndex),
                new TaskMetric("smc-url-switches",
                        "Moves from one management server to another: failovers, and returns to the first",
                        session::serverSwitches));
    }
}
