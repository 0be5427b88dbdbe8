package dev.wvo.cli.shell;

import dev.wvo.schedule.WorkerPresence;
import dev.wvo.worker.WorkerRecord;
import dev.wvo.worker.WorkerRegistry;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code wvo up --tmux}: the pool laid out in a tmux session, a window {@code dashboard} running
 * {@code wvo shell} and one window per worker running {@code wvo worker} in the foreground, as a
 * person would start each in a terminal of their own: its output is its window, Ctrl-C in it stops
 * it, and like any worker it registers in {@code state/}, so {@code wvo ps} lists it and
 * {@code wvo down} stops it. When a worker ends, its window stays with its exit status until Enter,
 * or until the next {@code up --tmux} starts a worker of that id in its place.
 *
 * <p>Each window runs {@code sh -c SCRIPT NAME COMMAND...}, given to tmux as separate arguments,
 * which tmux runs without a shell of its own: no quoting meets the user's default shell. The
 * windows get this command's environment (tmux would give a window the server's, which may be
 * another shell's), and tmux runs with it too, so {@code TMUX} and {@code TMUX_TMPDIR} choose the
 * server as they do for a person's tmux.
 */
public final class TmuxLayout {

    private static final String DASHBOARD = "dashboard";

    /**
     * Lets the window show how its program ended, and stay until Enter; {@code $0} is the window's
     * name. Ctrl-C reaches the program (a trap with a handler is reset in a child, where an ignored
     * signal would stay ignored) and not the script, which then reports how the program ended.
     */
    private static final String WINDOW_SCRIPT = "trap : INT; \"$@\"; s=$?; printf '\\n[wvo] %s ended with status %s; press Enter to "
            + "close this window\\n' \"$0\" \"$s\"; read _";
    /** Variables of tmux's own, which a window must get from tmux, not from this command. */
    private static final Set<String> TMUX_OWN = Set.of("TMUX", "TMUX_PANE", "TERM", "TERM_PROGRAM", "TERM_PROGRAM_VERSION");
    /** How long a worker may take to register before its start is reported without it. */
    private static final Duration STARTUP = Duration.ofSeconds(30);
    /** How long a window's shell may take to start the worker before an empty window counts as ended. */
    private static final Duration FORK = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 100;

    private final Path tmux;
    private final String session;
    private final Map<String, String> environment;
    private final Path workdir;
    private final WorkerPresence presence;
    private final WorkerRegistry registry;

    public TmuxLayout(Path tmux, String session, Map<String, String> environment, Path workdir, WorkerPresence presence,
               WorkerRegistry registry) {
        this.tmux = tmux;
        this.session = session;
        this.environment = environment;
        this.workdir = workdir;
        this.presence = presence;
        this.registry = registry;
    }

    /** tmux on the {@code PATH} of {@code environment}. */
    public static Optional<Path> find(Map<String, String> environment) {
        return WorkerLauncher.onPath("tmux", environment.get("PATH"));
    }

    /** {@code wvo-<name of the directory>}, in the characters tmux takes in a session name. */
    public static String defaultSession(Path workdir) {
        Path name = workdir.getFileName();
        return "wvo-" + (name == null ? "root" : name.toString().replaceAll("[^A-Za-z0-9_-]", "-"));
    }

    /**
     * Creates the session with its dashboard window, or, when it exists (an earlier {@code up
     * --tmux}), adds a dashboard only if it has none.
     *
     * @param dashboard the command line of {@code wvo shell}
     * @return what it did, for the person
     */
    public String open(List<String> dashboard) {
        if (run(List.of("has-session", "-t", "=" + session)).status() != 0) {
            List<String> args = new ArrayList<>(List.of("new-session", "-d", "-s", session, "-n", DASHBOARD, "-c",
                    workdir.toString()));
            args.addAll(window(DASHBOARD, dashboard));
            require(run(args), "create the tmux session " + session);
            return "created tmux session " + session + " with the dashboard (wvo shell) in window " + DASHBOARD;
        }
        Result windows = require(run(List.of("list-windows", "-t", "=" + session, "-F", "#{window_name}")),
                "list the windows of tmux session " + session);
        if (windows.output().lines().noneMatch(DASHBOARD::equals)) {
            require(run(newWindow(DASHBOARD, dashboard)), "add the dashboard to tmux session " + session);
            return "added the dashboard (wvo shell) to tmux session " + session;
        }
        return "tmux session " + session + " runs already; adding the workers to it";
    }

    /**
     * Starts a worker in a window of its own and waits until it has registered.
     *
     * @param command the worker's whole command line
     * @throws ShellFailure when tmux refuses, or the worker ends at once
     */
    public List<String> startWorker(String id, List<String> command) {
        // a window of this name is one an earlier worker of the id left, showing how it ended (the
        // pool lock is held and the worker is not alive): the new worker takes its place, not a twin
        Result windows = require(run(List.of("list-windows", "-t", "=" + session, "-F", "#{window_id} #{window_name}")),
                "list the windows of tmux session " + session);
        for (String window : windows.output().lines().toList()) {
            String[] idAndName = window.split(" ", 2);
            if (idAndName.length == 2 && idAndName[1].equals(id)) {
                require(run(List.of("kill-window", "-t", idAndName[0])), "close the window an earlier " + id + " left");
            }
        }
        List<String> args = newWindow(id, command);
        args.addAll(1, List.of("-P", "-F", "#{pane_pid}"));
        long shell = Long.parseLong(require(run(args), "open a window for " + id).output().strip());
        long start = System.nanoTime();
        boolean sawWorker = false;
        while (System.nanoTime() - start < STARTUP.toNanos()) {
            if (presence.isAlive(id)) {
                String pid = registry.read(id).map(WorkerRecord::pid).map(p -> " (pid " + p + ")").orElse("");
                return List.of("started " + id + pid + " in window " + session + ":" + id);
            }
            boolean running = ProcessHandle.of(shell).map(h -> h.children().anyMatch(ProcessHandle::isAlive)).orElse(false);
            sawWorker |= running;
            if (!running && (sawWorker || System.nanoTime() - start > FORK.toNanos())) {
                throw new ShellFailure("the worker " + id + " ended at once; its window " + session + ":" + id
                        + " says why (tmux attach -t " + session + ")");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return List.of("started " + id + " in window " + session + ":" + id + ", not registered yet after "
                + STARTUP.toSeconds() + " s");
    }

    /** How the person gets to the session: attach, or switch when already inside tmux. */
    public String howToSee() {
        return environment.containsKey("TMUX") ? "tmux switch-client -t " + session : "tmux attach -t " + session;
    }

    private List<String> newWindow(String name, List<String> command) {
        List<String> args = new ArrayList<>(List.of("new-window", "-d", "-t", "=" + session + ":", "-n", name, "-c",
                workdir.toString()));
        args.addAll(window(name, command));
        return args;
    }

    /** The environment as {@code -e} options, then the window's program under its script. */
    private List<String> window(String name, List<String> command) {
        List<String> args = new ArrayList<>();
        environment.forEach((k, v) -> {
            if (!TMUX_OWN.contains(k)) {
                args.addAll(List.of("-e", k + "=" + v));
            }
        });
        args.addAll(List.of("sh", "-c", WINDOW_SCRIPT, name));
        args.addAll(command);
        return args;
    }

    private record Result(int status, String output) {
    }

    private Result run(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(tmux.toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(process.waitFor(), output);
        } catch (IOException e) {
            throw new ShellFailure("cannot run " + tmux + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShellFailure("interrupted while tmux ran");
        }
    }

    private static Result require(Result result, String what) {
        if (result.status() != 0) {
            throw new ShellFailure("tmux could not " + what + ": " + result.output().strip());
        }
        return result;
    }
}
