package dev.wvo.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs wvo as a real process: a new JVM on this test's class path, so no package step is needed.
 * stdout and stderr go to files in the given directory.
 */
final class CliProcess {

    final Process process;
    final Path out;
    final Path err;

    private CliProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    static CliProcess start(Path workDir, String name, Map<String, String> env, String... args) throws IOException {
        return launch(List.of(), List.of(), workDir, name, env, Set.of(), args);
    }

    /** As {@link #start(Path, String, Map, String...)}, with {@code removed} taken out of the inherited environment. */
    static CliProcess start(Path workDir, String name, Map<String, String> env, Set<String> removed,
                            String... args) throws IOException {
        return launch(List.of(), List.of(), workDir, name, env, removed, args);
    }

    /**
     * As {@link #start}, with the JVM's command line after {@code wrapper} (a tracer, for example)
     * and with {@code jvmOptions} (a small heap, for example).
     */
    static CliProcess startUnder(List<String> wrapper, List<String> jvmOptions, Path workDir, String name,
                                 Map<String, String> env, String... args) throws IOException {
        return launch(wrapper, jvmOptions, workDir, name, env, Set.of(), args);
    }

    private static CliProcess launch(List<String> wrapper, List<String> jvmOptions, Path workDir, String name,
                                     Map<String, String> env, Set<String> removed, String... args) throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path out = workDir.resolve(name + ".out");
        Path err = workDir.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove(WvoCommand.STATE_ENV);
        builder.environment().keySet().removeAll(removed);
        builder.environment().putAll(env);
        return new CliProcess(builder.start(), out, err);
    }

    /** Waits for the process to end; fails the test if it takes more than a minute. */
    int exitCode() throws InterruptedException {
        return exitCode(java.time.Duration.ofSeconds(60));
    }

    /** Waits for the process to end; fails the test if it takes longer than {@code patience}. */
    int exitCode(java.time.Duration patience) throws InterruptedException {
        if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("wvo did not end within " + patience.toSeconds() + " s; stdout: " + read(out)
                    + "\nstderr: " + read(err));
        }
        return process.exitValue();
    }

    /**
     * True for the JVM's parent-death watch ({@code wvo-watch}): a descendant of a worker's JVM that
     * is none of its agents' processes, and ends a moment after the JVM, once it has seen it gone.
     */
    static boolean isParentDeathWatch(ProcessHandle process) {
        return process.info().arguments().map(a -> List.of(a).contains("wvo-watch")).orElse(false);
    }

    /** The JVM's process id, to read what it costs while it runs. */
    long pid() {
        return process.pid();
    }

    String stdout() {
        return read(out);
    }

    String stderr() {
        return read(err);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError("Cannot read " + file, e);
        }
    }
}
