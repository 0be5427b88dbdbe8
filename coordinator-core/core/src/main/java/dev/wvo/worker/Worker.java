package dev.wvo.worker;

import dev.wvo.accounts.CostLedger;
import dev.wvo.accounts.RateLimitBoard;
import dev.wvo.config.ConfigFile;
import dev.wvo.conflict.ArtifactConflict;
import dev.wvo.events.Event;
import dev.wvo.events.EventLog;
import dev.wvo.events.EventType;
import dev.wvo.git.MergeEntry;
import dev.wvo.git.TaskWorkspace;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.ProcessRef;
import dev.wvo.pipeline.PipelineConfig;
import dev.wvo.reactions.NeedsAttention;
import dev.wvo.reactions.ReactionDecision;
import dev.wvo.reactions.Reactions;
import dev.wvo.reactions.Trigger;
import dev.wvo.schedule.ClaimedTask;
import dev.wvo.schedule.Completion;
import dev.wvo.schedule.Reclaimed;
import dev.wvo.schedule.Runnability;
import dev.wvo.schedule.Scheduler;
import dev.wvo.schedule.TaskBoardStore;
import dev.wvo.schedule.WorkerPresence;
import dev.wvo.spi.AgentBackend;
import dev.wvo.spi.AgentOutcome;
import dev.wvo.spi.PartitionPolicy;
import dev.wvo.spi.TaskView;
import dev.wvo.spi.WorkerOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What {@code wvo worker} runs in each terminal: register, then claim a task, run it with an
 * agent backend, record the outcome, and claim the next, until told to stop.
 *
 * <p>Everything it shares with other workers goes through {@code state/}: the roadmap through
 * the {@link Scheduler}, liveness through its presence lock, rate limits through the
 * {@link RateLimitBoard}, requests through {@link WorkerControl}, and what happened through the
 * event log. {@link #requestStop()} (Ctrl-C, SIGTERM) stops the agent's process tree and gives
 * the task back without spending an attempt.
 */
public final class Worker {

    private static final Duration RECORD_INTERVAL = Duration.ofSeconds(2);
    /** A file in the attempt's artifacts where a command may list the paths it changed, one per line. */
    static final String CHANGED_FILES = "changed-files.txt";

    private final WorkerSettings settings;
    private final Path stateDir;
    private final LockManager locks;
    private final Scheduler scheduler;
    private final TaskBoardStore roadmap;
    private final Function<String, Optional<AgentBackend>> backends;
    private final Function<String, Optional<PartitionPolicy>> policies;
    private final EventLog events;
    private final ContextNotes context;
    private final Clock clock;
    private final Consumer<String> terminal;
    private final WorkerRegistry registry;
    private final WorkerControl control;
    private final RateLimitBoard rateLimits;
    private final StageRunner stageRunner;
    private final RetrySettings retry;
    private final TaskWorkspace workspace;
    private final Reactions reactions;
    private final ExpectedChanges expectedChanges;

    /** The backends of {@code settings.agents()} that can run on this machine, in order. */
    private List<String> chain;
    private volatile boolean stopRequested;
    private volatile Thread loopThread;
    private volatile WorkerRecord record;
    private int tasksRun;

    public Worker(WorkerSettings settings, Path stateDir, LockManager locks, TaskBoardStore roadmap,
                  Function<String, Optional<AgentBackend>> backends, Function<String, Optional<PartitionPolicy>> policies,
                  EventLog events, ContextNotes context, Clock clock, Consumer<String> terminal) {
        this(settings, stateDir, locks, roadmap, backends, policies, events, context, clock, terminal,
                TaskWorkspace.off(settings.workingDirectory()));
    }

    /** A worker whose tasks may run in git worktrees, as {@code workspace} decides. */
    public Worker(WorkerSettings settings, Path stateDir, LockManager locks, TaskBoardStore roadmap,
                  Function<String, Optional<AgentBackend>> backends, Function<String, Optional<PartitionPolicy>> policies,
                  EventLog events, ContextNotes context, Clock clock, Consumer<String> terminal, TaskWorkspace workspace) {
        this.workspace = Objects.requireNonNull(workspace, "workspace");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.stateDir = stateDir;
        this.locks = locks;
        this.roadmap = roadmap;
        this.scheduler = new Scheduler(roadmap, locks, clock);
        this.backends = backends;
        this.policies = policies;
        this.events = events;
        this.context = context;
        this.clock = clock;
        this.terminal = terminal;
        this.registry = new WorkerRegistry(stateDir.resolve("workers"));
        this.control = new WorkerControl(stateDir.resolve("workers"));
        this.rateLimits = new RateLimitBoard(stateDir, locks, clock);
        // read once, at start: a configuration error stops the worker before it claims anything
        ConfigFile config = ConfigFile.read(stateDir.resolve("config.yaml"));
        this.stageRunner = new StageRunner(PipelineConfig.from(config), scheduler, backends, settings, context, events,
                clock, terminal, rateLimits, new CostLedger(events), () -> chain);
        this.retry = RetrySettings.read(config, settings);
        this.reactions = Reactions.read(config);
        this.expectedChanges = ExpectedChanges.read(config);
    }

    /** Asks the loop to stop: the running agent is stopped and its task given back. Safe from any thread. */
    public void requestStop() {
        stopRequested = true;
        Thread t = loopThread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** How many tasks this worker has finished (a task given back while every backend was limited does not count). */
    public int tasksRun() {
        return tasksRun;
    }

    /**
     * Runs until stopped, idle with {@code exitWhenIdle}, or {@code maxTasks} reached.
     *
     * @throws IllegalStateException if the requested id belongs to a live worker, or a backend is unknown
     */
    public void run() {
        PartitionPolicy policy = settings.policy() == null ? null : policies.apply(settings.policy()).orElseThrow(
                () -> new IllegalStateException("Unknown partition policy '" + settings.policy()
                        + "': see `wvo plugins list` for the policies loaded"));
        List<String> usable = new ArrayList<>();
        List<String> unusable = new ArrayList<>();
        for (String agent : settings.agents()) {
            AgentBackend backend = backends.apply(agent).orElseThrow(() -> new IllegalStateException("Unknown agent backend '"
                    + agent + "': see `wvo plugins list` for the backends loaded"));
            AgentBackend.Availability availability = backend.availability();
            // an executable configured by path is the user's word; the run reports it if it is wrong
            if (availability.available() || settings.settingsOf(agent).containsKey("executable")) {
                usable.add(agent);
            } else {
                unusable.add(agent + ": " + availability.detail());
            }
        }
        if (usable.isEmpty()) {
            throw new IllegalStateException("No backend of " + String.join(" → ", settings.agents()) + " can run here: "
                    + String.join("; ", unusable));
        }
        unusable.forEach(u -> terminal.accept("not available here, skipped: " + u));
        chain = List.copyOf(usable);
        WorkerPresence presence = new WorkerPresence(locks);
        LockHandle me = settings.id() == null ? presence.registerFirstFree()
                : presence.register(settings.id()).orElseThrow(() -> new IllegalStateException("A live worker already "
                + "runs as '" + settings.id() + "'; choose another --id or leave it out to get a free name"));
        String id = WorkerPresence.workerIdOf(me);
        control.clear(id);
        Instant now = clock.instant();
        ProcessRef self = ProcessRef.current();
        record = new WorkerRecord(id, self.pid(), self.host().hostName(), chain.get(0), now, now,
                WorkerStatus.IDLE, null, null, null, null);
        registry.write(record);
        ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wvo-worker-record");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleWithFixedDelay(() -> writeRecord(record), RECORD_INTERVAL.toMillis(),
                RECORD_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        loopThread = Thread.currentThread();
        workspace.reconcile(id, worker -> hasLiveClaim(presence, worker));
        terminal.accept(id + ": started with " + String.join(" → ", chain)
                + (policy == null ? "" : ", policy " + policy.name()));
        WorkerOptions options = new WorkerOptions(id, settings.domains(), settings.epics(), settings.fallbackToOthers(),
                Map.of());
        try (ChangeWaiter changes = new ChangeWaiter(List.of(stateDir, control.directory()))) {
            loop(id, me, policy, options, changes);
        } finally {
            loopThread = null;
            Thread.interrupted(); // a stop request's interrupt must not break the cleanup below
            heartbeat.shutdownNow();
            setStatus(WorkerStatus.STOPPING, null, null, null, null);
            registry.remove(id);
            control.clear(id);
            me.release();
            terminal.accept(id + ": stopped after " + tasksRun + " task" + (tasksRun == 1 ? "" : "s"));
        }
    }

    private void loop(String id, LockHandle me, PartitionPolicy policy, WorkerOptions options, ChangeWaiter changes) {
        while (!stopRequested) {
            if (!me.isValid()) {
                terminal.accept(id + ": lost its presence lock (paused too long?); stopping so that no task runs twice");
                return;
            }
            WorkerControl.Request request = control.requestFor(id);
            if (request == WorkerControl.Request.STOP) {
                terminal.accept(id + ": stop requested");
                return;
            }
            try {
                if (request == WorkerControl.Request.PAUSE) {
                    setStatus(WorkerStatus.PAUSED, null, null, null, "paused");
                    changes.await(settings.idleWait());
                    continue;
                }
                // merging needs no agent: a rate-limited worker still lands what waits in the queue
                workspace.drainQueue(id);
                Optional<String> agent = rateLimits.firstAvailable(chain);
                if (agent.isEmpty()) {
                    Instant lifts = rateLimits.nextLift(chain).orElse(clock.instant().plus(settings.idleWait()));
                    setStatus(WorkerStatus.RATE_LIMITED, null, null, null, "all backends limited until " + lifts);
                    changes.await(minimum(Duration.between(clock.instant(), lifts), settings.idleWait()));
                    continue;
                }
                Scheduler.ClaimResult claim = scheduler.claimNext(id, policy, options, workspace.claimRules());
                claim.reclaimed().forEach(r -> logReclaim(id, r));
                if (claim.claimed().isEmpty()) {
                    if (settings.exitWhenIdle() && nothingLeftToRun() && !workspace.hasMergesToMake()) {
                        terminal.accept(id + ": nothing left to run");
                        return;
                    }
                    setStatus(WorkerStatus.IDLE, null, null, null, null);
                    changes.await(settings.idleWait());
                    continue;
                }
                if (runTask(id, claim.claimed().get(), agent.get())) {
                    tasksRun++;
                }
                if (settings.maxTasks() > 0 && tasksRun >= settings.maxTasks()) {
                    workspace.drainQueue(id); // the last task's branch lands now, not when another worker comes by
                    return;
                }
            } catch (InterruptedException e) {
                return; // a stop request while waiting
            }
        }
    }

    /**
     * Runs one attempt of the task and records how it ended.
     *
     * @return whether the task finished (done, failed or blocked), false when it was given back
     *         because every backend of the chain was limited
     */
    private boolean runTask(String id, ClaimedTask claimed, String chainAgent) throws InterruptedException {
        TaskView task = claimed.task();
        int attempt = claimed.claim().attempt();
        String agentName = preferredAgent(task, chainAgent);
        Instant started = clock.instant();
        setStatus(WorkerStatus.WORKING, task.id(), attempt, started, null);
        record = record.withAgent(agentName);
        events.append(Event.of(clock, EventType.CLAIM, id, task.id(), attempt, Map.of("agent", agentName)));
        terminal.accept(id + ": " + task.id() + " attempt " + attempt + " with " + agentName + ": " + task.title());

        Path artifacts = AttemptArtifactsDir.of(stateDir, task.id(), attempt);
        TaskWorkspace.Place place;
        try {
            place = workspace.prepare(id, claimed);
        } catch (RuntimeException e) {
            scheduler.complete(claimed, Completion.FAILED, "could not prepare its worktree: " + e.getMessage(), List.of());
            terminal.accept(id + ": " + task.id() + " failed: could not prepare its worktree: " + e.getMessage());
            return true;
        }
        // a run of this attempt given back earlier (every backend limited) left hops that stay on record
        AttemptRecord begun = AttemptRecord.started(task.id(), attempt, id, agentName, started,
                place.directory(), GitPosition.of(place.directory())).continuing(AttemptRecord.readFrom(artifacts));
        writeAttemptRecord(begun, artifacts);
        AttemptBrief brief = AttemptBrief.forAttempt(stateDir, task.id(), attempt, agentName, place.directory(),
                retry, settings.settingsOf(agentName), AttemptOutput.secretsOf(System.getenv()));
        brief.writeTo(artifacts);
        Map<String, String> env = new HashMap<>();
        env.put("WVO_WORKER_ID", id);
        env.put("WVO_STATE", stateDir.toAbsolutePath().toString());
        env.put("WVO_ARTIFACTS", artifacts.toAbsolutePath().toString());
        env.put("WVO_CHANGED_FILES", artifacts.resolve(CHANGED_FILES).toAbsolutePath().toString());
        env.put("WVO_WORKDIR", place.directory().toAbsolutePath().toString());
        if (place.isolated()) {
            env.put("WVO_BRANCH", place.branch());
        }
        Map<String, String> secretsSource = new HashMap<>(System.getenv());
        StageRunner.Result run = stageRunner.run(id, claimed, agentName, artifacts, env, secretsSource,
                stage -> setStatus(WorkerStatus.WORKING, task.id(), attempt, started, "stage " + stage), brief,
                place.directory());
        AgentOutcome outcome = run.outcome();
        boolean interrupted = run.interrupted();
        agentName = run.agent(); // a pipeline's last stage may have run with its own backend
        if (interrupted || stopRequested) {
            Thread.interrupted();
            releaseWorkspace(id, claimed, place, false);
            Scheduler.CompletionResult back = scheduler.complete(claimed, Completion.RETURNED, "worker " + id + " stopped",
                    List.of());
            events.append(Event.of(clock, EventType.COMPLETE, id, task.id(), attempt,
                    details("outcome", "returned", "accepted", back.accepted())));
            terminal.accept(id + ": " + task.id() + " given back (worker stopping)");
            throw new InterruptedException("worker stop requested");
        }
        Completion completion = run.forced() != null ? run.forced() : switch (outcome.status()) {
            case SUCCESS -> Completion.DONE;
            case RATE_LIMITED -> Completion.RETURNED;
            case FAILURE, REFUSED, NO_CHANGES, TIMED_OUT, STALLED -> Completion.FAILED;
        };
        String summary = run.summary();
        if (outcome.status() == AgentOutcome.Status.SUCCESS && run.forced() == null && expectedChanges.expectedOf(task)) {
            Optional<String> nothing = ExpectedChanges.nothingChanged(begun, reportedFiles(outcome, artifacts),
                    place.directory(), stateDir);
            if (nothing.isPresent()) {
                summary = nothing.get();
                outcome = outcome.as(AgentOutcome.Status.NO_CHANGES, summary);
                completion = Completion.FAILED;
            }
        }
        List<ArtifactConflict> conflicts = recordAttempt(id, task, begun, summary, outcome, artifacts,
                place.directory(), agentName, run.hops());
        List<ArtifactConflict> escalated = conflicts.stream().filter(ArtifactConflict::needsEscalation).toList();
        // in a worktree the merge queue judges overlaps against the target, so they block nothing here
        if (completion == Completion.DONE && !escalated.isEmpty() && !place.isolated()) {
            completion = Completion.BLOCKED;
            summary = "overlapping changes to " + escalated.stream().map(ArtifactConflict::path).toList()
                    + " with " + escalated.get(0).attempts() + ": needs a person (see wvo conflicts)";
        }
        List<String> artifactPaths = List.of(stateDir.relativize(artifacts).toString());
        Optional<MergeEntry> queued = Optional.empty();
        if (completion == Completion.DONE) {
            try {
                queued = workspace.deliver(id, claimed, place);
            } catch (RuntimeException e) {
                completion = Completion.FAILED;
                summary = "could not queue its work for merging: " + e.getMessage();
            }
        }
        Optional<ReactionDecision> reaction = Optional.empty();
        if (completion == Completion.FAILED) {
            // decided and counted under the claim, so a reclaimed attempt counts nothing
            Trigger trigger = Trigger.ofAttempt(outcome.status());
            reaction = scheduler.whileClaimed(claimed, (board, state) -> reactions.react(board, state, trigger, attempt,
                    null));
            if (reaction.isPresent() && !reaction.get().retry()) {
                completion = Completion.BLOCKED;
                summary = reaction.get().blockedSummary(task.id(), summary);
            }
        }
        Scheduler.CompletionResult result = scheduler.complete(claimed, completion, summary, artifactPaths);
        if (!result.accepted()) {
            queued.ifPresent(workspace::withdraw);
        }
        releaseWorkspace(id, claimed, place, queued.isPresent() && result.accepted());
        Map<String, Object> detail = details("outcome", outcome.status().name().toLowerCase(), "agent", agentName,
                "summary", summary, "accepted", result.accepted(), "status", result.newStatus(),
                "seconds", Duration.between(started, clock.instant()).toMillis() / 1000.0);
        if (!result.accepted()) {
            detail.put("rejected", result.reason());
        }
        events.append(Event.of(clock, completion == Completion.DONE ? EventType.COMPLETE : EventType.FAIL, id, task.id(),
                attempt, detail));
        if (result.accepted()) {
            context.taskFinished(task, id, result.newStatus(), summary);
        }
        if (result.accepted() && reaction.isPresent() && !reaction.get().retry()) {
            events.append(NeedsAttention.event(clock, id, task.id(), attempt, reaction.get(), summary));
        }
        terminal.accept(id + ": " + task.id() + " " + (result.accepted() ? result.newStatus() : "rejected: " + result.reason())
                + (summary.isBlank() ? "" : " (" + summary + ")"));
        setStatus(WorkerStatus.IDLE, null, null, null, null);
        return completion != Completion.RETURNED;
    }

    /**
     * Writes the attempt's record and copies of the files it changed, then, for a successful
     * attempt, looks for conflicts with attempts that ran at the same time and logs each.
     */
    private List<ArtifactConflict> recordAttempt(String id, TaskView task, AttemptRecord begun, String summary,
                                                 AgentOutcome outcome, Path artifacts, Path workdir, String lastAgent,
                                                 List<HopRecord> hops) {
        try {
            List<String> kept = AttemptConflicts.keepChangedFiles(workdir, artifacts, reportedFiles(outcome, artifacts));
            AttemptRecord mine = begun.finished(clock.instant(), HopRecord.outcomeName(outcome.status()), kept,
                    summary, outcome.sessionId(), lastAgent, hops);
            mine.writeTo(artifacts);
            if (outcome.status() != AgentOutcome.Status.SUCCESS) {
                return List.of();
            }
            List<ArtifactConflict> conflicts = AttemptConflicts.involving(stateDir, workdir, mine);
            for (ArtifactConflict c : conflicts) {
                events.append(Event.of(clock, EventType.CONFLICT, id, task.id(), begun.attempt(), c.toMap()));
                terminal.accept(id + ": " + task.id() + " conflicts with " + c.attempts() + " on " + c.path()
                        + ": " + c.suggestion().name().toLowerCase(Locale.ROOT).replace('_', ' '));
            }
            return conflicts;
        } catch (IOException e) {
            terminal.accept(id + ": could not compare " + task.id() + "'s changes with other attempts: " + e.getMessage());
            return List.of();
        }
    }

    /** The files the agent reported changing, and those a command listed in {@code changed-files.txt}. */
    private static List<String> reportedFiles(AgentOutcome outcome, Path artifacts) {
        List<String> changed = new ArrayList<>(outcome.changedFiles());
        Path listed = artifacts.resolve(CHANGED_FILES);
        if (Files.isRegularFile(listed)) {
            try {
                Files.readAllLines(listed).stream().map(String::strip).filter(l -> !l.isEmpty()).forEach(changed::add);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("Cannot read " + listed + ": " + e.getMessage(), e);
            }
        }
        return changed.stream().distinct().toList();
    }

    /** The task's own preferred backend, when it is loaded and not limited; else the chain's choice. */
    private String preferredAgent(TaskView task, String chainAgent) {
        String wanted = task.agent();
        if (wanted != null && backends.apply(wanted).map(b -> b.availability().available()).orElse(false)
                && rateLimits.limitedUntil(wanted).isEmpty()) {
            return wanted;
        }
        return chainAgent;
    }

    /** True when no task is in progress anywhere and none can start: the roadmap is finished or stuck. */
    private boolean nothingLeftToRun() {
        return roadmap.update(board -> {
            Runnability runnability = new Runnability(board.tasks(), workspace.claimRules().stackOnQueued());
            return board.tasks().stream().noneMatch(t -> Runnability.IN_PROGRESS.equals(t.status()) && t.claim() != null)
                    && board.tasks().stream().allMatch(t -> runnability.blockerOf(t).isPresent());
        });
    }

    /** Ends the attempt's use of its worktree; a git failure there is reported, and the worker goes on. */
    private void releaseWorkspace(String id, ClaimedTask claimed, TaskWorkspace.Place place, boolean delivered) {
        try {
            workspace.release(id, claimed, place, delivered);
        } catch (RuntimeException e) {
            terminal.accept(id + ": could not clean up the worktree of " + claimed.task().id() + ": " + e.getMessage());
        }
    }

    /** Whether a worker is alive and holds a task: its worktree is in use and must not be reconciled. */
    private boolean hasLiveClaim(WorkerPresence presence, String worker) {
        return presence.isAlive(worker) && roadmap.update(board -> board.tasks().stream().anyMatch(t ->
                Runnability.IN_PROGRESS.equals(t.status()) && t.claim() != null && t.claim().worker().equals(worker)));
    }

    private void logReclaim(String id, Reclaimed r) {
        events.append(Event.of(clock, EventType.RECLAIM, id, r.taskId(), r.attempt(),
                details("dead_worker", r.worker(), "status", r.newStatus())));
        terminal.accept(id + ": took back " + r.taskId() + " from dead worker " + r.worker() + " (now " + r.newStatus() + ")");
    }

    private void setStatus(WorkerStatus status, String task, Integer attempt, Instant taskStart, String detail) {
        WorkerRecord current = record;
        if (current.status() == status && Objects.equals(current.task(), task) && Objects.equals(current.detail(), detail)) {
            return;
        }
        record = current.with(status, task, attempt, taskStart, detail);
        writeRecord(record);
    }

    private void writeRecord(WorkerRecord r) {
        try {
            registry.write(r.beatingAt(clock.instant()));
        } catch (RuntimeException e) {
            // the record is for display; liveness is the presence lock, so a failed write is only logged
            terminal.accept(r.id() + ": could not update its worker file: " + e.getMessage());
        }
    }

    /** The record of an attempt that starts: if its worker dies, it is what the next attempt learns from. */
    private void writeAttemptRecord(AttemptRecord attemptRecord, Path artifacts) {
        try {
            attemptRecord.writeTo(artifacts);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot write " + artifacts.resolve(AttemptRecord.FILE) + ": "
                    + e.getMessage(), e);
        }
    }

    private static Duration minimum(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? (a.isNegative() ? Duration.ZERO : a) : b;
    }

    private static Map<String, Object> details(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

}
