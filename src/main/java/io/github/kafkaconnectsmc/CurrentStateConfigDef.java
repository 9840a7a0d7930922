package io.github.kafkaconnectsmc;

import io.github.kafkaconnectsmc.config.CanonicalBaseUrlValidator;
import io.github.kafkaconnectsmc.config.OffOrAtLeast;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigValue;

/**
 * The settings of current state and change awareness (tombstones, dropping unchanged notifications, re-snapshots,
 * staleness and its heartbeats) and of high availability (record keys that survive a failover), with the checks
 * that span them. {@link SmcSourceConfig} defines them after the TLS and proxy settings and reads them.
 */
public final class CurrentStateConfigDef {

    public static final String CURRENT_STATE_GROUP = "Current state and change awareness";
    public static final String HIGH_AVAILABILITY_GROUP = "High availability";

    public static final String SMC_TOMBSTONES_ENABLED_CONFIG = "smc.tombstones.enabled";
    static final String SMC_TOMBSTONES_ENABLED_DOC = "true: after the status record of an element whose "
            + "monitoring_state is DELETED, write a tombstone (same key, null value), so that a compacted topic holds "
            + "exactly the elements that exist. false: write the DELETED status only.";
    static final boolean SMC_TOMBSTONES_ENABLED_DEFAULT = true;

    public static final String SMC_DROP_UNCHANGED_CONFIG = "smc.drop.unchanged";
    static final String SMC_DROP_UNCHANGED_DOC = "true: drop a notification identical to the element's previous one "
            + "on the same subscription (every field equal). The first notification after a subscribe, a reconnect "
            + "or a re-snapshot is always written. false: write every notification; an identical one has an empty "
            + "changed_fields.";
    static final boolean SMC_DROP_UNCHANGED_DEFAULT = false;

    public static final String SMC_RESNAPSHOT_INTERVAL_MS_CONFIG = "smc.resnapshot.interval.ms";
    static final String SMC_RESNAPSHOT_INTERVAL_MS_DOC = "Subscribe to every unit again this often, in milliseconds, "
            + "so that the SMC sends every element's current status again: consumers that start late, and a "
            + "compacted topic after retention or deleted segments, see every element within this time. The old "
            + "subscription is unsubscribed only after the new one is acknowledged, so no change is missed. A task's "
            + "first re-snapshot comes at a random point of the second half of the interval, so that tasks started "
            + "together do not all ask the SMC at once. 0: off.";
    static final long SMC_RESNAPSHOT_INTERVAL_MS_DEFAULT = 0L;

    public static final String SMC_STALE_AFTER_MS_CONFIG = "smc.stale.after.ms";
    static final String SMC_STALE_AFTER_MS_DOC = "An element that has not reported for this many milliseconds counts "
            + "as stale in the metric elements-stale (and gets heartbeats with smc.stale.heartbeat.enabled). The SMC "
            + "reports on change only, so choose a time longer than the quietest element is expected to stay "
            + "quiet, or combine with smc.resnapshot.interval.ms. 0: off.";
    static final long SMC_STALE_AFTER_MS_DEFAULT = 0L;

    public static final String SMC_STALE_HEARTBEAT_ENABLED_CONFIG = "smc.stale.heartbeat.enabled";
    static final String SMC_STALE_HEARTBEAT_ENABLED_DOC = "true: when an element has not reported for "
            + "smc.stale.after.ms, and again after each further period of silence, write a heartbeat record: same "
            + "key, header smc.heartbeat=stale, the last known monitoring_state and monitoring_status, and "
            + "last_reported_at (see docs/record-format.md). Needs smc.stale.after.ms.";
    static final boolean SMC_STALE_HEARTBEAT_ENABLED_DEFAULT = false;

    public static final String SMC_STALE_HEARTBEAT_TOPIC_CONFIG = "smc.stale.heartbeat.topic";
    static final String SMC_STALE_HEARTBEAT_TOPIC_DOC = "Topic of heartbeat records. Empty: the status topic. On a "
            + "compacted current-state topic a heartbeat replaces the element's last full status (it carries only "
            + "the monitoring state and status), so give heartbeats a topic of their own there.";

    public static final String SMC_KEY_FORMAT_CONFIG = "smc.key.format";
    static final String SMC_KEY_FORMAT_DOC = "Record key (and element_href) of an element. href: the element's href "
            + "as the SMC gives it, which names the management server and the API version, so the key changes after "
            + "a failover or an SMC upgrade. path: the href's path below the version, such as "
            + "elements/single_fw/1649, stable across servers and versions. canonical: "
            + "smc.key.canonical.base.url followed by that path. Keys that could not be resolved "
            + "(unresolved:...) are the same in every format.";
    static final String SMC_KEY_FORMAT_DEFAULT = "href";

    public static final String SMC_KEY_CANONICAL_BASE_URL_CONFIG = "smc.key.canonical.base.url";
    static final String SMC_KEY_CANONICAL_BASE_URL_DOC = "With smc.key.format=canonical: the base of every key, "
            + "such as https://smc.example.net:8082/7.1 (a name for the SMC as a whole, and a version), followed by "
            + "/ and the element's path below the version.";

    public static final String SMC_FAILBACK_INTERVAL_MS_CONFIG = "smc.failback.interval.ms";
    static final String SMC_FAILBACK_INTERVAL_MS_DOC = "With several servers in smc.url: after a failover, check this "
            + "often, in milliseconds, whether the first server accepts a login again, and if so move back to it. The "
            + "move is like a reconnect: the first server's snapshot brings every element's current status. 0: stay "
            + "on the server in use until it fails.";
    static final long SMC_FAILBACK_INTERVAL_MS_DEFAULT = 300_000L;

    /** Adds the current-state and high-availability settings to {@code definitions}, after those already there. */
    static ConfigDef defineOn(ConfigDef definitions) {
        int currentState = 0;
        int highAvailability = 0;
        return definitions
                .define(SMC_TOMBSTONES_ENABLED_CONFIG, Type.BOOLEAN, SMC_TOMBSTONES_ENABLED_DEFAULT, Importance.MEDIUM,
                        SMC_TOMBSTONES_ENABLED_DOC, CURRENT_STATE_GROUP, ++currentState, Width.SHORT,
                        "Tombstones for deleted elements")
                .define(SMC_DROP_UNCHANGED_CONFIG, Type.BOOLEAN, SMC_DROP_UNCHANGED_DEFAULT, Importance.MEDIUM,
                        SMC_DROP_UNCHANGED_DOC, CURRENT_STATE_GROUP, ++currentState, Width.SHORT,
                        "Drop unchanged notifications")
                .define(SMC_RESNAPSHOT_INTERVAL_MS_CONFIG, Type.LONG, SMC_RESNAPSHOT_INTERVAL_MS_DEFAULT,
                        OffOrAtLeast.of(1_000), Importance.MEDIUM, SMC_RESNAPSHOT_INTERVAL_MS_DOC,
                        CURRENT_STATE_GROUP, ++currentState, Width.SHORT, "Re-snapshot interval (ms)")
                .define(SMC_STALE_AFTER_MS_CONFIG, Type.LONG, SMC_STALE_AFTER_MS_DEFAULT, OffOrAtLeast.of(100),
                        Importance.MEDIUM, SMC_STALE_AFTER_MS_DOC, CURRENT_STATE_GROUP, ++currentState, Width.SHORT,
                        "Stale after (ms)")
                .define(SMC_STALE_HEARTBEAT_ENABLED_CONFIG, Type.BOOLEAN, SMC_STALE_HEARTBEAT_ENABLED_DEFAULT,
                        Importance.LOW, SMC_STALE_HEARTBEAT_ENABLED_DOC, CURRENT_STATE_GROUP, ++currentState,
                        Width.SHORT, "Heartbeats for stale elements")
                .define(SMC_STALE_HEARTBEAT_TOPIC_CONFIG, Type.STRING, "", Importance.LOW,
                        SMC_STALE_HEARTBEAT_TOPIC_DOC, CURRENT_STATE_GROUP, ++currentState, Width.MEDIUM,
                        "Heartbeat topic")
                .define(SMC_KEY_FORMAT_CONFIG, Type.STRING, SMC_KEY_FORMAT_DEFAULT,
                        ConfigDef.CaseInsensitiveValidString.in("href", "path", "canonical"), Importance.MEDIUM,
                        SMC_KEY_FORMAT_DOC, HIGH_AVAILABILITY_GROUP, ++highAvailability, Width.SHORT, "Key format")
                .define(SMC_KEY_CANONICAL_BASE_URL_CONFIG, Type.STRING, "", new CanonicalBaseUrlValidator(),
                        Importance.LOW, SMC_KEY_CANONICAL_BASE_URL_DOC, HIGH_AVAILABILITY_GROUP, ++highAvailability,
                        Width.LONG, "Canonical key base URL")
                .define(SMC_FAILBACK_INTERVAL_MS_CONFIG, Type.LONG, SMC_FAILBACK_INTERVAL_MS_DEFAULT,
                        OffOrAtLeast.of(1_000), Importance.LOW, SMC_FAILBACK_INTERVAL_MS_DOC, HIGH_AVAILABILITY_GROUP,
                        ++highAvailability, Width.SHORT, "Failback interval (ms)");
    }

    /** Cross-setting checks of these settings; see {@link SmcSourceConfig#validateAcrossSettings}. */
    static boolean validateAcrossSettings(Map<String, ConfigValue> values) {
        boolean valid = true;
        ConfigValue format = values.get(SMC_KEY_FORMAT_CONFIG);
        ConfigValue base = values.get(SMC_KEY_CANONICAL_BASE_URL_CONFIG);
        if (format != null && base != null && format.errorMessages().isEmpty() && base.errorMessages().isEmpty()) {
            boolean canonical = "canonical".equalsIgnoreCase(String.valueOf(format.value()).trim());
            boolean hasBase = base.value() != null && !base.value().toString().isBlank();
            if (canonical && !hasBase) {
                base.addErrorMessage(SMC_KEY_FORMAT_CONFIG + "=canonical needs " + SMC_KEY_CANONICAL_BASE_URL_CONFIG
                        + ", such as https://smc.example.net:8082/7.1");
                valid = false;
            } else if (!canonical && hasBase) {
                base.addErrorMessage(SMC_KEY_CANONICAL_BASE_URL_CONFIG + " is used only with " + SMC_KEY_FORMAT_CONFIG
                        + "=canonical: set that, or remove the base URL");
                valid = false;
            }
        }
        ConfigValue heartbeats = values.get(SMC_STALE_HEARTBEAT_ENABLED_CONFIG);
        ConfigValue staleAfter = values.get(SMC_STALE_AFTER_MS_CONFIG);
        if (heartbeats != null && staleAfter != null && Boolean.TRUE.equals(heartbeats.value())
                && staleAfter.errorMessages().isEmpty() && staleAfter.value() instanceof Long millis && millis == 0) {
            heartbeats.addErrorMessage(SMC_STALE_HEARTBEAT_ENABLED_CONFIG + "=true needs " + SMC_STALE_AFTER_MS_CONFIG
                    + " (how long a silent element takes to become stale)");
            valid = false;
        }
        return valid;
    }

    private CurrentStateConfigDef() {
    }
}
