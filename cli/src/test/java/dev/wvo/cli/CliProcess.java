package dev.wvo.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        return startUnder(List.of(), List.of(), workDir, name, env, args);
    }

    /**
     * As {@link #start}, with the JVM's command line after {@code wrapper} (a tracer, for example)
     * and with {@code jvmOptions} (a small heap, for example).
     */
    static CliProcess startUnder(List<String> wrapper, List<String> jvmOptions, Path workDir, String name,
                                 Map<String, String> env, String... args) throws IOException {
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
        builder.environment().putAll(env);
        return new CliProcess(builder.start(), out, err);
    }

    /** Waits for the process to end; fails the test if it takes more than a minute. */
    int exitCode() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("wvo did not end within 60 s; stderr: " + read(err));
        }
        return process.exitValue();
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
