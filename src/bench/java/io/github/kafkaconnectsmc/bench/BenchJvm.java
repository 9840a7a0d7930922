package io.github.kafkaconnectsmc.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM a benchmark runs beside its own, so that its CPU time can be read on its own: started with the benchmark's
 * class path, its output and log in the run directory, its CPU time read from {@code /proc/<pid>/stat}.
 */
final class BenchJvm implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path output;

    private BenchJvm(String name, Process process, Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
    }

    /**
     * Starts {@code mainClass} in a new JVM with {@code jvmOptions}; standard output and error go to
     * {@code <runDirectory>/<name>.out}, log4j2 to {@code <name>.log}.
     */
    static BenchJvm start(String name, BenchSetup setup, String classPath, List<String> jvmOptions, String mainClass,
                          List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Dlog4j2.configurationFile=" + setup.log4jConfig());
        command.add("-Dbench.log.file=" + setup.runDirectory().resolve(name + ".log"));
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(args);
        Path output = setup.runDirectory().resolve(name + ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            return new BenchJvm(name, process, output);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** User plus system CPU time of every thread of the process so far, in milliseconds (10 ms resolution). */
    long cpuMillis() {
        return ProcStat.processCpuMillis(Long.toString(process.pid()));
    }

    /** See {@link ProcStat#threadCpuMillis}. */
    Map<Long, ProcStat.ThreadTime> cpuMillisByThread() {
        return ProcStat.threadCpuMillis(Long.toString(process.pid()));
    }

    /** Writes {@code line} to the process's standard input. */
    void send(String line) {
        try {
            process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write to " + name, e);
        }
    }

    /** Closes the process's standard input. */
    void endInput() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close the input of " + name, e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits, checking every {@code interval}, until {@code condition} holds (a process to start, a round to end);
     * fails at once, pointing at the process's output, if the process ends first.
     */
    void awaitWhileRunning(Waits.Check condition, Duration timeout, Duration interval, String what) throws Exception {
        Waits.until(() -> {
            if (!isAlive()) {
                throw new IllegalStateException(name + " ended while waiting for " + what + "; see " + output);
            }
            return condition.holds();
        }, timeout, interval, () -> what + "; see " + output);
    }

    /** Waits for the process to end by itself; returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " did not end within " + timeout + "; see " + output);
        }
        return process.exitValue();
    }

    /** Everything the process wrote to standard output and error so far. */
    String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path outputFile() {
        return output;
    }

    /** Asks the process to stop (SIGTERM), then kills it if it has not ended within 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
