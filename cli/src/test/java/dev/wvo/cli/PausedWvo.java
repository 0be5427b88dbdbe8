package dev.wvo.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

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

    /** What strace writes for each thread once the injected SIGSTOP has stopped the JVM. */
    private static final String GROUP_STOP = "--- stopped by SIGSTOP ---";

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
            // strace creates its output file once it runs: until then there is no stop to see
            return Files.exists(trace) && Files.readString(trace).contains(GROUP_STOP)
                    && jvm().map(PausedWvo::isStopped).orElse(false);
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

    /**
     * Every thread of the JVM stopped ({@code T}, or {@code t} as a group stop shows under a
     * tracer). Alone this does not prove the pause point was reached: under strace a thread is in a
     * tracing stop ({@code t}) for a moment at every traced system call and signal, such as the
     * SIGSEGV the JVM raises on purpose at start, and on a loaded machine a poll caught the JVM
     * there, far from its pause point (the test then found the lock it expected held free). So
     * {@link #awaitStopped} also waits for strace's own line for the injected stop.
     */
    private static boolean isStopped(ProcessHandle process) {
        Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
        try (Stream<Path> threads = Files.list(tasks)) {
            List<Path> all = threads.toList();
            return !all.isEmpty() && all.stream().allMatch(PausedWvo::threadStopped);
        } catch (IOException | UncheckedIOException gone) {
            return false;
        }
    }

    private static boolean threadStopped(Path thread) {
        try {
            String stat = Files.readString(thread.resolve("stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state == 'T' || state == 't';
        } catch (IOException exited) {
            // a thread that ended between the listing and this read does not keep the JVM running
            return true;
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
