package dev.wvo.spi;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs an agent's command as a process: argv only (no shell), standard input closed at once
 * (agent CLIs can block forever on an open stdin), both output streams read line by line as they
 * come, and the whole process tree stopped when the run times out, goes silent for longer than
 * the stall timeout, the backend asks for it through a {@link Stop} (its reader saw enough, such
 * as a rate limit the CLI would otherwise retry for minutes), or the calling thread is interrupted.
 *
 * <p>An agent must not outlive the JVM that started it: a worker killed with SIGKILL runs no
 * cleanup, and an orphaned agent would go on editing a task that is given to another worker.
 * Where {@code setsid} exists (Linux), the agent runs in a process group of its own together with
 * a parent-death watch ({@link #WATCH}): a small shell loop that, once this JVM is gone, stops the
 * whole group. The processes running now are listed by {@link #running()}, so that a worker can
 * record them and a later reclaim can stop what the watch could not.
 */
public final class AgentProcess {

    /** How long a stopped tree gets between SIGTERM and SIGKILL. */
    static final Duration GRACE = Duration.ofSeconds(3);
    private static final int TAIL_LINES = 40;
    private static final long CHECK_MILLIS = 50;
    /**
     * The parent-death watch, run by {@code setsid sh -c WATCH wvo-agent <jvm pid> <program> <args>}:
     * {@code setsid} makes the shell the leader of a new process group (in place: a child of the
     * JVM is never a group leader, so it need not fork), a background subshell
     * (detached from the output pipes, so that it never holds a run open) polls the JVM's pid
     * every second, and the shell then becomes the agent ({@code exec}), keeping the pid that
     * {@link Process} knows. When the JVM is gone while the agent still runs, the watch sends
     * SIGTERM to the whole group (ignoring it itself from then on), and SIGKILL after the grace period;
     * when the agent ends first, the watch ends too.
     */
    static final String WATCH = "jvm=$1; shift\n"
            + "( while kill -0 \"$jvm\" 2>/dev/null; do kill -0 $$ 2>/dev/null || exit 0; sleep 1; done\n"
            + "  trap '' TERM; kill -TERM 0; sleep " + GRACE.toSeconds() + "; kill -KILL 0 ) </dev/null >/dev/null 2>&1 &\n"
            + "exec \"$@\"\n";
    /** {@code setsid}, where this system has it; without it agents run without the watch. */
    private static final Optional<Path> SETSID = Executables.find("setsid", Map.of());
    /** The agent processes of this JVM that run now. */
    private static final Set<ProcessHandle> RUNNING = ConcurrentHashMap.newKeySet();

    private final List<String> command;
    private final Path directory;
    private final Map<String, String> addedEnvironment;
    private final Set<String> removedEnvironment;

    private AgentProcess(List<String> command, Path directory, Map<String, String> added, Set<String> removed) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("An agent command needs at least the program to run");
        }
        this.command = List.copyOf(command);
        this.directory = Objects.requireNonNull(directory, "directory");
        this.addedEnvironment = Map.copyOf(added);
        this.removedEnvironment = Set.copyOf(removed);
    }

    /**
     * @param command   the program and its arguments, each one argv entry
     * @param directory the working directory
     * @param added     variables to set in the child's environment
     * @param removed   variables to remove from it (for example {@code CLAUDECODE})
     */
    public static AgentProcess of(List<String> command, Path directory, Map<String, String> added, Set<String> removed) {
        return new AgentProcess(command, directory, added, removed);
    }

    /** How the process ended: by itself, or stopped at the timeout, for silence, or at the backend's request. */
    public enum Ending { EXITED, TIMED_OUT, STALLED, STOPPED }

    /**
     * @param ending     why it ended
     * @param exitCode   the exit code when it exited by itself, else null
     * @param tail       the last lines of output (both streams, in arrival order)
     * @param errorTail  the last lines of standard error alone
     * @param stopReason what the backend gave as its reason when it stopped the run, else null
     */
    public record Result(Ending ending, Integer exitCode, List<String> tail, List<String> errorTail, String stopReason) {
        public Result {
            tail = List.copyOf(tail);
            errorTail = List.copyOf(errorTail);
        }
    }

    /**
     * A backend's request to end a run early, made from its line readers while the agent runs.
     * The process tree is stopped within a few tens of milliseconds, and the run ends
     * {@link Ending#STOPPED} with the first reason given.
     */
    public static final class Stop {
        private volatile String reason;

        /** Asks for the run to end; later requests keep the first reason. */
        public synchronized void request(String why) {
            if (reason == null) {
                reason = Objects.requireNonNull(why, "why");
            }
        }

        public boolean requested() {
            return reason != null;
        }

        /** The reason given, or null when no stop was requested. */
        public String reason() {
            return reason;
        }
    }

    /**
     * Starts the process and waits for it.
     *
     * @param stdout receives each line of standard output
     * @param stderr receives each line of standard error
     * @throws UncheckedIOException if the program cannot be started (not found, not executable)
     * @throws InterruptedException if interrupted; the process tree is stopped first
     */
    public Result run(Duration timeout, Duration stallTimeout, Consumer<String> stdout, Consumer<String> stderr)
            throws InterruptedException {
        return run(timeout, stallTimeout, stdout, stderr, new Stop());
    }

    /**
     * Starts the process and waits for it, ending it early when {@code stop} is requested.
     *
     * @param stop requested by the backend (typically from {@code stdout}) to end the run now
     * @throws UncheckedIOException if the program cannot be started (not found, not executable)
     * @throws InterruptedException if interrupted; the process tree is stopped first
     */
    public Result run(Duration timeout, Duration stallTimeout, Consumer<String> stdout, Consumer<String> stderr,
                      Stop stop) throws InterruptedException {
        ProcessBuilder builder = new ProcessBuilder().directory(directory.toFile());
        builder.environment().putAll(addedEnvironment);
        // removed last: a variable to remove must not come back through the added ones
        builder.environment().keySet().removeAll(removedEnvironment);
        builder.command(watched(builder.environment()));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start '" + command.get(0) + "' in " + directory + ": " + e.getMessage(), e);
        }
        RUNNING.add(process.toHandle());
        try {
            return await(process, timeout, stallTimeout, stdout, stderr, stop);
        } finally {
            RUNNING.remove(process.toHandle());
        }
    }

    /**
     * The command under the parent-death watch, when {@code setsid} exists and the program is found
     * (one that is not is started as given, so that the start fails with the usual message).
     */
    private List<String> watched(Map<String, String> environment) {
        String name = command.get(0);
        // a relative path is the child's, as the JVM would start it: from the working directory
        Optional<Path> program = name.contains(File.separator)
                ? Optional.of(directory.resolve(name).toAbsolutePath()).filter(Files::isExecutable)
                : Executables.find(name, environment);
        if (SETSID.isEmpty() || program.isEmpty()) {
            return command;
        }
        List<String> argv = new ArrayList<>(List.of(SETSID.get().toString(), "/bin/sh", "-c", WATCH, "wvo-agent",
                Long.toString(ProcessHandle.current().pid()), program.get().toString()));
        argv.addAll(command.subList(1, command.size()));
        return argv;
    }

    /** The agent processes this JVM runs now: what a worker records, for a reclaim after its death. */
    public static List<ProcessHandle> running() {
        return List.copyOf(RUNNING);
    }

    private Result await(Process process, Duration timeout, Duration stallTimeout, Consumer<String> stdout,
                         Consumer<String> stderr, Stop stop) throws InterruptedException {
        closeQuietly(process);
        Activity activity = new Activity();
        Activity errors = new Activity();
        Thread out = pump(process.getInputStream(), stdout, List.of(activity), "stdout");
        Thread err = pump(process.getErrorStream(), stderr, List.of(activity, errors), "stderr");
        long deadline = System.nanoTime() + Math.min(timeout.toNanos(), Long.MAX_VALUE / 4);
        long stallNanos = Math.min(stallTimeout.toNanos(), Long.MAX_VALUE / 4);
        Ending ending = Ending.EXITED;
        try {
            while (!process.waitFor(CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                if (stop.requested()) {
                    ending = Ending.STOPPED;
                    break;
                }
                long now = System.nanoTime();
                if (now - deadline >= 0) {
                    ending = Ending.TIMED_OUT;
                    break;
                }
                if (now - activity.lastNanos() >= stallNanos) {
                    ending = Ending.STALLED;
                    break;
                }
            }
        } catch (InterruptedException e) {
            stopTree(process);
            throw e;
        }
        if (ending != Ending.EXITED) {
            stopTree(process);
        }
        out.join();
        err.join();
        return new Result(ending, ending == Ending.EXITED ? process.exitValue() : null, activity.tail(), errors.tail(),
                ending == Ending.STOPPED ? stop.reason() : null);
    }

    /** SIGTERM to the process and every descendant, then SIGKILL to whatever is left after the grace period. */
    static void stopTree(Process process) throws InterruptedException {
        stopTree(process.toHandle());
        process.waitFor();
    }

    /**
     * SIGTERM to a process and every descendant, then SIGKILL to whatever is left after the grace
     * period: how a run is stopped, and how a reclaim stops what a dead worker left running.
     */
    public static void stopTree(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(root);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + GRACE.toNanos();
        for (ProcessHandle handle : tree) {
            while (handle.isAlive() && System.nanoTime() < deadline) {
                handle.onExit().completeOnTimeout(handle, CHECK_MILLIS, TimeUnit.MILLISECONDS).join();
            }
        }
        // descendants started during the grace period are caught here too
        root.descendants().forEach(ProcessHandle::destroyForcibly);
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    private static void closeQuietly(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the child may already have exited; its stdin is closed either way
        }
    }

    private static Thread pump(InputStream stream, Consumer<String> sink, List<Activity> activities, String name) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    for (Activity activity : activities) {
                        activity.saw(line);
                    }
                    sink.accept(line);
                }
            } catch (IOException e) {
                // the stream closes when the process is stopped: the output ends there
            }
        }, "wvo-agent-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** When output was last seen, and the last lines of it. */
    private static final class Activity {
        private volatile long lastNanos = System.nanoTime();
        private final Deque<String> tail = new ArrayDeque<>();

        void saw(String line) {
            lastNanos = System.nanoTime();
            synchronized (tail) {
                tail.addLast(line);
                if (tail.size() > TAIL_LINES) {
                    tail.removeFirst();
                }
            }
        }

        long lastNanos() {
            return lastNanos;
        }

        List<String> tail() {
            synchronized (tail) {
                return new ArrayList<>(tail);
            }
        }
    }
}
