package dev.wvo.cli.shell;

import dev.wvo.events.Event;
import dev.wvo.fs.StateDir;
import dev.wvo.lock.BreakResult;
import dev.wvo.lock.HolderInfo;
import dev.wvo.lock.LockManager;
import dev.wvo.roadmap.RoadmapBoardStore;
import dev.wvo.roadmap.RoadmapException;
import dev.wvo.roadmap.RoadmapStore;
import dev.wvo.schedule.Reclaimed;
import dev.wvo.schedule.Scheduler;
import dev.wvo.status.StatusSnapshot;
import dev.wvo.cli.DurationText;
import dev.wvo.cli.EventLines;
import dev.wvo.cli.Palette;
import dev.wvo.cli.ProgressBar;
import dev.wvo.cli.TextTable;
import dev.wvo.lock.LockInfo;
import dev.wvo.worker.WorkerControl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The commands of {@code wvo shell}: each takes the words of one line and answers with plain
 * text lines. They read the state directory afresh every time, so they see what workers wrote
 * since the last command.
 */
public final class ShellCommands {

    /** The words that end the shell. */
    public static final List<String> QUIT = List.of("quit", "exit");

    private final Path stateDir;
    private final LockManager locks;
    private final Clock clock;
    private final Map<String, Command> commands = new LinkedHashMap<>();
    /** Null where workers cannot be started (a shell made without a launcher). */
    private final WorkerSpawner spawner;

    private record Command(String usage, String help, Function<List<String>, List<String>> action) {
    }

    /**
     * @param stateDir the state directory
     * @param locks    the lock manager of {@code <state>/locks}
     * @param clock    the time ages and reclaims are measured against
     */
    public ShellCommands(Path stateDir, LockManager locks, Clock clock) {
        this(stateDir, locks, clock, null);
    }

    /**
     * @param stateDir the state directory
     * @param locks    the lock manager of {@code <state>/locks}
     * @param clock    the time ages and reclaims are measured against
     * @param launcher what starts workers for {@code spawn}, or null to refuse it
     */
    public ShellCommands(Path stateDir, LockManager locks, Clock clock, WorkerLauncher launcher) {
        this.stateDir = stateDir;
        this.locks = locks;
        this.clock = clock;
        this.spawner = launcher == null ? null : new WorkerSpawner(launcher, stateDir, locks);
        add("status", "status", "task counts, workers, locks, rate limits, conflicts", a -> status());
        add("tasks", "tasks", "every task with its status and worker", a -> tasks());
        add("show", "show ID", "one task in full", this::show);
        add("workers", "workers", "the workers, alive or not, and what they run", a -> workers());
        add("locks", "locks", "the locks held, with their holders", a -> locks());
        add("events", "events [N]", "the last N events (default 10)", this::events);
        add("pause", "pause WORKER|all", "ask a worker (or all) to pause once its current task is finished",
                a -> request(a, WorkerControl.Request.PAUSE));
        add("spawn", SpawnRequest.USAGE, "start a worker in the background; its output goes to <state>/workers/<id>.log",
                this::spawn);
        add("stop", "stop WORKER|all", "ask a worker (or all) to finish its current task and exit", this::stop);
        add("resume", "resume WORKER|all", "clear the pause or stop request", a -> request(a, WorkerControl.Request.RUN));
        add("reclaim", "reclaim", "give back the tasks of workers that are gone", a -> reclaim());
        add("break", "break RESOURCE [--force]", "remove a lock (a live holder's only with --force)", this::breakLock);
        add("context", "context", "the shared context (context.md)", a -> context());
        add("conflicts", "conflicts", "the artifact conflicts found", a -> conflicts());
        add("help", "help", "this list", a -> help());
        add("quit", "quit", "leave the shell (also exit, Ctrl-D)", a -> List.of());
    }

    private void add(String name, String usage, String help, Function<List<String>, List<String>> action) {
        commands.put(name, new Command(usage, help, action));
    }

    /** The command names, for completion and help. */
    public List<String> names() {
        return List.copyOf(commands.keySet());
    }

    /** A fresh read of the state directory. */
    public StatusSnapshot snapshot() {
        return StatusSnapshot.read(new StatusSnapshot.Source(new StateDir(stateDir), "", ""), locks, clock);
    }

    /** True if the line asks to leave the shell. */
    public static boolean isQuit(String line) {
        return QUIT.contains(line.strip());
    }

    /**
     * Runs one line. An empty line answers nothing; a failing command answers one line starting
     * with {@code error:}, and never throws.
     */
    public List<String> run(String line) {
        List<String> words = Arrays.stream(line.strip().split("\\s+")).filter(w -> !w.isEmpty()).toList();
        if (words.isEmpty()) {
            return List.of();
        }
        Command command = commands.get(words.get(0));
        if (command == null) {
            return List.of("error: unknown command '" + words.get(0) + "'; type help for the list");
        }
        try {
            return command.action().apply(words.subList(1, words.size()));
        } catch (ShellFailure | RoadmapException | UncheckedIOException e) {
            return List.of("error: " + e.getMessage());
        } catch (RuntimeException e) {
            return List.of("error: " + e);
        }
    }

    private List<String> status() {
        StatusSnapshot s = snapshot();
        List<String> out = new ArrayList<>();
        if (!s.tasks().present()) {
            out.add("tasks: no roadmap at " + s.tasks().file());
        } else {
            int done = s.tasks().count("done");
            out.add("tasks: " + ProgressBar.of(done, s.tasks().total(), 20, t -> t) + " " + done + "/"
                    + s.tasks().total() + " done  " + s.tasks().counts().entrySet().stream().filter(e -> e.getValue() > 0)
                    .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")));
        }
        long alive = s.workers().stream().filter(StatusSnapshot.WorkerLine::alive).count();
        out.add("workers: " + alive + " alive of " + s.workers().size());
        out.add("locks: " + s.locks().size() + (s.locks().stream().anyMatch(LockInfo::isStale)
                ? " (" + s.locks().stream().filter(LockInfo::isStale).count() + " stale)" : ""));
        out.add("rate limits: " + (s.rateLimits().isEmpty() ? "none" : s.rateLimits().stream()
                .map(l -> l.backend() + " until " + l.until()).collect(Collectors.joining(", "))));
        out.add("conflicts: " + s.conflicts().artifacts().size());
        s.tasks().needsAttention().forEach(t -> out.add("needs attention: " + t.id() + ": " + t.reason()));
        if (s.tasks().warnings() > 0) {
            out.add("roadmap warnings: " + s.tasks().warnings());
        }
        return out;
    }

    private List<String> tasks() {
        StatusSnapshot s = snapshot();
        if (s.tasks().all().isEmpty()) {
            return List.of(s.tasks().present() ? "no tasks" : "no roadmap at " + s.tasks().file());
        }
        TextTable table = new TextTable(List.of("ID", "STATUS", "WORKER", "TITLE"));
        s.tasks().all().forEach(t -> table.add(cells(t.id(), t.status(), t.worker(), t.title())));
        return table.lines(h -> h);
    }

    private List<String> show(List<String> args) {
        String id = single(args, "show ID");
        StatusSnapshot.TaskLine t = snapshot().tasks().task(id)
                .orElseThrow(() -> new ShellFailure("no task '" + id + "' in " + stateDir.resolve("roadmap.yaml")));
        List<String> out = new ArrayList<>();
        out.add("id: " + t.id());
        out.add("title: " + orDash(t.title()));
        out.add("status: " + t.status());
        out.add("worker: " + orDash(t.worker()));
        out.add("attempts: " + t.attempts() + " of " + t.maxAttempts());
        out.add("dependencies: " + (t.dependencies().isEmpty() ? "-" : String.join(", ", t.dependencies())));
        t.problems().forEach(p -> out.add("problem: " + p));
        return out;
    }

    private List<String> workers() {
        StatusSnapshot s = snapshot();
        if (s.workers().isEmpty()) {
            return List.of("no workers");
        }
        TextTable table = new TextTable(List.of("WORKER", "STATUS", "ALIVE", "TASK", "ATTEMPT", "ELAPSED", "DETAIL"));
        s.workers().forEach(w -> table.add(cells(w.id(), w.record().status().label(), w.alive() ? "yes" : "no",
                w.record().task(), w.record().attempt(), w.record().taskStartedAt() == null ? null
                        : DurationText.age(Duration.between(w.record().taskStartedAt(), s.readAt())),
                w.record().detail())));
        return table.lines(h -> h);
    }

    private List<String> locks() {
        StatusSnapshot s = snapshot();
        if (s.locks().isEmpty()) {
            return List.of("no locks");
        }
        TextTable table = new TextTable(List.of("RESOURCE", "MODE", "STALE", "HOLDERS"));
        s.locks().forEach(l -> table.add(cells(l.resource(), l.mode().label(), l.isStale() ? "yes" : "no",
                l.holders().stream().map(HolderInfo::describe).collect(Collectors.joining("; ")))));
        return table.lines(h -> h);
    }

    private List<String> events(List<String> args) {
        int n = 10;
        if (!args.isEmpty()) {
            try {
                n = Integer.parseInt(single(args, "events [N]"));
            } catch (NumberFormatException e) {
                throw new ShellFailure("events takes a number, not '" + args.get(0) + "'");
            }
        }
        List<Event> recent = snapshot().recentEvents();
        List<Event> last = recent.subList(Math.max(0, recent.size() - n), recent.size());
        EventLines lines = new EventLines(Palette.PLAIN);
        return last.isEmpty() ? List.of("no events") : last.stream().map(lines::format).toList();
    }

    private List<String> request(List<String> args, WorkerControl.Request request) {
        String worker = single(args, (request == WorkerControl.Request.RUN ? "resume" : "pause") + " WORKER|all");
        boolean all = WorkerControl.ALL.equals(worker);
        if (!all && snapshot().workers().stream().noneMatch(w -> w.id().equals(worker))) {
            throw new ShellFailure("no worker '" + worker + "' in " + stateDir.resolve("workers") + "; nothing written");
        }
        new WorkerControl(stateDir.resolve("workers")).request(worker, request);
        String who = all ? "all workers" : worker;
        return List.of(request == WorkerControl.Request.RUN ? "Cleared the request for " + who + "."
                : "Asked " + who + " to pause once its current task is finished.");
    }

    private List<String> spawn(List<String> args) {
        if (spawner == null) {
            throw new ShellFailure("this shell cannot start workers; run wvo worker in another terminal");
        }
        SpawnRequest request;
        try {
            request = SpawnRequest.parse(args, spawner.last());
        } catch (IllegalArgumentException e) {
            throw new ShellFailure(e.getMessage() + "; usage: " + SpawnRequest.USAGE);
        }
        return spawner.spawn(request);
    }

    /** What the dashboard's {@code +} does: one more worker, with the last spawn's options. */
    public List<String> spawnAnother() {
        return run("spawn");
    }

    private List<String> stop(List<String> args) {
        String worker = single(args, "stop WORKER|all");
        boolean all = WorkerControl.ALL.equals(worker);
        List<String> live = liveWorkers().stream().map(StatusSnapshot.WorkerLine::id).toList();
        String running = live.isEmpty() ? "no worker is running" : "running: " + String.join(", ", live);
        if (!all && !live.contains(worker)) {
            throw new ShellFailure("no live worker '" + worker + "' (" + running + "); nothing written");
        }
        new WorkerControl(stateDir.resolve("workers")).request(worker, WorkerControl.Request.STOP);
        return List.of(all ? "Asked all workers to stop after their current task (" + running + "); the request "
                + "also holds for workers started later, until resume all."
                : "Asked " + worker + " to stop after its current task.");
    }

    /**
     * What the dashboard's {@code -} does: asks the most recently started live worker that is
     * not already asked to stop to finish its task and exit.
     */
    public List<String> stopOne() {
        WorkerControl control = new WorkerControl(stateDir.resolve("workers"));
        return liveWorkers().stream()
                .filter(w -> control.requestFor(w.id()) != WorkerControl.Request.STOP)
                .max(Comparator.comparing(w -> w.record().startedAt()))
                .map(w -> {
                    control.request(w.id(), WorkerControl.Request.STOP);
                    return List.of("Asked " + w.id() + " (the most recently started) to stop after its current task.");
                })
                .orElse(List.of("no running worker left to stop"));
    }

    private List<StatusSnapshot.WorkerLine> liveWorkers() {
        return snapshot().workers().stream().filter(StatusSnapshot.WorkerLine::alive).toList();
    }

    private List<String> reclaim() {
        StateDir state = new StateDir(stateDir);
        if (!Files.isRegularFile(state.roadmap())) {
            throw new ShellFailure("no roadmap at " + state.roadmap() + "; nothing to reclaim");
        }
        RoadmapStore store = new RoadmapStore(state, locks);
        List<Reclaimed> reclaimed = new Scheduler(new RoadmapBoardStore(store), locks, clock).reclaim("shell");
        if (reclaimed.isEmpty()) {
            return List.of("nothing to reclaim: every claimed task has a live worker");
        }
        return reclaimed.stream().map(r -> "reclaimed " + r.taskId() + " from " + r.worker() + " (attempt "
                + r.attempt() + "): now " + r.newStatus()).toList();
    }

    private List<String> breakLock(List<String> args) {
        boolean force = args.contains("--force");
        List<String> rest = args.stream().filter(a -> !a.equals("--force")).toList();
        String resource = single(rest, "break RESOURCE [--force]");
        BreakResult result = locks.breakLock(resource, force);
        String holders = result.holders().stream().map(HolderInfo::describe).collect(Collectors.joining("; "));
        return List.of(switch (result.outcome()) {
            case BROKEN -> "broke the lock on " + resource + (holders.isEmpty() ? "" : " (held by " + holders + ")");
            case NOT_HELD -> "no lock on " + resource + "; nothing to break";
            case REFUSED_LIVE_HOLDER -> "error: " + resource + " is held by a live process (" + holders
                    + "); add --force to break it anyway";
        });
    }

    private List<String> context() {
        Path file = stateDir.resolve("context.md");
        if (!Files.isRegularFile(file)) {
            return List.of("no shared context at " + file);
        }
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new ShellFailure("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Artifact conflict events, then roadmap merge conflicts, then merge-queue entries stopped on a conflict or tests. */
    private List<String> conflicts() {
        StatusSnapshot s = snapshot();
        List<String> out = new ArrayList<>();
        EventLines lines = new EventLines(Palette.PLAIN);
        s.conflicts().artifacts().forEach(e -> out.add(lines.format(e)));
        s.conflicts().roadmap().forEach(c -> out.add("roadmap: " + c.describe()));
        s.conflicts().mergeQueue().forEach(q -> out.add("merge-queue: " + q.task() + " " + q.branch() + " " + q.status()
                + ": " + (q.conflictPaths().isEmpty() ? q.failure() : String.join(", ", q.conflictPaths()))));
        return out.isEmpty() ? List.of("no conflicts") : out;
    }

    private List<String> help() {
        TextTable table = new TextTable(List.of("COMMAND", "WHAT"));
        commands.values().forEach(c -> table.add(cells(c.usage(), c.help())));
        return table.lines(h -> h);
    }

    private static String single(List<String> args, String usage) {
        if (args.size() != 1) {
            throw new ShellFailure("usage: " + usage);
        }
        return args.get(0);
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    private static List<TextTable.Cell> cells(Object... values) {
        List<TextTable.Cell> cells = new ArrayList<>();
        for (Object v : values) {
            cells.add(TextTable.Cell.plain(v == null || v.toString().isEmpty() ? "-" : v.toString()));
        }
        return cells;
    }
}
