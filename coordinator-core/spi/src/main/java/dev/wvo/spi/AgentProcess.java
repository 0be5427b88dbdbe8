package dev.wvo.spi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * Where the agent leads a process group of its own ({@link ProcessGroups}), this JVM's
 * {@link ParentDeathWatch} stops the group, and whatever the agent started elsewhere, once this
 * JVM is gone. The agents a thread runs now are listed by
 * {@link #startedBy(Thread)}, so that a worker can record them and a reclaim after its death can
 * stop what no watch stopped ({@link #stopTree(ProcessHandle)}).
 */
public final class AgentProcess {

    /** How long a stopped tree gets between SIGTERM and SIGKILL. */
    static final Duration GRACE = Duration.ofSeconds(3);
    private static final int TAIL_LINES = 40;
    private static final long CHECK_MILLIS = 50;
    /** The longest an agent's run waits for its exit or a stop before it looks again itself (nanoseconds). */
    private static final long LONGEST_WAIT = TimeUnit.SECONDS.toNanos(1);
    /**
     * The agent processes of this JVM that run now, each with the thread that started it: a JVM
     * may host several workers, each running its agents on its own thread, and each records only
     * its own.
     */
    private static final Map<ProcessHandle, Thread> RUNNING = new ConcurrentHashMap<>();

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
     * The run wakes at the request and stops the process tree, and it ends
     * {@link Ending#STOPPED} with the first reason given.
     */
    public static final class Stop {
        /** Completed with the first reason given: the run waiting on it wakes at once. */
        private final CompletableFuture<String> reason = new CompletableFuture<>();

        /** Asks for the run to end; later requests keep the first reason. */
        public void request(String why) {
            reason.complete(Objects.requireNonNull(why, "why"));
        }

        public boolean requested() {
            return reason.isDone();
        }

        /** The reason given, or null when no stop was requested. */
        public String reason() {
            return reason.getNow(null);
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
        // removed after the added ones: a variable to remove must not come back through them
        builder.environment().keySet().removeAll(removedEnvironment);
        // the parent-death watch's mark last: neither list can take it away
        List<String> argv = ProcessGroups.leading(command, builder.environment());
        boolean grouped = argv != command;
        builder.command(argv);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start '" + command.get(0) + "' in " + directory + ": " + e.getMessage(), e);
        }
        RUNNING.put(process.toHandle(), Thread.currentThread());
        try {
            return await(process, grouped, timeout, stallTimeout, stdout, stderr, stop);
        } finally {
            RUNNING.remove(process.toHandle());
        }
    }

    /**
     * The agent processes that {@code thread} started and that run now: what a worker, running its
     * agents on {@code thread}, records for a reclaim after its death.
     */
    public static List<ProcessHandle> startedBy(Thread thread) {
        return RUNNING.entrySet().stream().filter(e -> e.getValue() == thread).map(Map.Entry::getKey).toList();
    }

    private Result await(Process process, boolean grouped, Duration timeout, Duration stallTimeout,
                         Consumer<String> stdout, Consumer<String> stderr, Stop stop) throws InterruptedException {
        closeQuietly(process);
        Activity activity = new Activity();
        Activity errors = new Activity();
        Thread out = pump(process.getInputStream(), stdout, List.of(activity), "stdout");
        Thread err = pump(process.getErrorStream(), stderr, List.of(activity, errors), "stderr");
        long deadline = System.nanoTime() + Math.min(timeout.toNanos(), Long.MAX_VALUE / 4);
        long stallNanos = Math.min(stallTimeout.toNanos(), Long.MAX_VALUE / 4);
        // Woken by the exit or a stop request, else when the timeout or the stall timeout may be reached: a
        // check every 50 ms woke each waiting worker 20 times a second through runs of minutes. onExit() adds no
        // waiting thread: it follows the reaper that every started process has (one short task runs at the exit,
        // on the common fork-join pool, or a thread of its own where that pool has one thread). A wait never
        // lasts more than LONGEST_WAIT, so an exit whose task that pool were slow to run is still seen soon.
        CompletableFuture<Object> exitOrStop = CompletableFuture.anyOf(process.onExit(), stop.reason);
        Ending ending = null;
        try {
            while (ending == null) {
                long now = System.nanoTime();
                long silent = now - activity.lastNanos();
                if (!process.isAlive()) {
                    ending = Ending.EXITED;
                } else if (stop.requested()) {
                    ending = Ending.STOPPED;
                } else if (now - deadline >= 0) {
                    ending = Ending.TIMED_OUT;
                } else if (silent >= stallNanos) {
                    ending = Ending.STALLED;
                } else {
                    // output since the wait began moves the stall's time on: judged again when the wait ends
                    awaitAtMost(exitOrStop, Math.min(LONGEST_WAIT, Math.min(deadline - now, stallNanos - silent)));
                }
            }
        } catch (InterruptedException e) {
            stopTree(process, grouped);
            throw e;
        }
        if (ending != Ending.EXITED) {
            stopTree(process, grouped);
        } else if (grouped) {
            stopLeftBehind(process.pid());
        }
        out.join();
        err.join();
        return new Result(ending, ending == Ending.EXITED ? process.exitValue() : null, activity.tail(), errors.tail(),
                ending == Ending.STOPPED ? stop.reason() : null);
    }

    /** Waits until {@code event} happened or {@code nanos} passed, whichever is first. */
    private static void awaitAtMost(CompletableFuture<?> event, long nanos) throws InterruptedException {
        try {
            event.get(nanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // a limit may be reached now: the caller judges
        } catch (ExecutionException e) {
            throw new IllegalStateException("A process's exit or a stop request failed, which neither does", e);
        }
    }

    /**
     * SIGTERM to the agent's whole process group at once, then SIGKILL to whatever is left after
     * the grace period. Signalled one by one, children first, the agent's shell once saw its child
     * die before its own signal came and ran the rest of its script ({@code sh -c "…; sleep 3; echo
     * end"} printed {@code end} after the task was given back). Processes that left the group
     * (their own {@code setsid}) are signalled too, the agent first; where the agent leads no
     * group ({@link ProcessGroups}), that order is all there is.
     */
    static void stopTree(Process process, boolean grouped) throws InterruptedException {
        stopTree(process.toHandle(), grouped);
        process.waitFor();
    }

    /**
     * What an agent that exited by itself left running in its process group (a server, a watcher,
     * a build it sent to the background) is stopped as a stopped run is: SIGTERM, then SIGKILL to
     * whatever is left after the grace period. Its worker's next task may reuse the same worktree,
     * which such a process would go on writing into, and it could hold the agent's output open. One
     * {@code kill} when the group is empty, as it mostly is. Processes that left the group (their
     * own {@code setsid}) are this JVM's {@link ParentDeathWatch}'s, when the JVM ends.
     */
    private static void stopLeftBehind(long leader) throws InterruptedException {
        if (!ProcessGroups.signal(leader, "TERM")) {
            return;
        }
        long deadline = System.nanoTime() + GRACE.toNanos();
        try {
            while (ProcessGroups.signal(leader, "0") && System.nanoTime() < deadline) {
                Thread.sleep(CHECK_MILLIS); // no handle to wait on: the members are known only by their group
            }
        } finally {
            ProcessGroups.signal(leader, "KILL");
        }
    }

    /**
     * Stops a process that a dead worker left running, as a run is stopped: its group (when it
     * leads one) and every descendant, SIGTERM first, SIGKILL after the grace period. A process
     * that leads no group is not hurt by the group signal: no group has its id.
     */
    public static void stopTree(ProcessHandle root) {
        stopTree(root, ProcessGroups.available());
    }

    private static void stopTree(ProcessHandle root, boolean grouped) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        tree.addAll(root.descendants().toList());
        if (grouped) {
            ProcessGroups.signal(root.pid(), "TERM");
        }
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + GRACE.toNanos();
        for (ProcessHandle handle : tree) {
            while (handle.isAlive() && System.nanoTime() < deadline) {
                handle.onExit().completeOnTimeout(handle, CHECK_MILLIS, TimeUnit.MILLISECONDS).join();
            }
        }
        if (grouped) {
            ProcessGroups.signal(root.pid(), "KILL");
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
