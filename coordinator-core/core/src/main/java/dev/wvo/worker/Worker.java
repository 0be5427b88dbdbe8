package dev.wvo.worker;

import dev.wvo.accounts.RateLimitBoard;
import dev.wvo.git.TaskWorkspace;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.ProcessRef;
import dev.wvo.schedule.Claimant;
import dev.wvo.schedule.ClaimedTask;
import dev.wvo.schedule.Reclaimed;
import dev.wvo.schedule.Runnability;
import dev.wvo.schedule.Scheduler;
import dev.wvo.schedule.TaskState;
import dev.wvo.schedule.WorkerPresence;
import dev.wvo.spi.AgentBackend;
import dev.wvo.spi.AgentProcess;
import dev.wvo.spi.PartitionPolicy;
import dev.wvo.spi.TaskView;
import dev.wvo.spi.WorkerOptions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What {@code wvo worker} runs in each terminal: register, then claim a task, run it with an
 * agent backend ({@link Attempt}), and claim the next, until told to stop.
 *
 * <p>Everything it shares with other workers goes through {@code state/}, by the
 * {@link WorkerServices} it is given: the roadmap through the {@link Scheduler}, liveness through
 * its presence lock, rate limits through the {@link RateLimitBoard}, requests through
 * {@link WorkerControl}, and what happened through the event log. {@link #requestStop()} (Ctrl-C,
 * SIGTERM) stops the agent's process tree and gives the task back without spending an attempt.
 */
public final class Worker {

    private static final Duration RECORD_INTERVAL = Duration.ofSeconds(2);

    private final WorkerSettings settings;
    private final WorkerServices services;
    private final Scheduler scheduler;
    private final TaskWorkspace workspace;
    private final RateLimitBoard rateLimits;
    private final WorkerControl control;
    private final Clock clock;
    private final Consumer<String> terminal;
    private final StageRunner stages;

    /** The backends of {@code settings.agents()} that can run on this machine, in order. */
    private List<String> chain;
    private volatile boolean stopRequested;
    private volatile Thread loopThread;
    private volatile WorkerRecord record;
    private int tasksRun;

    public Worker(WorkerSettings settings, WorkerServices services) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.services = Objects.requireNonNull(services, "services");
        this.scheduler = services.scheduler();
        this.workspace = services.workspace();
        this.rateLimits = services.rateLimits();
        this.control = services.control();
        this.clock = services.clock();
        this.terminal = services.terminal();
        this.stages = new StageRunner(settings, services, () -> chain);
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
        PartitionPolicy policy = settings.policy() == null ? null : services.policy(settings.policy()).orElseThrow(
                () -> new IllegalStateException("Unknown partition policy '" + settings.policy()
                        + "': see `wvo plugins list` for the policies loaded"));
        chain = usableBackends();
        // a backend's resume setting that is neither true nor false stops the worker before it claims anything
        settings.agents().forEach(agent -> services.retry().resumes(agent, settings.settingsOf(agent)));
        WorkerPresence presence = new WorkerPresence(services.locks());
        LockHandle me = settings.id() == null ? presence.registerFirstFree()
                : presence.register(settings.id()).orElseThrow(() -> new IllegalStateException("A live worker already "
                + "runs as '" + settings.id() + "'; choose another --id or leave it out to get a free name"));
        String id = WorkerPresence.workerIdOf(me);
        control.clear(id);
        Instant now = clock.instant();
        ProcessRef self = ProcessRef.current();
        record = new WorkerRecord(id, self.pid(), self.host().hostName(), chain.get(0), now, now,
                WorkerStatus.IDLE, null, null, null, null, List.of());
        services.registry().write(record);
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
        Claimant claimant = Claimant.of(me)
                .withPolicy(policy, new WorkerOptions(id, settings.domains(), settings.epics(),
                        settings.fallbackToOthers(), Map.of()))
                .withRules(workspace.claimRules());
        DeadWorkerProcesses orphans = new DeadWorkerProcesses(services.registry(), presence);
        try (ChangeWaiter changes = ChangeWaiter.forWorker(services.state(), control.directory())) {
            loop(id, me, claimant, changes, orphans);
        } finally {
            loopThread = null;
            Thread.interrupted(); // a stop request's interrupt must not break the cleanup below
            heartbeat.shutdownNow();
            setStatus(WorkerStatus.STOPPING, null, null, null, null);
            services.registry().remove(id);
            control.clear(id);
            me.release();
            terminal.accept(id + ": stopped after " + tasksRun + " task" + (tasksRun == 1 ? "" : "s"));
        }
    }

    /**
     * The backends of the chain that can run here; one configured by path is the user's word, and
     * its run reports it if it is wrong.
     *
     * @throws IllegalStateException if a backend is unknown, or none can run
     */
    private List<String> usableBackends() {
        List<String> usable = new ArrayList<>();
        List<String> unusable = new ArrayList<>();
        for (String agent : settings.agents()) {
            AgentBackend backend = services.backend(agent).orElseThrow(() -> new IllegalStateException(
                    "Unknown agent backend '" + agent + "': see `wvo plugins list` for the backends loaded"));
            AgentBackend.Availability availability = backend.availability();
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
        return List.copyOf(usable);
    }

    private void loop(String id, LockHandle me, Claimant claimant, ChangeWaiter changes, DeadWorkerProcesses orphans) {
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
                // a dead worker's agent still editing must stop before its task goes to another
                orphans.stop().forEach(o -> terminal.accept(id + ": stopped process " + o.process().pid()
                        + " that dead worker " + o.worker() + " left running"));
                Scheduler.ClaimResult claim = scheduler.claimNext(claimant.withAgents(t -> preferredAgent(t, agent.get())));
                claim.reclaimed().forEach(r -> reportReclaim(id, r));
                if (claim.claimed().isEmpty()) {
                    if (settings.exitWhenIdle() && nothingLeftToRun() && !workspace.hasMergesToMake()) {
                        terminal.accept(id + ": nothing left to run");
                        return;
                    }
                    setStatus(WorkerStatus.IDLE, null, null, null, null);
                    changes.await(settings.idleWait());
                    continue;
                }
                if (runTask(id, claim.claimed().get())) {
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

    /** @return whether the task finished, false when it was given back because every backend was limited */
    private boolean runTask(String id, ClaimedTask claimed) throws InterruptedException {
        TaskView task = claimed.task();
        int attempt = claimed.claim().attempt();
        Instant started = clock.instant();
        setStatus(WorkerStatus.WORKING, task.id(), attempt, started, null);
        record = record.withAgent(claimed.agent());
        terminal.accept(id + ": " + task.id() + " attempt " + attempt + " with " + claimed.agent() + ": " + task.title());
        try {
            return new Attempt(id, claimed, started, settings, services, stages).run(
                    stage -> setStatus(WorkerStatus.WORKING, task.id(), attempt, started, "stage " + stage),
                    () -> stopRequested);
        } finally {
            setStatus(WorkerStatus.IDLE, null, null, null, null);
        }
    }

    /** The task's own preferred backend, when it is loaded and not limited; else the chain's choice. */
    private String preferredAgent(TaskView task, String chainAgent) {
        String wanted = task.agent();
        if (wanted != null && services.backend(wanted).map(b -> b.availability().available()).orElse(false)
                && rateLimits.limitedUntil(wanted).isEmpty()) {
            return wanted;
        }
        return chainAgent;
    }

    /** True when no task is in progress anywhere and none can start: the roadmap is finished or stuck. */
    private boolean nothingLeftToRun() {
        List<TaskState> tasks = services.roadmap().tasks();
        Runnability runnability = new Runnability(tasks, workspace.claimRules().stackOnQueued());
        return tasks.stream().noneMatch(t -> Runnability.IN_PROGRESS.equals(t.status()) && t.claim() != null)
                && tasks.stream().allMatch(t -> runnability.blockingKind(t).isPresent());
    }

    /**
     * Whether a worker holds a task with a live claim: its worktree is in use and must not be
     * reconciled. A claim of a dead worker whose id this worker took over is not live.
     */
    private boolean hasLiveClaim(WorkerPresence presence, String worker) {
        return services.roadmap().tasks().stream().anyMatch(t -> Runnability.IN_PROGRESS.equals(t.status())
                && t.claim() != null && t.claim().worker().equals(worker) && presence.holds(t.claim()));
    }

    private void reportReclaim(String id, Reclaimed r) {
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
            services.registry().write(r.beatingAt(clock.instant(), RecordedProcess.of(AgentProcess.running())));
        } catch (RuntimeException e) {
            // the record is for display; liveness is the presence lock, so a failed write is only logged
            terminal.accept(r.id() + ": could not update its worker file: " + e.getMessage());
        }
    }

    private static Duration minimum(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? (a.isNegative() ? Duration.ZERO : a) : b;
    }
}
