package io.github.kafkaconnectsmc;

import io.github.kafkaconnectsmc.config.ApiVersionValidator;
import io.github.kafkaconnectsmc.config.CanonicalBaseUrlValidator;
import io.github.kafkaconnectsmc.config.ContextNameValidator;
import io.github.kafkaconnectsmc.config.ElementUriValidator;
import io.github.kafkaconnectsmc.config.OffOrAtLeast;
import io.github.kafkaconnectsmc.config.ProxyUrlValidator;
import io.github.kafkaconnectsmc.config.SmcUrlValidator;
import io.github.kafkaconnectsmc.protocol.Subscription;
import io.github.kafkaconnectsmc.record.ElementKeyFormat;
import io.github.kafkaconnectsmc.smc.KeyStoreFile;
import io.github.kafkaconnectsmc.smc.KeyStoreLoader;
import io.github.kafkaconnectsmc.smc.KeyStoreType;
import io.github.kafkaconnectsmc.smc.SmcProxySettings;
import io.github.kafkaconnectsmc.smc.SmcTlsSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;

/**
 * Settings of the connector and of each task. A task receives the connector's settings with
 * {@link #SMC_CONTEXTS_CONFIG} and {@link #SMC_ELEMENTS_CONFIG} narrowed to the units assigned to it, so one
 * class serves both.
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
            + "version discovery, element lookups) to complete, in milliseconds.";
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
            + "not carry its URI, so the task looks the name up in the SMC's element lists and caches the answer. "
            + "When a name is not in the cache the lists are read again, at most once per this many milliseconds.";
    static final long SMC_HREF_REFRESH_MIN_INTERVAL_MS_DEFAULT = 30_000L;

    public static final String TOPIC_CONFIG = "topic";
    static final String TOPIC_DOC = "Kafka topic the status records are written to.";
    static final String TOPIC_DEFAULT = "smc.status";

    public static final String QUEUE_MAX_RECORDS_CONFIG = "queue.max.records";
    static final String QUEUE_MAX_RECORDS_DOC = "Most records a task holds between the status socket and Kafka. When "
            + "full, the task stops reading the socket until Kafka catches up (backpressure); nothing is dropped.";
    static final int QUEUE_MAX_RECORDS_DEFAULT = 10_000;

    public static final String QUEUE_MAX_BYTES_CONFIG = "queue.max.bytes";
    static final String QUEUE_MAX_BYTES_DOC = "Most bytes of status frames a task holds between the status socket "
            + "and Kafka; the same backpressure as queue.max.records applies when it is reached.";
    static final long QUEUE_MAX_BYTES_DEFAULT = 64L * 1024 * 1024;

    public static final String POLL_MAX_RECORDS_CONFIG = "poll.max.records";
    static final String POLL_MAX_RECORDS_DOC = "Most records one poll hands to the Connect worker.";
    static final int POLL_MAX_RECORDS_DEFAULT = 2_000;

    public static final String POLL_TIMEOUT_MS_CONFIG = "poll.timeout.ms";
    static final String POLL_TIMEOUT_MS_DOC = "Longest time one poll waits for a record before returning an empty "
            + "batch, in milliseconds, so that the worker keeps control of the task thread.";
    static final long POLL_TIMEOUT_MS_DEFAULT = 200L;

    public static final String SMC_RECONNECT_BACKOFF_INITIAL_MS_CONFIG = "smc.reconnect.backoff.initial.ms";
    static final String SMC_RECONNECT_BACKOFF_INITIAL_MS_DOC = "Ceiling of the delay before the first reconnect "
            + "after the status socket closed or failed, in milliseconds. Each further failed attempt doubles the "
            + "ceiling up to smc.reconnect.backoff.max.ms; the actual delay is random between zero and the ceiling "
            + "(full jitter).";
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
            + "connection is noticed within about twice this time. While the task holds the socket for backpressure "
            + "the missing pong is excused (see docs/operations.md). 0 disables pings.";
    static final long SMC_PING_INTERVAL_MS_DEFAULT = 30_000L;

    public static final String SMC_FRAME_MAX_BYTES_CONFIG = "smc.frame.max.bytes";
    static final String SMC_FRAME_MAX_BYTES_DOC = "Largest status frame accepted, in bytes (characters of JSON text). "
            + "A larger frame is counted and logged and dropped, and is never queued.";
    static final int SMC_FRAME_MAX_BYTES_DEFAULT = 16 * 1024 * 1024;

    public static final ConfigDef CONFIG_DEF = defineCurrentStateAndHighAvailabilitySettings(
            defineTlsAndProxySettings(configDef()));

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
                .define(QUEUE_MAX_RECORDS_CONFIG, Type.INT, QUEUE_MAX_RECORDS_DEFAULT, Range.atLeast(1),
                        Importance.LOW, QUEUE_MAX_RECORDS_DOC, OUTPUT_GROUP, ++output, Width.SHORT,
                        "Queue capacity (records)")
                .define(QUEUE_MAX_BYTES_CONFIG, Type.LONG, QUEUE_MAX_BYTES_DEFAULT, Range.atLeast(1024),
                        Importance.LOW, QUEUE_MAX_BYTES_DOC, OUTPUT_GROUP, ++output, Width.SHORT,
                        "Queue capacity (bytes)")
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
        valid &= validateCurrentStateAndHighAvailability(values);
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

    public int pollMaxRecords() {
        return getInt(POLL_MAX_RECORDS_CONFIG);
    }

    public Duration pollTimeout() {
        return Duration.ofMillis(getLong(POLL_TIMEOUT_MS_CONFIG));
    }

    private static Optional<String> nonEmpty(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    // ---- TLS and proxy: a block of its own, defined after the chain above (issue 5) ----

    public static final String TLS_GROUP = "SMC TLS";
    public static final String PROXY_GROUP = "SMC proxy";

    public static final String SMC_TLS_TRUSTSTORE_LOCATION_CONFIG = KeyStoreLoader.TRUSTSTORE_LOCATION;
    static final String SMC_TLS_TRUSTSTORE_LOCATION_DOC = "File holding the certificate of the CA that issued the "
            + "SMC's https certificate (or the SMC's certificate itself), used to verify the SMC on REST calls and "
            + "the status socket. Empty: the JVM's default trust store. Needs an https smc.url.";

    public static final String SMC_TLS_TRUSTSTORE_TYPE_CONFIG = KeyStoreLoader.TRUSTSTORE_TYPE;
    static final String SMC_TLS_TRUSTSTORE_TYPE_DOC = "Format of smc.tls.truststore.location: PEM (one or more "
            + "-----BEGIN CERTIFICATE----- blocks, as the SMC's CA is usually exported), JKS or PKCS12.";
    static final String SMC_TLS_TRUSTSTORE_TYPE_DEFAULT = "PEM";

    public static final String SMC_TLS_TRUSTSTORE_PASSWORD_CONFIG = KeyStoreLoader.TRUSTSTORE_PASSWORD;
    static final String SMC_TLS_TRUSTSTORE_PASSWORD_DOC = "Password of a JKS or PKCS12 trust store; not used for "
            + "PEM. Never logged; keep it in a config provider.";

    public static final String SMC_TLS_KEYSTORE_LOCATION_CONFIG = KeyStoreLoader.KEYSTORE_LOCATION;
    static final String SMC_TLS_KEYSTORE_LOCATION_DOC = "File holding the client certificate and private key the "
            + "task presents when the SMC requires mutual TLS. Empty: no client certificate is sent.";

    public static final String SMC_TLS_KEYSTORE_TYPE_CONFIG = KeyStoreLoader.KEYSTORE_TYPE;
    static final String SMC_TLS_KEYSTORE_TYPE_DOC = "Format of smc.tls.keystore.location: PEM (a PKCS#8 "
            + "-----BEGIN PRIVATE KEY----- block followed by the certificate chain), JKS or PKCS12.";
    static final String SMC_TLS_KEYSTORE_TYPE_DEFAULT = "PEM";

    public static final String SMC_TLS_KEYSTORE_PASSWORD_CONFIG = KeyStoreLoader.KEYSTORE_PASSWORD;
    static final String SMC_TLS_KEYSTORE_PASSWORD_DOC = "Password of a JKS or PKCS12 key store. Never logged.";

    public static final String SMC_TLS_KEY_PASSWORD_CONFIG = KeyStoreLoader.KEY_PASSWORD;
    static final String SMC_TLS_KEY_PASSWORD_DOC = "Password of the private key: of an encrypted PEM key, or of a "
            + "JKS key whose password differs from the store's. Empty: the key store's password. Never logged.";

    public static final String SMC_TLS_INSECURE_CONFIG = "smc.tls.insecure";
    static final String SMC_TLS_INSECURE_DOC = "true turns off verification of the SMC's certificate and host name, "
            + "so anyone on the network path can pose as the SMC and receive the API key. For a first test only; "
            + "a warning is logged at every task start. Configure smc.tls.truststore.location instead.";
    static final boolean SMC_TLS_INSECURE_DEFAULT = false;

    public static final String SMC_PROXY_URL_CONFIG = "smc.proxy.url";
    static final String SMC_PROXY_URL_DOC = "HTTP proxy for REST calls and the status socket, as http://host:port. "
            + "An https SMC is reached through a CONNECT tunnel, so TLS stays end to end. Empty: the JVM's proxy "
            + "settings (https.proxyHost, http.proxyHost), if any.";

    public static final String SMC_PROXY_USERNAME_CONFIG = "smc.proxy.username";
    static final String SMC_PROXY_USERNAME_DOC = "User for the proxy's Basic authentication, sent only when the proxy "
            + "asks (HTTP 407). Set together with smc.proxy.password.";

    public static final String SMC_PROXY_PASSWORD_CONFIG = "smc.proxy.password";
    static final String SMC_PROXY_PASSWORD_DOC = "Password for the proxy's Basic authentication. Never logged.";

    private static ConfigDef defineTlsAndProxySettings(ConfigDef definitions) {
        int tls = 0;
        int proxy = 0;
        ConfigDef.Validator storeTypes = ConfigDef.CaseInsensitiveValidString.in("PEM", "JKS", "PKCS12");
        return definitions
                .define(SMC_TLS_TRUSTSTORE_LOCATION_CONFIG, Type.STRING, "", Importance.HIGH,
                        SMC_TLS_TRUSTSTORE_LOCATION_DOC, TLS_GROUP, ++tls, Width.LONG, "Trust store")
                .define(SMC_TLS_TRUSTSTORE_TYPE_CONFIG, Type.STRING, SMC_TLS_TRUSTSTORE_TYPE_DEFAULT, storeTypes,
                        Importance.MEDIUM, SMC_TLS_TRUSTSTORE_TYPE_DOC, TLS_GROUP, ++tls, Width.SHORT,
                        "Trust store type")
                .define(SMC_TLS_TRUSTSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.MEDIUM,
                        SMC_TLS_TRUSTSTORE_PASSWORD_DOC, TLS_GROUP, ++tls, Width.MEDIUM, "Trust store password")
                .define(SMC_TLS_KEYSTORE_LOCATION_CONFIG, Type.STRING, "", Importance.MEDIUM,
                        SMC_TLS_KEYSTORE_LOCATION_DOC, TLS_GROUP, ++tls, Width.LONG, "Client key store")
                .define(SMC_TLS_KEYSTORE_TYPE_CONFIG, Type.STRING, SMC_TLS_KEYSTORE_TYPE_DEFAULT, storeTypes,
                        Importance.LOW, SMC_TLS_KEYSTORE_TYPE_DOC, TLS_GROUP, ++tls, Width.SHORT, "Key store type")
                .define(SMC_TLS_KEYSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.MEDIUM,
                        SMC_TLS_KEYSTORE_PASSWORD_DOC, TLS_GROUP, ++tls, Width.MEDIUM, "Key store password")
                .define(SMC_TLS_KEY_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.LOW,
                        SMC_TLS_KEY_PASSWORD_DOC, TLS_GROUP, ++tls, Width.MEDIUM, "Private key password")
                .define(SMC_TLS_INSECURE_CONFIG, Type.BOOLEAN, SMC_TLS_INSECURE_DEFAULT, Importance.LOW,
                        SMC_TLS_INSECURE_DOC, TLS_GROUP, ++tls, Width.SHORT, "Skip TLS verification (unsafe)")
                .define(SMC_PROXY_URL_CONFIG, Type.STRING, "", new ProxyUrlValidator(), Importance.MEDIUM,
                        SMC_PROXY_URL_DOC, PROXY_GROUP, ++proxy, Width.LONG, "Proxy URL")
                .define(SMC_PROXY_USERNAME_CONFIG, Type.STRING, "", Importance.LOW,
                        SMC_PROXY_USERNAME_DOC, PROXY_GROUP, ++proxy, Width.MEDIUM, "Proxy user")
                .define(SMC_PROXY_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.LOW,
                        SMC_PROXY_PASSWORD_DOC, PROXY_GROUP, ++proxy, Width.MEDIUM, "Proxy password");
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
        return nonEmpty(getString(locationSetting)).map(location -> new KeyStoreFile(Path.of(location),
                KeyStoreType.parse(getString(typeSetting)), password(passwordSetting)));
    }

    private Optional<Password> password(String setting) {
        Password password = getPassword(setting);
        return password == null || password.value().isEmpty() ? Optional.empty() : Optional.of(password);
    }

    // ---- end of TLS and proxy block ----

    // ---- Current state, change awareness and high availability: a block of its own (issue 8) ----

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
            + "subscription is unsubscribed only after the new one is acknowledged, so no change is missed. 0: off.";
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

    private static ConfigDef defineCurrentStateAndHighAvailabilitySettings(ConfigDef definitions) {
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

    /** Cross-setting checks of this block; see {@link #validateAcrossSettings}. */
    private static boolean validateCurrentStateAndHighAvailability(Map<String, ConfigValue> values) {
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

    // ---- end of current state and high availability block ----
}
