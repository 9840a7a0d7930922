package io.github.kafkaconnectsmc.simulator;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the SMC simulator on its own, for manual tests and demonstrations, until Ctrl-C:
 *
 * <pre>
 * java -cp ... io.github.kafkaconnectsmc.simulator.SmcSimulatorMain [--host 127.0.0.1] [--port 8082]
 *      [--api-key simulator-api-key] [--change-interval-ms 3000]
 * </pre>
 *
 * A change interval of 0 leaves statuses still.
 */
public final class SmcSimulatorMain {

    private SmcSimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        SimulatorOptions.Builder options = SimulatorOptions.builder().port(8082);
        long changeIntervalMs = 3_000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--host" -> options.host(value);
                case "--port" -> options.port(Integer.parseInt(value));
                case "--api-key" -> options.apiKey(value);
                case "--change-interval-ms" -> changeIntervalMs = Long.parseLong(value);
                default -> throw new IllegalArgumentException("Unknown option " + args[i]
                        + "; known: --host, --port, --api-key, --change-interval-ms");
            }
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("Option " + args[args.length - 1] + " has no value");
        }
        SmcSimulator simulator = SmcSimulator.start(options.build());
        PeriodicChanges changes = changeIntervalMs > 0
                ? PeriodicChanges.start(simulator, Duration.ofMillis(changeIntervalMs)) : null;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (changes != null) {
                changes.close();
            }
            System.out.println("SMC simulator stopping: " + simulator.traffic().summary());
            simulator.close();
            stopped.countDown();
        }, "smc-simulator-shutdown"));

        System.out.println("SMC simulator listening on " + simulator.baseUrl() + " (API "
                + String.join(", ", simulator.options().apiVersions()) + ")");
        // The default key is a published test value; a key given on the command line is not echoed.
        System.out.println("API key: " + (simulator.options().apiKey().equals(SimulatorOptions.DEFAULT_API_KEY)
                ? SimulatorOptions.DEFAULT_API_KEY : "the one given with --api-key"));
        System.out.println("Contexts with elements: fw_single, fw_cluster, vpn; for example the element URI "
                + simulator.href("elements/single_fw/1649/firewall_node/1650"));
        System.out.println(changes != null ? "Changing a status every " + changeIntervalMs + " ms; Ctrl-C to stop"
                : "Ctrl-C to stop");
        stopped.await();
    }
}
