package dev.wvo.cli;

import dev.wvo.cli.render.DurationText;
import dev.wvo.context.ContextStore;
import dev.wvo.fs.LockedFile;
import dev.wvo.fs.StateDir;
import dev.wvo.lock.HolderInfo;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockMode;
import dev.wvo.lock.LockTimeoutException;
import dev.wvo.roadmap.RoadmapStore;
import dev.wvo.accounts.RateLimitBoard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code wvo lock exec}: holds a lock while a command runs, like util-linux {@code flock}.
 *
 * <p>The lock is released when the command and every process it started have ended, and also
 * when {@code wvo} is interrupted (Ctrl-C, SIGTERM): a shutdown hook first stops the command and
 * everything it started (SIGTERM, then SIGKILL after the grace period) and only then releases
 * the lock, so the lock is never free while anything the command started still runs.
 */
@Command(name = "exec",
        header = "Run COMMAND while holding the lock on RESOURCE.",
        description = {
                "Waits for the lock on RESOURCE (in <state>/locks, or in ZooKeeper with --lock-backend zookeeper), runs COMMAND (no shell; it shares this "
                        + "terminal's stdin, stdout and stderr) with WVO_LOCK_TOKEN and WVO_LOCK_RESOURCE in its "
                        + "environment, releases the lock when COMMAND and every process it started have ended "
                        + "(as flock does), and exits with COMMAND's exit status.",
                "WVO_LOCK_TOKEN is the fencing token of this acquisition: it grows with every acquisition of "
                        + "RESOURCE, so a store can reject writes that carry an older one.",
                "Put -- before COMMAND when COMMAND has options of its own."},
        footerHeading = "%nExamples:%n",
        footer = {"  wvo lock exec roadmap -- git pull --rebase",
                "  wvo lock exec --timeout 30s deploy -- ./deploy.sh staging",
                "  wvo lock exec --shared --timeout 0 cache -- sh -c 'echo token $WVO_LOCK_TOKEN'",
                "%nExit status: COMMAND's; 75 if the lock was not acquired within --timeout; "
                        + "127 if COMMAND was not found, 126 if it cannot be executed; 2 for a wrong command line."})
final class LockExecCommand implements Callable<Integer> {

    /** Environment variable that carries the fencing token to COMMAND. */
    static final String TOKEN_ENV = "WVO_LOCK_TOKEN";
    /** Environment variable that carries the resource name to COMMAND. */
    static final String RESOURCE_ENV = "WVO_LOCK_RESOURCE";

    private final Clock clock = Clock.systemUTC();

    @Spec
    private CommandSpec spec;

    private String resource;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments.")
    private List<String> command;

    @Parameters(index = "0", paramLabel = "RESOURCE", description = "The name of the lock; any text.")
    void resource(String name) {
        resource = LockCommand.resourceName(spec, name);
    }

    @Option(names = "--shared", description = "Take a shared lock: other shared holders may hold it at the same time.")
    private boolean shared;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Give up after waiting this long and exit with 75 (0: try once). Default: wait as long as it takes.")
    private Duration timeout;

    @Option(names = "--lease", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "30s",
            description = "How long the lock outlives this process if it stops renewing it (hangs or the host "
                    + "vanishes); renewed every third of it while COMMAND runs. With ZooKeeper: the session "
                    + "timeout asked for. At least 1s; default: ${DEFAULT-VALUE}.")
    private Duration lease;

    @Option(names = "--owner", paramLabel = "ID",
            description = "Who holds the lock, as 'wvo lock list' shows it. Default: pid@host.")
    private String owner;

    @Option(names = "--grace", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "5s",
            description = "When interrupted, how long COMMAND and the processes it started have to exit after "
                    + "SIGTERM before they are killed. Default: ${DEFAULT-VALUE}.")
    private Duration grace;

    @Override
    public Integer call() throws InterruptedException {
        WvoCommand global = WvoCommand.of(spec);
        // our own shutdown hook releases the lock, after the command has stopped
        try (LockManager manager = LockBackends.open(global, LockBackends.Options.defaults().owner(owner)
                .lease(lease).listener(new StderrLockListener(spec.commandLine().getErr(), global.verbose())).clock(clock))) {
            LockedRun run = new LockedRun(grace);
            Thread hook = new Thread(run::finish, "wvo-lock-exec-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                LockHandle handle = acquire(manager, global);
                claimStateFiles(handle, global);
                ChildCommand child = run.start(handle, command, Map.of(
                        TOKEN_ENV, Long.toString(handle.token()),
                        RESOURCE_ENV, resource));
                // no child: wvo is being shut down by a signal, and the JVM's own status (128 + signal) wins
                return child == null ? ExitCodes.SIGNAL_BASE : child.waitFor(this::tellWhatHoldsTheLock);
            } finally {
                run.finish();
                removeHook(hook);
            }
        }
    }

    private LockHandle acquire(LockManager manager, WvoCommand global) throws InterruptedException {
        LockMode mode = shared ? LockMode.SHARED : LockMode.EXCLUSIVE;
        if (global.verbose()) {
            Optional<LockHandle> now = manager.tryAcquire(resource, mode);
            if (now.isPresent()) {
                return now.get();
            }
            // tell why wvo seems to hang; the next attempt below may still succeed at once
            manager.inspect(resource).ifPresent(lock -> spec.commandLine().getErr().println("wvo: waiting for lock '"
                    + resource + "' held by " + lock.holders().stream().map(HolderInfo::describe)
                    .collect(Collectors.joining(", ")) + (timeout == null ? "" : ", for at most " + DurationText.format(timeout))));
        }
        if (timeout == null) {
            return manager.acquire(resource, mode);
        }
        try {
            return manager.acquire(resource, mode, timeout);
        } catch (LockTimeoutException e) {
            throw new CommandFailure(ExitCodes.LOCK_NOT_ACQUIRED, notAcquired(e.holders(), global));
        }
    }

    /**
     * COMMAND may read the state files wvo writes under RESOURCE (a {@code git pull} under
     * {@code roadmap}): a write an earlier holder still has on its way there is voided first, as
     * every wvo writer does when it takes the lock.
     */
    private void claimStateFiles(LockHandle handle, WvoCommand global) {
        if (handle.mode() != LockMode.EXCLUSIVE) {
            return;
        }
        StateDir dir = new StateDir(global.stateDirectory());
        Optional<Path> file = switch (resource) {
            case RoadmapStore.LOCK -> Optional.of(dir.roadmap());
            case ContextStore.LOCK_RESOURCE -> Optional.of(dir.context());
            case RateLimitBoard.LOCK -> Optional.of(dir.rateLimits());
            default -> Optional.empty();
        };
        try {
            if (file.isPresent()) {
                LockedFile.claim(handle, file.get());
            }
        } catch (IOException e) {
            handle.release();
            throw new CommandFailure(ExitCodes.FAILURE, "Cannot claim " + file.get() + " for lock '" + resource + "': "
                    + e.getMessage() + "; COMMAND was not started", e);
        }
    }

    private void tellWhatHoldsTheLock(List<ProcessHandle> running) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("wvo: COMMAND has ended; lock '" + resource + "' stays held until the " + running.size()
                + " process(es) it started end: pid " + running.stream().map(p -> Long.toString(p.pid()))
                .collect(Collectors.joining(", ")));
        err.flush();
    }

    private String notAcquired(List<HolderInfo> holders, WvoCommand global) {
        String waited = timeout.isZero() ? "at once" : "within " + DurationText.format(timeout);
        Instant now = clock.instant();
        String by = holders.isEmpty()
                ? "an exclusive request was waiting ahead of this shared one"
                : "held by " + holders.stream()
                        .map(h -> h.describe() + " for " + DurationText.format(Duration.between(h.acquiredAt(), now)))
                        .collect(Collectors.joining(", "));
        return (shared ? "shared" : "exclusive") + " lock '" + resource + "' not acquired " + waited + ": " + by
                + " (in " + LockBackends.location(global) + "). Wait longer with --timeout, or see 'wvo lock list'.";
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running or has run
        }
    }

    /**
     * The lock and the command it protects, ended together exactly once: by the main thread when
     * the command ends, or by the shutdown hook when {@code wvo} is interrupted, whichever is first.
     */
    private static final class LockedRun {
        private final Duration grace;
        private LockHandle handle; // guarded by this
        private ChildCommand child; // guarded by this
        private boolean finished; // guarded by this

        LockedRun(Duration grace) {
            this.grace = grace;
        }

        /** Starts the command under the lock, or releases the lock and returns null if interrupted meanwhile. */
        synchronized ChildCommand start(LockHandle acquired, List<String> argv, Map<String, String> env) {
            handle = acquired;
            if (finished) {
                // the shutdown hook ran while we were acquiring: nothing may start any more
                acquired.release();
                return null;
            }
            child = ChildCommand.start(argv, env);
            return child;
        }

        /** Stops the command if it still runs, then releases the lock. */
        synchronized void finish() {
            if (finished) {
                return;
            }
            finished = true;
            if (child != null) {
                child.stop(grace);
            }
            if (handle != null) {
                handle.release();
            }
        }
    }
}
