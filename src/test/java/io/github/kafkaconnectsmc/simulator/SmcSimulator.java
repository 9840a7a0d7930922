package io.github.kafkaconnectsmc.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import mockwebserver3.MockWebServer;
import okhttp3.Protocol;

/**
 * A simulated Forcepoint SMC that speaks the REST API and status WebSocket over real TCP, on a MockWebServer with its
 * own dispatcher. It serves an {@link ElementCatalog}, lets a test steer it through {@link #control()} and records
 * what it saw and sent in {@link #traffic()}. The protocol assumptions it makes are listed in
 * {@code docs/simulator.md}.
 *
 * <pre>{@code
 * try (SmcSimulator smc = SmcSimulator.start(SimulatorOptions.builder().apiKey("key").build())) {
 *     String url = smc.baseUrl();                      // http://127.0.0.1:<port>
 *     smc.control().pushChange("elements/single_fw/1649/firewall_node/1650");
 * }
 * }</pre>
 */
public final class SmcSimulator implements AutoCloseable {

    private final SimulatorOptions options;
    private final ElementCatalog catalog;
    private final SessionStore sessions = new SessionStore();
    private final SimulatorTraffic traffic;
    private final StatusSocketHub sockets;
    private final SimulatorControl control;
    private final MockWebServer server = new MockWebServer();

    private SmcSimulator(SimulatorOptions options) {
        this.options = options;
        this.catalog = options.newCatalog();
        this.traffic = new SimulatorTraffic(sessions::liveCount, this::openSockets, sessions::issued,
                options.recordsFrames());
        RefusalWindows refusals = new RefusalWindows();
        ConnectionTracker connections = new ConnectionTracker();
        this.sockets = new StatusSocketHub(catalog, new StatusChanges(options.seed()), sessions, refusals,
                connections, traffic, options);
        this.control = new SimulatorControl(catalog, sockets, sessions, refusals);
        server.setServerSocketFactory(connections);
        if (options.https()) {
            server.useHttps(options.tls());
            // The status socket is an HTTP/1.1 upgrade; the SMC offers nothing newer.
            server.setProtocols(List.of(Protocol.HTTP_1_1));
        }
        server.setDispatcher(new RestApi(options, catalog, sessions, refusals, sockets, traffic));
    }

    public static SmcSimulator start(SimulatorOptions options) {
        SmcSimulator simulator = new SmcSimulator(options);
        try {
            simulator.server.start(InetAddress.getByName(options.host()), options.port());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the SMC simulator on " + options.host() + ":"
                    + options.port(), e);
        }
        return simulator;
    }

    /** A simulator with the default options. */
    public static SmcSimulator start() {
        return start(SimulatorOptions.builder().build());
    }

    /** {@code http://host:port} (or {@code https://}), the value for the connector's {@code smc.url}. */
    public String baseUrl() {
        return (options.https() ? "https://" : "http://") + options.host() + ":" + server.getPort();
    }

    /** The newest version offered, which a client that discovers versions picks. */
    public String apiVersion() {
        List<String> versions = options.apiVersions();
        return versions.get(versions.size() - 1);
    }

    /** The href of the element at {@code path} under {@link #apiVersion()}, as the connector keys its records. */
    public String href(String path) {
        return new ApiLocation(baseUrl(), apiVersion()).href(path);
    }

    public String href(CatalogElement element) {
        return href(element.path());
    }

    /**
     * The status body the simulator holds now for the element at {@code path}, as a subscription covering it would
     * receive it under {@link #apiVersion()}: what the latest record for the element should carry once every change
     * has arrived.
     */
    public ObjectNode currentStatus(String path) {
        CatalogElement element = catalog.element(path)
                .orElseThrow(() -> new IllegalArgumentException("No element at " + path));
        return sockets.currentStatus(new ApiLocation(baseUrl(), apiVersion()), element);
    }

    public SimulatorOptions options() {
        return options;
    }

    public ElementCatalog catalog() {
        return catalog;
    }

    public SimulatorControl control() {
        return control;
    }

    public SimulatorTraffic traffic() {
        return traffic;
    }

    private List<SocketView> openSockets() {
        return sockets.openSockets();
    }

    @Override
    public void close() {
        server.close();
    }
}
