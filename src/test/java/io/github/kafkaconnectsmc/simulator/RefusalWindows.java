package io.github.kafkaconnectsmc.simulator;

import java.time.Duration;

/**
 * Periods during which the simulated SMC answers logins or status socket handshakes with 503, as an SMC does while it
 * starts or is overloaded. Set from tests through {@link SimulatorControl}; read on request threads.
 */
final class RefusalWindows {

    private volatile long refuseLoginsUntilNanos = System.nanoTime();
    private volatile long refuseHandshakesUntilNanos = System.nanoTime();

    void refuseLoginsFor(Duration duration) {
        refuseLoginsUntilNanos = System.nanoTime() + duration.toNanos();
    }

    void refuseHandshakesFor(Duration duration) {
        refuseHandshakesUntilNanos = System.nanoTime() + duration.toNanos();
    }

    boolean refusingLogins() {
        return System.nanoTime() - refuseLoginsUntilNanos < 0;
    }

    boolean refusingHandshakes() {
        return System.nanoTime() - refuseHandshakesUntilNanos < 0;
    }
}
