package io.github.kafkaconnectsmc.simulator;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;

/**
 * How a {@link SmcSimulator} is set up. Built with {@link #builder()}; every setting has a default that makes a
 * simulator a test can use as it is.
 */
public final class SimulatorOptions {

    /** The key {@link #builder()} accepts unless told otherwise; not a secret, the simulator is a test tool. */
    public static final String DEFAULT_API_KEY = "simulator-api-key";

    private final String host;
    private final int port;
    private final String apiKey;
    private final List<String> apiVersions;
    private final Set<String> domains;
    private final boolean acknowledgesUnsubscribe;
    private final long seed;
    private final Supplier<ElementCatalog> catalog;
    private final SSLSocketFactory tls;
    private final boolean tokenSessions;
    private final boolean recordsFrames;
    private final String sequenceField;

    private SimulatorOptions(Builder builder) {
        this.host = builder.host;
        this.port = builder.port;
        this.apiKey = builder.apiKey;
        this.apiVersions = List.copyOf(builder.apiVersions);
        this.domains = Set.copyOf(builder.domains);
        this.acknowledgesUnsubscribe = builder.acknowledgesUnsubscribe;
        this.seed = builder.seed;
        this.catalog = builder.catalog;
        this.tls = builder.tls;
        this.tokenSessions = builder.tokenSessions;
        this.recordsFrames = builder.recordsFrames;
        this.sequenceField = builder.sequenceField;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String apiKey() {
        return apiKey;
    }

    /** The versions {@code GET /api} offers, oldest first; the last is the newest. */
    public List<String> apiVersions() {
        return apiVersions;
    }

    public Set<String> domains() {
        return domains;
    }

    public boolean acknowledgesUnsubscribe() {
        return acknowledgesUnsubscribe;
    }

    public long seed() {
        return seed;
    }

    /** The status body field that numbers every status frame sent, or null when bodies carry none (the default). */
    public String sequenceField() {
        return sequenceField;
    }

    ElementCatalog newCatalog() {
        return catalog.get();
    }

    /** True when the simulator serves https and wss. */
    public boolean https() {
        return tls != null;
    }

    /** The server side of TLS, or null for plain http. */
    SSLSocketFactory tls() {
        return tls;
    }

    /** True when sessions are tokens ("SSL sessions") instead of {@code JSESSIONID} cookies. */
    public boolean tokenSessions() {
        return tokenSessions;
    }

    /** False when only counts are kept, not every frame sent (for long runs). */
    public boolean recordsFrames() {
        return recordsFrames;
    }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private String apiKey = DEFAULT_API_KEY;
        private List<String> apiVersions = List.of("6.10", "7.0", "7.1");
        private Set<String> domains = Set.of("Shared Domain");
        private boolean acknowledgesUnsubscribe = true;
        private long seed = 1649L;
        private Supplier<ElementCatalog> catalog = StandardCatalog::create;
        private SSLSocketFactory tls;
        private boolean tokenSessions;
        private boolean recordsFrames = true;
        private String sequenceField;

        private Builder() {
        }

        /** The address to listen on; loopback by default. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        /** The port to listen on; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The only API client key a login is accepted with. */
        public Builder apiKey(String apiKey) {
            if (apiKey == null || apiKey.isEmpty()) {
                throw new IllegalArgumentException("The simulator needs a non-empty API key");
            }
            this.apiKey = apiKey;
            return this;
        }

        /** The versions offered, oldest first, such as 6.10, 7.0, 7.1. */
        public Builder apiVersions(String... versions) {
            this.apiVersions = List.of(versions);
            return this;
        }

        /** The administrative domains a login may name; a login may also name none (the default domain). */
        public Builder domains(String... domains) {
            this.domains = Set.of(domains);
            return this;
        }

        /**
         * Whether an unsubscribe is answered with {@code {"success":"Unsubscribed from status","subscription_id":N}}
         * (the default) or not at all. Nothing documents which one a real SMC does.
         */
        public Builder acknowledgesUnsubscribe(boolean acknowledges) {
            this.acknowledgesUnsubscribe = acknowledges;
            return this;
        }

        /** Seed of the random source that picks changes and their values, so runs repeat. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The elements to serve; {@link StandardCatalog} by default. A fresh catalog is made at each start. */
        public Builder catalog(Supplier<ElementCatalog> catalog) {
            this.catalog = Objects.requireNonNull(catalog);
            return this;
        }

        /**
         * Serves https and wss with {@code serverSide}, for example {@code TestCertificates.serverSocketFactory()}: a
         * client then needs the issuing CA in its trust store. Plain http by default.
         */
        public Builder https(SSLSocketFactory serverSide) {
            this.tls = Objects.requireNonNull(serverSide);
            return this;
        }

        /**
         * "SSL sessions" mode: a login answers with an {@code Authorization} header holding a token and sets no
         * cookie; REST calls must echo that header, and the status socket handshake must carry the token as the
         * subprotocols {@code access_token, <token>}. Cookie sessions by default.
         */
        public Builder tokenSessions(boolean tokens) {
            this.tokenSessions = tokens;
            return this;
        }

        /**
         * Whether every frame sent is kept for {@link SimulatorTraffic#sentFrames()} (the default) or only counted,
         * so that a run of many minutes does not fill the heap.
         */
        public Builder recordsFrames(boolean records) {
            this.recordsFrames = records;
            return this;
        }

        /**
         * Adds a field {@code name} to every status body sent, numbering the status frames of the simulator 1, 2,
         * 3, ... across sockets, so that a record in Kafka can be matched to the frame it came from
         * ({@link SentFrame}). A real SMC sends no such field; the connector keeps it in {@code other_fields}.
         * {@link SimulatorControl#numberStatusBodies} turns it off and on again.
         */
        public Builder sequenceField(String name) {
            this.sequenceField = Objects.requireNonNull(name);
            return this;
        }

        public SimulatorOptions build() {
            return new SimulatorOptions(this);
        }
    }
}
