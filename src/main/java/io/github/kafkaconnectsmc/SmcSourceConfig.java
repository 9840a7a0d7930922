package io.github.kafkaconnectsmc;

import static io.github.kafkaconnectsmc.CurrentStateConfigDef.SMC_FAILBACK_INTERVAL_MS_CONFIG;
import static io.github.kafkaconnectsmc.CurrentStateConfigDef.SMC_DROP_UNCHANGED_CONFIG;
import static io.github.kafkaconnectsmc.CurrentStateConfigDef.SMC_KEY_CANONICAL_BASE_URL_CONFIG;
import static io.github.kafkaconnectsmc.CurrentStateConfigDef.SMC_KEY_FORMAT_CONFIG;
import static io.github.kafkaconnectsmc.CurrentStateConfigDef.SMC_RESNAPSHOT_INTERVAL_MS_CONFIG;
import static io.github.kafkaconnectsmc.CurrentStateConfigDef.SMC_STALE_AFTER_MS_CONFIG;
import static io.github.kafkaconnectsmc.CurrentStateConfigDef.SMC_STALE_HEARTBEAT_ENABLED_CONFIG;
import static io.github.kafkaconnectsmc.CurrentStateConfigDef.SMC_STALE_HEARTBEAT_TOPIC_CONFIG;
import static io.github.kafkaconnectsmc.CurrentStateConfigDef.SMC_TOMBSTONES_ENABLED_CONFIG;
import static io.github.kafkaconnectsmc.TlsAndProxyConfigDef.SMC_PROXY_PASSWORD_CONFIG;
import static io.github.kafkaconnectsmc.TlsAndProxyConfigDef.SMC_PROXY_URL_CONFIG;
import static io.github.kafkaconnectsmc.TlsAndProxyConfigDef.SMC_PROXY_USERNAME_CONFIG;
import static io.github.kafkaconnectsmc.TlsAndProxyConfigDef.SMC_TLS_INSECURE_CONFIG;
import static io.github.kafkaconnectsmc.TlsAndProxyConfigDef.SMC_TLS_KEYSTORE_LOCATION_CONFIG;
import static io.github.kafkaconnectsmc.TlsAndProxyConfigDef.SMC_TLS_KEYSTORE_PASSWORD_CONFIG;
import static io.github.kafkaconnectsmc.TlsAndProxyConfigDef.SMC_TLS_KEYSTORE_TYPE_CONFIG;
import static io.github.kafkaconnectsmc.TlsAndProxyConfigDef.SMC_TLS_KEY_PASSWORD_CONFIG;
import static io.github.kafkaconnectsmc.TlsAndProxyConfigDef.SMC_TLS_TRUSTSTORE_LOCATION_CONFIG;
import static io.github.kafkaconnectsmc.TlsAndProxyConfigDef.SMC_TLS_TRUSTSTORE_PASSWORD_CONFIG;
import static io.github.kafkaconnectsmc.TlsAndProxyConfigDef.SMC_TLS_TRUSTSTORE_TYPE_CONFIG;

import io.github.kafkaconnectsmc.config.ApiVersionValidator;
import io.github.kafkaconnectsmc.config.ContextNameValidator;
import io.github.kafkaconnectsmc.config.ElementUriValidator;
import io.github.kafkaconnectsmc.config.ProxyUrlValidator;
import io.github.kafkaconnectsmc.config.SmcUrlValidator;
import io.github.kafkaconnectsmc.config.StoreLocationValidator;
import io.github.kafkaconnectsmc.protocol.Subscription;
import io.github.kafkaconnectsmc.record.ElementKeyFormat;
import io.github.kafkaconnectsmc.record.ValueFormat;
import io.github.kafkaconnectsmc.smc.proxy.SmcProxySettings;
import io.github.kafkaconnectsmc.smc.tls.KeyStoreFile;
import io.github.kafkaconnectsmc.smc.tls.KeyStoreType;
import io.github.kafkaconnectsmc.smc.tls.SmcTlsSettings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;

/**
 * Settings of the connector and of each task. A task receives the connector's settings with
 * {@link #SMC_CONTEXTS_CONFIG} and {@link #SMC_ELEMENTS_CONFIG} narrowed to the units assigned to it, so one
 * class serves both. The TLS and proxy settings are defined in {@link TlsAndProxyConfigDef}, those of current state
 * and high availability in {@link CurrentStateConfigDef}; {@link #CONFIG_DEF} holds them all, in that order.
 */
public class SmcSourceConfig extends AbstractConfig {

    public static final String CONNECTION_GROUP = "SMC connection";
    public static final String SUBSCRIPTIONS_GROUP = "Subscriptions";
    public static final String OUTPUT_GROUP = "Output";
    public static final String RESILIENCE_GROUP = "Resilience";

    public static final String SMC_URL_CONFIG = "smc.url";
    static final String SMC_URL_DOC = "Base URL of the SMC API: http://host:8082 or https://host:8082, with scheme, "
            + "host and port and no path. With https the status socket uses wss. For an SMC with high availability, "
            + "list every management server, separated by commas, in order of preference: a task that cannot reach "
            + "one logs in to the next (see docs/operations.md). The first URL names the source partitions.";

    public static final String SMC_API_KEY_CONFIG = "smc.api.key";
    static final String SMC_API_KEY_DOC = "Authentication key of the SMC API client the connector logs in as. "
            + "Never logged; keep it in a config provider such as ${file:/etc/kafka/smc.properties:api.key}.";

    public static final String SMC_API_VERSION_CONFIG = "smc.api.version";
    static final String SMC_API_VERSION_DOC = "SMC API version to use, such as 7.1. Empty: ask the SMC (GET /api) "
            + "and use the newest version it offers; the choice is logged at task start.";
    static final String SMC_API_VERSION_DEFAULT = "";

    public static final String SMC_DOMAIN_CONFIG = "smc.domain";
    static final String SMC_DOMAIN_DOC = "Administrative domain to log in to. Empty: the SMC's default domain "
            + "(Shared Domain).";
    static final String SMC_DOMAIN_DEFAULT = "";

    public static final String SMC_CONNECT_TIMEOUT_MS_CONFIG = "smc.connect.timeout.ms";
    static final String SMC_CONNECT_TIMEOUT_MS_DOC = "Time allowed to open a TCP (and TLS) connection to the SMC, "
            + "in milliseconds.";
    static final long SMC_CONNECT_TIMEOUT_MS_DEFAULT = 10_000L;

    public static final String SMC_REQUEST_TIMEOUT_MS_CONFIG = "smc.request.timeout.ms";
    static final String SMC_REQUEST_TIMEOUT_MS_DOC = "Time allowed for one REST call to the SMC (login, logout, "
            + "version discovery, element lookups) to complete, in milliseconds; with smc.connect.timeout.ms, also the "
            + "bound of the status socket's handshake.";
    static final long SMC_REQUEST_TIMEOUT_MS_DEFAULT = 30_000L;

    public static final String SMC_CONTEXTS_CONFIG = "smc.contexts";
    static final String SMC_CONTEXTS_DOC = "Element families to subscribe to, such as fw_single,virtual_fw: each is "
            + "sent as {\"context\":...}. Each family is one unit of work. At least one of smc.contexts and "
            + "smc.elements must be set.";

    public static final String SMC_ELEMENTS_CONFIG = "smc.elements";
    static final String SMC_ELEMENTS_DOC = "Element URIs to subscribe to, such as "
            + "https://smc:8082/7.1/elements/single_fw/1649/firewall_node/1650: each is sent as {\"element\":...} "
            + "and is one unit of work. At least one of smc.contexts and smc.elements must be set.";

    public static final String SMC_HREF_REFRESH_MIN_INTERVAL_MS_CONFIG = "smc.href.refresh.min.interval.ms";
    static final String SMC_HREF_REFRESH_MIN_INTERVAL_MS_DOC = "A context notification names its element but does "
            + "not carry its URI, so the task looks the name up in the SMC's element lists of that context and caches "
            + "the answer. When a name is not in the cache the lists are read again, at most once per this many "
            + "milliseconds. A name that two elements of the context share resolves to neither (the records get "
            + "unresolved: keys) and starts no new reading.";
    static final long SMC_HREF_REFRESH_MIN_INTERVAL_MS_DEFAULT = 30_000L;

    public static final String TOPIC_CONFIG = "topic";
    static final String TOPIC_DOC = "Kafka topic the status records are written to.";
    static final String TOPIC_DEFAULT = "smc.status";

    /** The only value converter that writes the bytes of {@code value.format=json} as they are. */
    static final String BYTE_ARRAY_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";
    /** How a worker lets the ByteArrayConverter be named: its class name, and the plugin aliases Connect accepts. */
    private static final Set<String> BYTE_ARRAY_CONVERTER_NAMES =
            Set.of(BYTE_ARRAY_CONVERTER, "ByteArrayConverter", "ByteArray");
    /** The connector-level override of the worker's value converter (a Connect setting, not one of ours). */
    static final String VALUE_CONVERTER_CONFIG = "value.converter";
    public static final String VALUE_FORMAT_CONFIG = "value.format";
    static final String VALUE_FORMAT_DOC = "What the value of a status record is handed to the worker as. struct: a "
            + "Struct with the value schema (see docs/record-format.md), for any value.converter. json: the same value "
            + "already written as the JSON that JsonConverter writes with schemas.enable=false, byte for byte, as "
            + "bytes; set value.converter=" + BYTE_ARRAY_CONVERTER + " with it. The topic receives the same bytes "
            + "as with struct and JsonConverter (schemas off), and the worker spends less CPU per record.";
    static final String VALUE_FORMAT_DEFAULT = "struct";

    public static final String QUEUE_MAX_RECORDS_CONFIG = "queue.max.records";
    static final String QUEUE_MAX_RECORDS_DOC = "Most records a task holds between the status socket and Kafka. When "
            + "full, the task stops reading the socket until Kafka catches up (backpressure); nothing is dropped.";
    static final int QUEUE_MAX_RECORDS_DEFAULT = 10_000;

    public static final String QUEUE_MAX_BYTES_CONFIG = "queue.max.bytes";
    static final String QUEUE_MAX_BYTES_DOC = "Most bytes of status frames a task holds between the status socket "
            + "and Kafka; the same backpressure as queue.max.records applies when it is reached.";
    static final long QUEUE_MAX_BYTES_DEFAULT = 64L * 1024 * 1024;

    public static final String UNACKNOWLEDGED_MAX_RECORDS_CONFIG = "unacknowledged.max.records";
    static final String UNACKNOWLEDGED_MAX_RECORDS_DOC = "Most records a task has handed to the worker that Kafka has "
            + "not yet acknowledged. At the cap, poll hands over nothing more until the worker's producer has reported "
            + "half of them written (a record a transformation dropped, or errors.tolerance=all skipped, counts as "
            + "done), so that a burst (a snapshot of a large context) or a slow Kafka waits in the task's queue, within "
            + "queue.max.records and queue.max.bytes, instead of filling the producer's buffer.memory, whose batch "
            + "buffers the producer keeps pooled for as long as the task runs.";
    static final int UNACKNOWLEDGED_MAX_RECORDS_DEFAULT = 2_000;

    public static final String POLL_MAX_RECORDS_CONFIG = "poll.max.records";
    static final String POLL_MAX_RECORDS_DOC = "Most records one poll hands to the Connect worker.";
    static final int POLL_MAX_RECORDS_DEFAULT = 2_000;

    public static final String POLL_TIMEOUT_MS_CONFIG = "poll.timeout.ms";
    static final String POLL_TIMEOUT_MS_DOC = "Longest time one poll waits for a record before returning an empty "
            + "batch, in milliseconds, so that the worker keeps control of the task thread.";
    static final long POLL_TIMEOUT_MS_DEFAULT = 200L;

    public static final String SMC_RECONNECT_BACKOFF_INITIAL_MS_CONFIG = "smc.reconnect.backoff.initial.ms";
    static final String SMC_RECONNECT_BACKOFF_INITIAL_MS_DOC = "Ceiling of the delay before the first delayed "
            + "reconnect, in milliseconds. A status socket lost after streaming for at least a second is reopened at "
            + "once; if that fails, or the socket was lost sooner, or the login or handshake failed, the task waits. "
            + "Each further failed attempt doubles the ceiling up to smc.reconnect.backoff.max.ms; the actual delay is "
            + "random between zero and the ceiling (full jitter), so that tasks that lost the same SMC do not come "
            + "back in lock step. The ceiling goes back to this value only once a socket has streamed for a second: "
            + "a socket lost sooner is one more failed attempt of the same outage.";
    static final long SMC_RECONNECT_BACKOFF_INITIAL_MS_DEFAULT = 200L;

    public static final String SMC_RECONNECT_BACKOFF_MAX_MS_CONFIG = "smc.reconnect.backoff.max.ms";
    static final String SMC_RECONNECT_BACKOFF_MAX_MS_DOC = "Largest ceiling of the delay between reconnect attempts, "
            + "in milliseconds. Must not be less than smc.reconnect.backoff.initial.ms.";
    static final long SMC_RECONNECT_BACKOFF_MAX_MS_DEFAULT = 60_000L;

    public static final String SMC_RECONNECT_MAX_ATTEMPTS_CONFIG = "smc.reconnect.max.attempts";
    static final String SMC_RECONNECT_MAX_ATTEMPTS_DOC = "Consecutive failed attempts to log in and open the status "
            + "socket after which the task fails with the last cause, leaving the rest to the worker's restart "
            + "policy. -1: never give up. A connection that gets its first subscription acknowledged resets the count.";
    static final int SMC_RECONNECT_MAX_ATTEMPTS_DEFAULT = -1;

    public static final String SMC_PING_INTERVAL_MS_CONFIG = "smc.ping.interval.ms";
    static final String SMC_PING_INTERVAL_MS_DOC = "Interval of WebSocket pings on the status socket, in milliseconds; "
            + "a socket whose pong has not arrived by the next ping is treated as dead and reconnected, so a half-open "
            + "connection is noticed within about twice this time. While the task holds the socket, for backpressure or "
            + "until the SMC names a context's elements, the missing pong is excused (see docs/operations.md). Pings also catch a socket that stalls inside a "
            + "frame: while they are on, frames are read without the REST read timeout. 0 disables pings (frames are "
            + "then read under smc.request.timeout.ms, a quiet socket still lives on).";
    static final long SMC_PING_INTERVAL_MS_DEFAULT = 30_000L;

    public static final String SMC_FRAME_MAX_BYTES_CONFIG = "smc.frame.max.bytes";
    static final String SMC_FRAME_MAX_BYTES_DOC = "Largest status frame accepted, in bytes (characters of JSON text). "
            + "A larger frame is counted and logged and dropped, and is never queued.";
    static final int SMC_FRAME_MAX_BYTES_DEFAULT = 16 * 1024 * 1024;

    public static final ConfigDef CONFIG_DEF = CurrentStateConfigDef.defineOn(
            TlsAndProxyConfigDef.defineOn(configDef()));

    private static ConfigDef configDef() {
        int connection = 0;
        int subscriptions = 0;
        int output = 0;
        int resilience = 0;
        return new ConfigDef()
                .define(SMC_URL_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new SmcUrlValidator(), Importance.HIGH,
                        SMC_URL_DOC, CONNECTION_GROUP, ++connection, Width.LONG, "SMC URL(s)")
                .define(SMC_API_KEY_CONFIG, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                        SMC_API_KEY_DOC, CONNECTION_GROUP, ++connection, Width.MEDIUM, "API client key")
                .define(SMC_API_VERSION_CONFIG, Type.STRING, SMC_API_VERSION_DEFAULT, new ApiVersionValidator(),
                        Importance.MEDIUM, SMC_API_VERSION_DOC, CONNECTION_GROUP, ++connection, Width.SHORT,
                        "API version")
                .define(SMC_DOMAIN_CONFIG, Type.STRING, SMC_DOMAIN_DEFAULT, Importance.MEDIUM, SMC_DOMAIN_DOC,
                        CONNECTION_GROUP, ++connection, Width.MEDIUM, "Administrative domain")
                .define(SMC_CONNECT_TIMEOUT_MS_CONFIG, Type.LONG, SMC_CONNECT_TIMEOUT_MS_DEFAULT, Range.atLeast(1),
                        Importance.LOW, SMC_CONNECT_TIMEOUT_MS_DOC, CONNECTION_GROUP, ++connection, Width.SHORT,
                        "Connect timeout (ms)")
                .define(SMC_REQUEST_TIMEOUT_MS_CONFIG, Type.LONG, SMC_REQUEST_TIMEOUT_MS_DEFAULT, Range.atLeast(1),
                        Importance.LOW, SMC_REQUEST_TIMEOUT_MS_DOC, CONNECTION_GROUP, ++connection, Width.SHORT,
                        "Request timeout (ms)")
                .define(SMC_CONTEXTS_CONFIG, Type.LIST, "", new ContextNameValidator(), Importance.HIGH,
                        SMC_CONTEXTS_DOC, SUBSCRIPTIONS_GROUP, ++subscriptions, Width.LONG, "Contexts")
                .define(SMC_ELEMENTS_CONFIG, Type.LIST, "", new ElementUriValidator(), Importance.HIGH,
                        SMC_ELEMENTS_DOC, SUBSCRIPTIONS_GROUP, ++subscriptions, Width.LONG, "Element URIs")
                .define(SMC_HREF_REFRESH_MIN_INTERVAL_MS_CONFIG, Type.LONG, SMC_HREF_REFRESH_MIN_INTERVAL_MS_DEFAULT,
                        Range.atLeast(0), Importance.LOW, SMC_HREF_REFRESH_MIN_INTERVAL_MS_DOC, SUBSCRIPTIONS_GROUP,
                        ++subscriptions, Width.SHORT, "Href refresh interval (ms)")
                .define(TOPIC_CONFIG, Type.STRING, TOPIC_DEFAULT, new ConfigDef.NonEmptyString(), Importance.HIGH,
                        TOPIC_DOC, OUTPUT_GROUP, ++output, Width.MEDIUM, "Topic")
                .define(VALUE_FORMAT_CONFIG, Type.STRING, VALUE_FORMAT_DEFAULT,
                        ConfigDef.CaseInsensitiveValidString.in("struct", "json"), Importance.MEDIUM,
                        VALUE_FORMAT_DOC, OUTPUT_GROUP, ++output, Width.SHORT, "Value format")
                .define(QUEUE_MAX_RECORDS_CONFIG, Type.INT, QUEUE_MAX_RECORDS_DEFAULT, Range.atLeast(1),
                        Importance.LOW, QUEUE_MAX_RECORDS_DOC, OUTPUT_GROUP, ++output, Width.SHORT,
                        "Queue capacity (records)")
                .define(QUEUE_MAX_BYTES_CONFIG, Type.LONG, QUEUE_MAX_BYTES_DEFAULT, Range.atLeast(1024),
                        Importance.LOW, QUEUE_MAX_BYTES_DOC, OUTPUT_GROUP, ++output, Width.SHORT,
                        "Queue capacity (bytes)")
                .define(UNACKNOWLEDGED_MAX_RECORDS_CONFIG, Type.INT, UNACKNOWLEDGED_MAX_RECORDS_DEFAULT,
                        Range.atLeast(1), Importance.LOW, UNACKNOWLEDGED_MAX_RECORDS_DOC, OUTPUT_GROUP, ++output,
                        Width.SHORT, "Unacknowledged records")
                .define(POLL_MAX_RECORDS_CONFIG, Type.INT, POLL_MAX_RECORDS_DEFAULT, Range.atLeast(1),
                        Importance.LOW, POLL_MAX_RECORDS_DOC, OUTPUT_GROUP, ++output, Width.SHORT,
                        "Records per poll")
                .define(POLL_TIMEOUT_MS_CONFIG, Type.LONG, POLL_TIMEOUT_MS_DEFAULT, Range.between(1, 1_000),
                        Importance.LOW, POLL_TIMEOUT_MS_DOC, OUTPUT_GROUP, ++output, Width.SHORT,
                        "Poll timeout (ms)")
                .define(SMC_RECONNECT_BACKOFF_INITIAL_MS_CONFIG, Type.LONG, SMC_RECONNECT_BACKOFF_INITIAL_MS_DEFAULT,
                        Range.atLeast(1), Importance.LOW, SMC_RECONNECT_BACKOFF_INITIAL_MS_DOC, RESILIENCE_GROUP,
                        ++resilience, Width.SHORT, "Initial reconnect backoff (ms)")
                .define(SMC_RECONNECT_BACKOFF_MAX_MS_CONFIG, Type.LONG, SMC_RECONNECT_BACKOFF_MAX_MS_DEFAULT,
                        Range.atLeast(1), Importance.LOW, SMC_RECONNECT_BACKOFF_MAX_MS_DOC, RESILIENCE_GROUP,
                        ++resilience, Width.SHORT, "Maximum reconnect backoff (ms)")
                .define(SMC_RECONNECT_MAX_ATTEMPTS_CONFIG, Type.INT, SMC_RECONNECT_MAX_ATTEMPTS_DEFAULT,
                        Range.atLeast(-1), Importance.MEDIUM, SMC_RECONNECT_MAX_ATTEMPTS_DOC, RESILIENCE_GROUP,
                        ++resilience, Width.SHORT, "Reconnect attempts")
                .define(SMC_PING_INTERVAL_MS_CONFIG, Type.LONG, SMC_PING_INTERVAL_MS_DEFAULT, Range.atLeast(0),
                        Importance.LOW, SMC_PING_INTERVAL_MS_DOC, RESILIENCE_GROUP, ++resilience, Width.SHORT,
                        "Ping interval (ms)")
                .define(SMC_FRAME_MAX_BYTES_CONFIG, Type.INT, SMC_FRAME_MAX_BYTES_DEFAULT, Range.atLeast(1024),
                        Importance.LOW, SMC_FRAME_MAX_BYTES_DOC, RESILIENCE_GROUP, ++resilience, Width.SHORT,
                        "Largest frame (bytes)");
    }

    public SmcSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    /**
     * Checks that span settings, adding errors to {@code values} (keyed by setting name). Returns true when none
     * were found. Used by the connector's {@code validate()}.
     */
    public static boolean validateAcrossSettings(Map<String, ConfigValue> values) {
        boolean valid = validateSubscriptionsPresent(values);
        valid &= CurrentStateConfigDef.validateAcrossSettings(values);
        ConfigValue initial = values.get(SMC_RECONNECT_BACKOFF_INITIAL_MS_CONFIG);
        ConfigValue max = values.get(SMC_RECONNECT_BACKOFF_MAX_MS_CONFIG);
        if (initial != null && max != null && initial.errorMessages().isEmpty() && max.errorMessages().isEmpty()
                && initial.value() instanceof Long first && max.value() instanceof Long last && last < first) {
            max.addErrorMessage(SMC_RECONNECT_BACKOFF_MAX_MS_CONFIG + " (" + last + ") must not be less than "
                    + SMC_RECONNECT_BACKOFF_INITIAL_MS_CONFIG + " (" + first + ")");
            valid = false;
        }
        return valid;
    }

    /**
     * {@code value.format=json} hands the worker bytes that only ByteArrayConverter writes as they are (JsonConverter
     * would write them as base64 text): a value converter of another class set on the connector is an error on
     * {@code value.format}. Returns true when there is none. A worker-wide converter cannot be seen from here; the
     * connector logs what it needs at start.
     */
    public static boolean validateValueConverter(Map<String, ConfigValue> values,
                                                 Map<String, String> connectorConfigs) {
        ConfigValue format = values.get(VALUE_FORMAT_CONFIG);
        String converter = connectorConfigs.get(VALUE_CONVERTER_CONFIG);
        if (format == null || !format.errorMessages().isEmpty() || !(format.value() instanceof String name)
                || ValueFormat.parse(name) != ValueFormat.JSON || converter == null
                || BYTE_ARRAY_CONVERTER_NAMES.contains(converter.trim())) {
            return true;
        }
        format.addErrorMessage(VALUE_FORMAT_CONFIG + "=json hands over finished JSON bytes, which "
                + VALUE_CONVERTER_CONFIG + "=" + converter.trim() + " would not write as they are: set "
                + VALUE_CONVERTER_CONFIG + "=" + BYTE_ARRAY_CONVERTER + ", or " + VALUE_FORMAT_CONFIG + "=struct");
        return false;
    }

    private static boolean validateSubscriptionsPresent(Map<String, ConfigValue> values) {
        ConfigValue contexts = values.get(SMC_CONTEXTS_CONFIG);
        ConfigValue elements = values.get(SMC_ELEMENTS_CONFIG);
        if (contexts == null || elements == null
                || !contexts.errorMessages().isEmpty() || !elements.errorMessages().isEmpty()) {
            return true;
        }
        if (isEmptyList(contexts.value()) && isEmptyList(elements.value())) {
            String message = "Nothing to subscribe to: set at least one of " + SMC_CONTEXTS_CONFIG + " and "
                    + SMC_ELEMENTS_CONFIG;
            contexts.addErrorMessage(message);
            elements.addErrorMessage(message);
            return false;
        }
        return true;
    }

    private static boolean isEmptyList(Object value) {
        return value == null || (value instanceof List<?> list && list.isEmpty());
    }

    /** The first (or only) management server: the one source partitions are named after. */
    public URI smcUrl() {
        return smcUrls().get(0);
    }

    /** Every configured management server, in order of preference. */
    public List<URI> smcUrls() {
        return getList(SMC_URL_CONFIG).stream().map(url -> SmcUrlValidator.parse(SMC_URL_CONFIG, url)).toList();
    }

    public Password apiKey() {
        return getPassword(SMC_API_KEY_CONFIG);
    }

    public Optional<String> apiVersion() {
        return nonEmpty(getString(SMC_API_VERSION_CONFIG));
    }

    public Optional<String> domain() {
        return nonEmpty(getString(SMC_DOMAIN_CONFIG));
    }

    public Duration connectTimeout() {
        return Duration.ofMillis(getLong(SMC_CONNECT_TIMEOUT_MS_CONFIG));
    }

    public Duration requestTimeout() {
        return Duration.ofMillis(getLong(SMC_REQUEST_TIMEOUT_MS_CONFIG));
    }

    public Duration hrefRefreshMinInterval() {
        return Duration.ofMillis(getLong(SMC_HREF_REFRESH_MIN_INTERVAL_MS_CONFIG));
    }

    /** Every configured unit of work: contexts first, then element URIs, each in configured order, no repeats. */
    public List<Subscription> subscriptions() {
        List<Subscription> units = new ArrayList<>();
        for (String context : getList(SMC_CONTEXTS_CONFIG)) {
            Subscription unit = Subscription.context(context.trim());
            if (!units.contains(unit)) {
                units.add(unit);
            }
        }
        for (String element : getList(SMC_ELEMENTS_CONFIG)) {
            Subscription unit = Subscription.element(element.trim());
            if (!units.contains(unit)) {
                units.add(unit);
            }
        }
        return units;
    }

    public Duration reconnectBackoffInitial() {
        return Duration.ofMillis(getLong(SMC_RECONNECT_BACKOFF_INITIAL_MS_CONFIG));
    }

    public Duration reconnectBackoffMax() {
        return Duration.ofMillis(getLong(SMC_RECONNECT_BACKOFF_MAX_MS_CONFIG));
    }

    /** Consecutive failed attempts before the task fails; -1 for no limit. */
    public int reconnectMaxAttempts() {
        return getInt(SMC_RECONNECT_MAX_ATTEMPTS_CONFIG);
    }

    /** Zero when pings are off. */
    public Duration pingInterval() {
        return Duration.ofMillis(getLong(SMC_PING_INTERVAL_MS_CONFIG));
    }

    public int frameMaxBytes() {
        return getInt(SMC_FRAME_MAX_BYTES_CONFIG);
    }

    public String topic() {
        return getString(TOPIC_CONFIG);
    }

    public int queueMaxRecords() {
        return getInt(QUEUE_MAX_RECORDS_CONFIG);
    }

    public long queueMaxBytes() {
        return getLong(QUEUE_MAX_BYTES_CONFIG);
    }

    public int unacknowledgedMaxRecords() {
        return getInt(UNACKNOWLEDGED_MAX_RECORDS_CONFIG);
    }

    public int pollMaxRecords() {
        return getInt(POLL_MAX_RECORDS_CONFIG);
    }

    public Duration pollTimeout() {
        return Duration.ofMillis(getLong(POLL_TIMEOUT_MS_CONFIG));
    }

    private static Optional<String> nonEmpty(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /**
     * The TLS settings when some smc.url is https; empty when every one is http, as then nothing is sent over TLS
     * (and {@code validate()} refuses TLS settings).
     */
    public Optional<SmcTlsSettings> tlsSettingsIfUsed() {
        boolean anyHttps = smcUrls().stream().anyMatch(url -> "https".equalsIgnoreCase(url.getScheme()));
        return anyHttps ? Optional.of(tlsSettings()) : Optional.empty();
    }

    /** How the task verifies the SMC's certificate and presents its own. */
    public SmcTlsSettings tlsSettings() {
        return new SmcTlsSettings(
                storeFile(SMC_TLS_TRUSTSTORE_LOCATION_CONFIG, SMC_TLS_TRUSTSTORE_TYPE_CONFIG,
                        SMC_TLS_TRUSTSTORE_PASSWORD_CONFIG),
                storeFile(SMC_TLS_KEYSTORE_LOCATION_CONFIG, SMC_TLS_KEYSTORE_TYPE_CONFIG,
                        SMC_TLS_KEYSTORE_PASSWORD_CONFIG),
                password(SMC_TLS_KEY_PASSWORD_CONFIG),
                getBoolean(SMC_TLS_INSECURE_CONFIG));
    }

    /** The proxy to reach the SMC through, or {@link SmcProxySettings#none()}. */
    public SmcProxySettings proxySettings() {
        Optional<String> url = nonEmpty(getString(SMC_PROXY_URL_CONFIG));
        if (url.isEmpty()) {
            return SmcProxySettings.none();
        }
        Optional<String> username = nonEmpty(getString(SMC_PROXY_USERNAME_CONFIG));
        Optional<Password> password = password(SMC_PROXY_PASSWORD_CONFIG);
        if (username.isPresent() != password.isPresent()) {
            throw new ConfigException("Set both " + SMC_PROXY_USERNAME_CONFIG + " and " + SMC_PROXY_PASSWORD_CONFIG
                    + ", or neither");
        }
        return SmcProxySettings.of(ProxyUrlValidator.parse(SMC_PROXY_URL_CONFIG, url.get()), username, password);
    }

    private Optional<KeyStoreFile> storeFile(String locationSetting, String typeSetting, String passwordSetting) {
        return nonEmpty(getString(locationSetting)).map(location -> new KeyStoreFile(
                StoreLocationValidator.parse(locationSetting, location), KeyStoreType.parse(getString(typeSetting)),
                password(passwordSetting)));
    }

    private Optional<Password> password(String setting) {
        Password password = getPassword(setting);
        return password == null || password.value().isEmpty() ? Optional.empty() : Optional.of(password);
    }

    public ValueFormat valueFormat() {
        return ValueFormat.parse(getString(VALUE_FORMAT_CONFIG));
    }

    public boolean tombstonesEnabled() {
        return getBoolean(SMC_TOMBSTONES_ENABLED_CONFIG);
    }

    public boolean dropUnchanged() {
        return getBoolean(SMC_DROP_UNCHANGED_CONFIG);
    }

    /** Zero when re-snapshots are off. */
    public Duration resnapshotInterval() {
        return Duration.ofMillis(getLong(SMC_RESNAPSHOT_INTERVAL_MS_CONFIG));
    }

    /** Zero when staleness is not tracked. */
    public Duration staleAfter() {
        return Duration.ofMillis(getLong(SMC_STALE_AFTER_MS_CONFIG));
    }

    public boolean staleHeartbeatEnabled() {
        return getBoolean(SMC_STALE_HEARTBEAT_ENABLED_CONFIG) && !staleAfter().isZero();
    }

    /** The heartbeat topic, when it is not the status topic. */
    public Optional<String> staleHeartbeatTopic() {
        return nonEmpty(getString(SMC_STALE_HEARTBEAT_TOPIC_CONFIG));
    }

    /** Zero when the task stays on the server in use. */
    public Duration failbackInterval() {
        return Duration.ofMillis(getLong(SMC_FAILBACK_INTERVAL_MS_CONFIG));
    }

    public ElementKeyFormat keyFormat() {
        ElementKeyFormat.Kind kind = ElementKeyFormat.Kind.parse(getString(SMC_KEY_FORMAT_CONFIG));
        return switch (kind) {
            case HREF -> ElementKeyFormat.href();
            case PATH -> ElementKeyFormat.path();
            case CANONICAL -> ElementKeyFormat.canonical(nonEmpty(getString(SMC_KEY_CANONICAL_BASE_URL_CONFIG))
                    .orElseThrow(() -> new ConfigException(SMC_KEY_FORMAT_CONFIG + "=canonical needs "
                            + SMC_KEY_CANONICAL_BASE_URL_CONFIG)));
        };
    }
}
