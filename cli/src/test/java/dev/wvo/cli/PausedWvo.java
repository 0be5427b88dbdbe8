package dev.wvo.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.awaitility.Awaitility.await;

/**
 * A real wvo JVM that stops itself right after one system call of its write path, as a laptop
 * lid closing or a Ctrl-Z would stop it there: strace's fault injection delivers SIGSTOP when the
 * call returns ({@code strace -f -P PATH -e inject=SYSCALL:signal=SIGSTOP:when=N}), so the call has
 * happened and nothing after it has. The test then lets other processes act and resumes it with
 * SIGCONT.
 *
 * <p>Linux only; needs {@code strace} (the CI script installs it when missing).
 */
final class PausedWvo {

    /**
     * Where to stop: right after the {@code when}-th call of {@code syscall} on {@code path}
     * (relative to the state directory; {@code {token}} stands for the writer's fencing token), in
     * the thread that makes it.
     *
     * @param landed whether the write is visible once the process stops there (the rename is behind it)
     */
    record PausePoint(String name, String syscall, String path, int when, boolean landed) {
        @Override
        public String toString() {
            return name;
        }
    }

    private final CliProcess traced;
    private final Path trace;

    private PausedWvo(CliProcess traced, Path trace) {
        this.traced = traced;
        this.trace = trace;
    }

    /** Starts {@code wvo --state STATE ARGS...}, which will take its lock with {@code token}. */
    static PausedWvo start(Path workDir, Path state, PausePoint at, long token, String... args) throws IOException {
        Path trace = workDir.resolve("paused.strace");
        String calls = switch (at.syscall()) {
            case "rename" -> "rename,renameat,renameat2";
            case "link" -> "link,linkat";
            case "openat" -> "open,openat";
            default -> at.syscall();
        };
        List<String> strace = List.of(straceCommand(), "-f", "-qq", "-o", trace.toString(),
                "-e", "trace=" + calls, "-P", state.resolve(at.path().replace("{token}", Long.toString(token))).normalize().toString(),
                "-e", "inject=" + calls + ":signal=SIGSTOP:when=" + at.when());
        List<String> all = new ArrayList<>(List.of("--state", state.toString()));
        all.addAll(List.of(args));
        return new PausedWvo(CliProcess.startUnder(strace, List.of(), workDir, "paused", Map.of(), all.toArray(String[]::new)),
                trace);
    }

    /** Waits until the JVM has stopped at its pause point; fails if it ends without reaching it. */
    void awaitStopped() {
        await("wvo to stop at its pause point").atMost(Duration.ofSeconds(60)).until(() -> {
            if (!traced.process.isAlive()) {
                throw new AssertionError("wvo ended without reaching its pause point; stderr: " + traced.stderr()
                        + "\nsystem calls seen: " + Files.readString(trace));
            }
            return jvm().map(PausedWvo::isStopped).orElse(false);
        });
    }

    /** Lets the stopped JVM go on. */
    void resume() throws IOException, InterruptedException {
        long pid = jvm().orElseThrow(() -> new AssertionError("the paused JVM is gone")).pid();
        if (new ProcessBuilder("kill", "-CONT", Long.toString(pid)).inheritIO().start().waitFor() != 0) {
            throw new AssertionError("kill -CONT " + pid + " failed");
        }
    }

    /** The traced JVM's pid. */
    long pid() {
        return jvm().orElseThrow(() -> new AssertionError("the paused JVM is gone")).pid();
    }

    int exitCode() throws InterruptedException {
        return traced.exitCode();
    }

    String stderr() {
        return traced.stderr();
    }

    /** The traced JVM: strace's only child. */
    private Optional<ProcessHandle> jvm() {
        return traced.process.toHandle().children().findFirst();
    }

    /** Stopped by a signal ({@code T}) or, under a tracer, in a tracing stop ({@code t}). */
    private static boolean isStopped(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state == 'T' || state == 't';
        } catch (IOException gone) {
            return false;
        }
    }

    private static String straceCommand() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "strace");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError("strace is not installed: the paused-writer tests stop wvo at each system call of "
                + "its write path with it. Install it (apt-get install strace); .ci/run does.");
    }
}
