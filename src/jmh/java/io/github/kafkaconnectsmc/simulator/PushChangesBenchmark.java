package io.github.kafkaconnectsmc.simulator;

import io.github.kafkaconnectsmc.MicroBenchmark;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;

/**
 * The simulator's own cost per pushed status frame, as {@code bench/e2e.sh} pushes them: one change of each of 100
 * single-firewall nodes, with a sequence number, to one socket subscribed to {@code fw_single}. The socket takes each
 * frame and drops it, so the socket's writer ({@link ServerWebSocket}) and the TCP connection (which the e2e figures
 * include) are left out: what is left is the simulator's own deciding and rendering.
 */
@OperationsPerInvocation(PushChangesBenchmark.NODES)
public class PushChangesBenchmark extends MicroBenchmark {

    static final int NODES = 100;

    private SimulatorControl control;
    private List<String> paths;
    private DiscardingSocket socket;

    @Setup
    public void setUp() {
        ElementCatalog catalog = StandardCatalog.singleFirewalls(NODES);
        SimulatorOptions options = SimulatorOptions.builder().sequenceField("bench_sequence").recordsFrames(false)
                .build();
        SimulatorTraffic traffic = new SimulatorTraffic(() -> 0, List::of, List::of, false);
        SessionStore sessions = new SessionStore();
        RefusalWindows refusals = new RefusalWindows();
        StatusSocketHub hub = new StatusSocketHub(catalog, new StatusChanges(options.seed()), sessions, refusals,
                new ConnectionTracker(), traffic, options);
        StatusSocketConnection connection = new StatusSocketConnection(1, 1,
                new ApiLocation("http://127.0.0.1:8082", "7.1"), hub, catalog, traffic, false,
                options.sequenceField(), null);
        socket = new DiscardingSocket();
        connection.onOpen(socket, null);
        connection.onMessage(socket, "{\"context\":\"fw_single\"}");
        if (socket.frames != NODES + 1) {
            throw new IllegalStateException("expected an acknowledgement and " + NODES + " snapshots, got "
                    + socket.frames + " frames");
        }
        control = new SimulatorControl(catalog, hub, sessions, refusals);
        paths = catalog.membersOf("fw_single").orElseThrow().stream().map(CatalogElement::path).toList();
    }

    /** One change of each node: {@link #NODES} frames. */
    @Benchmark
    public long pushOneChangeOfEachNode() {
        control.pushChanges(paths, 1);
        return socket.chars;
    }

    /** Takes every frame and keeps only counts; its send queue is always empty. */
    private static final class DiscardingSocket extends DiscardingWebSocket {

        long frames;
        long chars;

        @Override
        public boolean send(String text) {
            frames++;
            chars += text.length();
            return true;
        }
    }
}
