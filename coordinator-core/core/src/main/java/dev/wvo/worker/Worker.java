package dev.wvo.worker;

import dev.wvo.accounts.Account;
import dev.wvo.accounts.BudgetCheck;
import dev.wvo.accounts.ClockTime;
import dev.wvo.accounts.Budgets;
import dev.wvo.accounts.RateLimitBoard;
import dev.wvo.events.Event;
import dev.wvo.events.EventType;
import dev.wvo.git.TaskWorkspace;
import dev.wvo.notify.Notifications;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.ProcessRef;
import dev.wvo.schedule.Claimant;
import dev.wvo.schedule.MergeState;
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

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
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

    /** The accounts of {@code settings.agents()} that can run on this machine, in the order they are tried. */
    private List<Account> chain;
    /** Where this worker is parked, or null while it is not. */
    private Park park;
    /** The task this worker gave back because every account was limited, until its park says so; else null. */
    private String givenBack;
    /** The roadmap's state when this worker last found the run finished, so that it looks at each state once. */
    private String lastFinishedState;
    private volatile boolean stopRequested;
    private volatile Thread loopThread;
    /** The thread {@link #run()} runs on, which runs this worker's agents: those its record lists. */
    private volatile Thread runner;
    private volatile WorkerRecord record;
    /** The agent processes the last write of the record listed: their start times are not read again. */
    private volatile List<RecordedProcess> recordedProcesses = List.of();
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
        runner = Thread.currentThread();
        chain = usableAccounts();
        // a backend's resume setting that is neither true nor false stops the worker before it claims anything
        chain.forEach(a -> services.retry().resumes(a.backend(), settings.settingsOf(a)));
        WorkerPresence presence = new WorkerPresence(services.locks());
        LockHandle me = settings.id() == null ? presence.registerFirstFree()
                : presence.register(settings.id()).orElseThrow(() -> new IllegalStateException("A live worker already "
                + "runs as '" + settings.id() + "'; choose another --id or leave it out to get a free name"));
        String id = WorkerPresence.workerIdOf(me);
        control.clear(id);
        Instant now = clock.instant();
        ProcessRef self = ProcessRef.current();
        record = new WorkerRecord(id, self.pid(), self.host().hostName(), chain.get(0).id(), now, now,
                WorkerStatus.IDLE, null, null, null, null, List.of(), chain.stream().map(Account::id).toList());
        services.registry().write(record);
        ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wvo-worker-record " + id);
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleWithFixedDelay(() -> writeRecord(record), RECORD_INTERVAL.toMillis(),
                RECORD_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        loopThread = Thread.currentThread();
        // a live worker's worktree is in use, or kept for its next task
        workspace.reconcile(id, presence::isAlive);
        workspace.checkTarget(id);
        terminal.accept(id + ": started with " + String.join(" → ", chain.stream().map(Account::id).toList())
                + (policy == null ? "" : ", policy " + policy.name()));
        Claimant claimant = Claimant.of(me)
                .withPolicy(policy, settings.options(id))
                .withRules(workspace.claimRules());
        DeadWorkerProcesses orphans = new DeadWorkerProcesses(services.registry(), presence);
        try (ChangeWaiter changes = ChangeWaiter.forWorker(services.state(), control.directory())) {
            loop(id, me, claimant, changes, orphans);
        } finally {
            loopThread = null;
            Thread.interrupted(); // a stop request's interrupt must not break the cleanup below
            heartbeat.shutdownNow();
            leaveWorkspace(id);
            notifyNew();
            services.notifications().ifPresent(Notifications::close);
            setStatus(WorkerStatus.STOPPING, null, null, null, null);
            services.registry().remove(id);
            control.clear(id);
            me.release();
            terminal.accept(id + ": stopped after " + tasksRun + " task" + (tasksRun == 1 ? "" : "s"));
        }
    }

    /**
     * The accounts of the chain that can run here: their backend is loaded and runs here (one
     * configured by path is the user's word, and its run reports it if it is wrong), and every
     * variable they take from this worker's environment is set.
     *
     * @throws IllegalStateException if a backend or account is unknown, or none can run
     */
    private List<Account> usableAccounts() {
        List<Account> wanted;
        try {
            wanted = services.accounts().chain(settings.agents());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        List<Account> usable = new ArrayList<>();
        List<String> unusable = new ArrayList<>();
        for (Account account : wanted) {
            AgentBackend backend = services.backend(account.backend()).orElseThrow(() -> new IllegalStateException(
                    "Unknown agent backend '" + account.backend() + "': see `wvo plugins list` for the backends loaded"));
            AgentBackend.Availability availability = backend.availability();
            if (!availability.available() && !settings.settingsOf(account).containsKey("executable")) {
                unusable.add(account.id() + ": " + availability.detail());
                continue;
            }
            try {
                account.resolvedEnvironment(System.getenv());
                usable.add(account);
            } catch (IllegalStateException e) {
                unusable.add(e.getMessage());
            }
        }
        if (usable.isEmpty()) {
            throw new IllegalStateException("No account of " + String.join(" → ", settings.agents()) + " can run here: "
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
            notifyNew();
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
                if (runBudgetReached(id)) {
                    return;
                }
                Optional<Account> account = rateLimits.firstAvailable(chain);
                if (account.isEmpty() || (park != null && park.holdsBack(account.get(), clock.instant()))) {
                    // with nothing left to run, a worker told to exit when idle does not wait for a reset
                    if (endsIdle(id)) {
                        return;
                    }
                    waitParked(id, changes);
                    continue;
                }
                if (park != null) {
                    terminal.accept(id + ": " + account.get().id() + " can be used again; back to work");
                    park = null;
                }
                // a dead worker's agent still editing must stop before its task goes to another
                orphans.stop().forEach(o -> terminal.accept(id + ": stopped process " + o.process().pid()
                        + " that dead worker " + o.worker() + " left running"));
                Scheduler.ClaimResult claim = scheduler.claimNext(claimant.withAgents(t -> preferredAgent(t, account.get())));
                claim.reclaimed().forEach(r -> reportReclaim(id, r));
                if (claim.claimed().isEmpty()) {
                    if (endsIdle(id)) {
                        return;
                    }
                    setStatus(WorkerStatus.IDLE, null, null, null, null);
                    notifyNew();
                    changes.await(settings.idleWait());
                    continue;
                }
                if (runTask(id, claim.claimed().get())) {
                    tasksRun++;
                } else {
                    givenBack = claim.claimed().get().task().id();
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

    /**
     * Whether the worker ends because nothing is left to run and it was told to exit when idle;
     * a finished run is announced either way.
     */
    private boolean endsIdle(String id) {
        boolean finished = nothingLeftToRun() && !workspace.hasMergesToMake();
        if (finished) {
            announceRunFinished(id);
        }
        if (settings.exitWhenIdle() && finished) {
            terminal.accept(id + ": nothing left to run");
            return true;
        }
        return false;
    }

    /**
     * The account a task runs on: the task's own backend or account ({@code agent:} in the roadmap)
     * when it is loaded, runs here and one of its accounts is not limited; else the chain's choice.
     */
    private String preferredAgent(TaskView task, Account chainChoice) {
        String wanted = task.agent();
        if (wanted == null || !services.backend(Account.backendOf(wanted)).map(b -> b.availability().available())
                .orElse(false)) {
            return chainChoice.id();
        }
        List<Account> candidates;
        try {
            candidates = services.accounts().chain(List.of(wanted));
        } catch (IllegalArgumentException e) {
            return chainChoice.id(); // an account this configuration does not define
        }
        return rateLimits.firstAvailable(candidates).map(Account::id).orElse(chainChoice.id());
    }

    /**
     * Checks the budgets that concern the worker before it claims: an account of its chain that
     * reached its daily budget goes on the board until midnight (the worker then moves on to its
     * next account, or parks), with a {@code budget} event once per account and day; and when the
     * worker's own run reached its budget, it says so and stops.
     *
     * @return whether the run's budget is reached
     */
    private boolean runBudgetReached(String id) {
        Budgets budgets = services.budgets();
        if (budgets.accountPerDay() == null && budgets.run() == null) {
            return false;
        }
        BudgetCheck check = services.budgetCheck();
        for (Account account : chain) {
            if (rateLimits.limitOf(account.id()).isPresent()) {
                continue;
            }
            check.accountToday(account.id()).ifPresent(reached -> {
                rateLimits.mark(account.id(), reached.until(), id, "budget: " + reached.describe());
                if (services.announcements().first("budget:" + account.id() + ":" + reached.until())) {
                    budgetEvent(id, null, reached, "parked until midnight");
                }
                terminal.accept(id + ": " + reached.describe() + "; " + account.id() + " rests until "
                        + ClockTime.of(reached.until()));
            });
        }
        Optional<BudgetCheck.Reached> run = check.run(id, record.startedAt());
        run.ifPresent(reached -> {
            budgetEvent(id, null, reached, "stopped");
            terminal.accept(id + ": " + reached.describe() + "; it takes no more tasks (raise budget.run in config.yaml "
                    + "to let workers spend more)");
        });
        return run.isPresent();
    }

    private void budgetEvent(String id, String task, BudgetCheck.Reached reached, String action) {
        services.events().append(Event.of(clock, EventType.BUDGET, id, task, null, BudgetEvents.details(reached, action)));
    }

    /**
     * Waits, parked, for the first of the chain's limits to lift: says once "parked until HH:MM
     * (claude:work resets first)", writes a {@code park} event (and the pool's {@code all-limited}
     * event when every live worker is limited too, once), and sleeps until the reset and a little
     * jitter, woken early only by the board changing (a person lifting a limit) or a request.
     */
    private void waitParked(String id, ChangeWaiter changes) throws InterruptedException {
        Instant now = clock.instant();
        RateLimitBoard.Limit first = rateLimits.nextLift(chain).orElse(null);
        Instant lifts = first == null ? now.plus(settings.idleWait()) : first.until();
        if (park == null || !park.lifts().equals(lifts)) {
            park = Park.until(lifts, first, rateLimits.active(), now, services.limits().wakeJitter());
            // a worker that parks before it claims gave nothing back
            terminal.accept(id + ": " + park.describe() + (givenBack == null ? ""
                    : "; " + givenBack + " went back without spending an attempt"));
            givenBack = null;
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("until", lifts.toString());
            details.put("wake_at", park.wakeAt().toString());
            details.put("account", first == null ? null : first.account());
            details.put("reason", first == null ? null : first.reason());
            details.put("accounts", chain.stream().map(Account::id).toList());
            services.events().append(Event.of(clock, EventType.PARK, id, null, null, details));
            announceIfAllLimited(id);
        }
        setStatus(WorkerStatus.PARKED, null, null, null, park.describe());
        notifyNew();
        changes.await(minimum(Duration.between(clock.instant(), park.wakeAt()), settings.idleWait()));
    }

    /**
     * The pool-wide state: when every account of every live worker is limited, the first worker
     * to see it writes one {@code all-limited} event for that time.
     */
    private void announceIfAllLimited(String id) {
        Set<String> accounts = services.registry().liveAccountsWith(services.locks(), chain);
        rateLimits.allLimited(accounts).ifPresent(limit -> {
            if (services.announcements().first(EventType.ALL_LIMITED.id() + ":" + limit.until())) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("until", limit.until().toString());
                details.put("account", limit.account());
                details.put("reason", limit.reason());
                details.put("accounts", List.copyOf(accounts));
                services.events().append(Event.of(clock, EventType.ALL_LIMITED, id, null, null, details));
                terminal.accept(id + ": all agents are limited until " + ClockTime.of(limit.until()) + " ("
                        + limit.account() + " resets first)");
            }
        });
    }

    /** Hands what the event log gained to the notifications; a failure there is reported and never stops the worker. */
    private void notifyNew() {
        services.notifications().ifPresent(n -> {
            try {
                n.deliverNew();
            } catch (RuntimeException e) {
                terminal.accept("wvo: could not send notifications: " + e.getMessage());
            }
        });
    }

    /**
     * The run is finished (nothing in progress, nothing can start, no work waiting to land): the
     * first worker to see this state of the roadmap writes one {@code run-finished} event with the
     * counts and the cost.
     */
    private void announceRunFinished(String id) {
        List<TaskState> tasks = services.roadmap().tasks();
        if (tasks.stream().anyMatch(t -> Runnability.MERGE_QUEUED.equals(MergeState.of(t).merge()))) {
            // closes the race with a landing under way in another worker: its outcome may still block
            // the task, and that worker announces the run's end once it has applied it
            return;
        }
        String state = tasks.stream().map(t -> t.id() + "=" + t.status() + "/" + t.attempts())
                .collect(Collectors.joining(","));
        if (state.equals(lastFinishedState)) {
            return;
        }
        lastFinishedState = state;
        if (tasks.isEmpty() || !services.announcements().first(EventType.RUN_FINISHED.id() + ":" + digest(state))) {
            return;
        }
        Map<String, Long> counts = new TreeMap<>(tasks.stream().collect(
                Collectors.groupingBy(TaskState::status, Collectors.counting())));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("counts", counts);
        details.put("summary", tasks.size() + " task" + (tasks.size() == 1 ? "" : "s") + ": " + counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")));
        services.events().append(Event.of(clock, EventType.RUN_FINISHED, id, null, null, details));
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** True when no task is in progress anywhere and none can start: the roadmap is finished or stuck. */
    private boolean nothingLeftToRun() {
        List<TaskState> tasks = services.roadmap().tasks();
        Runnability runnability = new Runnability(tasks, workspace.claimRules().stackOnQueued());
        return tasks.stream().noneMatch(t -> Runnability.IN_PROGRESS.equals(t.status()) && t.claim() != null)
                && tasks.stream().allMatch(t -> runnability.blockingKind(t).isPresent());
    }

    /** Removes what the workspace kept between tasks; a git failure there is reported, and the worker stops all the same. */
    private void leaveWorkspace(String id) {
        try {
            workspace.leave(id);
        } catch (RuntimeException e) {
            terminal.accept(id + ": could not remove its worktree: " + e.getMessage());
        }
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
            List<RecordedProcess> running = RecordedProcess.of(AgentProcess.startedBy(runner), recordedProcesses);
            recordedProcesses = running;
            services.registry().write(r.beatingAt(clock.instant(), running));
        } catch (RuntimeException e) {
            // the record is for display; liveness is the presence lock, so a failed write is only logged
            terminal.accept(r.id() + ": could not update its worker file: " + e.getMessage());
        }
    }

    private static Duration minimum(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? (a.isNegative() ? Duration.ZERO : a) : b;
    }
}
