package dev.wvo.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real JVM started from this one's class path, spoken to line by line: commands on its stdin,
 * reports on its stdout (read by a thread of its own, so that waiting for a line can time out).
 * Its stderr goes to ours.
 */
final class ChildJvm implements AutoCloseable {

    private final String name;
    private final Process process;
    private final PrintWriter commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private ChildJvm(String name, Process process) {
        this.name = name;
        this.process = process;
        this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readReports, "read-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code mainClass} with {@code args} in a new JVM. */
    static ChildJvm start(String name, Class<?> mainClass, List<String> args) {
        return start(name, List.of(), mainClass, args);
    }

    /** Starts {@code mainClass} with {@code args} in a new JVM given {@code jvmOptions}. */
    static ChildJvm start(String name, List<String> jvmOptions, Class<?> mainClass, List<String> args) {
        List<String> command = new ArrayList<>(List.of(javaExecutable()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "-Dwvo.bench.dir=" + BenchDirectory.root()));
        command.add(mainClass.getName());
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            return new ChildJvm(name, process);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + ": " + command, e);
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    void send(String command) {
        commands.println(command);
    }

    /** The next report line starting with {@code prefix} (earlier lines are skipped). */
    String await(String prefix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new IllegalStateException(name + " (pid " + pid() + ") did not report '" + prefix
                            + "' within " + timeout + (process.isAlive() ? "" : "; it exited with " + process.exitValue()));
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }

    /** CPU time (user + system) the process has used so far; Linux counts it in 10 ms ticks. */
    Duration cpuTime() {
        return process.info().totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("the OS does not tell the CPU time of " + name));
    }

    /** SIGKILL on Unix: no shutdown hook, no release, like a crash. */
    void kill() {
        process.destroyForcibly();
    }

    void awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " (pid " + pid() + ") did not exit within " + timeout);
        }
    }

    private void readReports() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the process is gone; await() reports it
        }
    }

    @Override
    public void close() {
        commands.close();
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
