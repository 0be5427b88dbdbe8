package dev.wvo.status;

import dev.wvo.accounts.Account;
import dev.wvo.accounts.Accounts;
import dev.wvo.accounts.Budget;
import dev.wvo.accounts.BudgetCheck;
import dev.wvo.accounts.Budgets;
import dev.wvo.accounts.CostLedger;
import dev.wvo.accounts.RateLimitBoard;
import dev.wvo.accounts.TaskBudget;
import dev.wvo.accounts.UsageRecord;
import dev.wvo.config.Config;
import dev.wvo.events.Event;
import dev.wvo.fs.StateDir;
import dev.wvo.git.MergeEntry;
import dev.wvo.git.MergeQueueStore;
import dev.wvo.gitmerge.RoadmapConflict;
import dev.wvo.lock.LockInfo;
import dev.wvo.lock.LockManager;
import dev.wvo.pipeline.StageProgress;
import dev.wvo.reactions.NeedsAttention;
import dev.wvo.roadmap.Roadmap;
import dev.wvo.roadmap.RoadmapBoardStore;
import dev.wvo.roadmap.RoadmapTask;
import dev.wvo.schedule.Blocker;
import dev.wvo.schedule.Claim;
import dev.wvo.schedule.Runnability;
import dev.wvo.schedule.TaskState;
import dev.wvo.schedule.WorkerPresence;
import dev.wvo.spi.Usage;
import dev.wvo.worker.WorkerRecord;
import dev.wvo.worker.WorkerRegistry;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * One read of a state directory, as typed values: the one model every view renders ({@code wvo
 * status} as text and as JSON, {@code wvo worker list}, the shell's dashboard, the web
 * view). It loads no plugins and takes no lock, and a {@link StatusReader} reads only what the
 * event log gained, so it is cheap enough to repeat every second; each part is read on its own,
 * so the parts may be a few milliseconds apart.
 *
 * @param readAt       when the snapshot was taken; every age is as of then
 * @param source       the state directory and where its locks are
 * @param tasks        the roadmap's tasks: counts, those in progress, those blocked for a person
 * @param workers      the worker records, with whether each one's process holds its presence lock
 * @param locks        every lock, held or waited for
 * @param rateLimits   the accounts that are limited now
 * @param accounts     every account known (configured, used by a live worker, limited, or spent on
 *                     today): usable or limited until when and why, and what it spent today
 * @param allLimited   the pool-wide state: every account of every live worker is limited until
 *                     the first of them resets; null when it does not hold
 * @param mergeQueue   the entries of {@code <state>/merge-queue/}, in queue order, whatever their status
 * @param conflicts    every conflict a person may have to settle
 * @param cost         what the agent runs of the cost ledger used
 * @param recentEvents the last events of {@code events.jsonl}, oldest first
 */
public record StatusSnapshot(Instant readAt, Source source, Tasks tasks, List<WorkerLine> workers,
                             List<LockInfo> locks, List<RateLimitBoard.Limit> rateLimits, List<AccountLine> accounts,
                             AllLimited allLimited, List<QueueLine> mergeQueue, Conflicts conflicts, Cost cost,
                             List<Event> recentEvents) {

    /** How many recent events a snapshot keeps. */
    public static final int RECENT_EVENTS = 20;
    /** The statuses wvo writes, always counted (as 0 when no task has them), before any other status. */
    public static final List<String> STATUSES = List.of(Runnability.PENDING, Runnability.IN_PROGRESS,
            Runnability.DONE, Runnability.FAILED, Runnability.BLOCKED);
    /** The count of done tasks whose branch waits in the merge queue (not counted as done), after done. */
    public static final String WAITING_TO_LAND = "done, waiting to land";

    public StatusSnapshot {
        workers = List.copyOf(workers);
        locks = List.copyOf(locks);
        rateLimits = List.copyOf(rateLimits);
        accounts = List.copyOf(accounts);
        mergeQueue = List.copyOf(mergeQueue);
        recentEvents = List.copyOf(recentEvents);
    }

    /**
     * What was read, and where its locks are.
     *
     * @param state       the state directory
     * @param lockBackend {@code file} or {@code zookeeper}
     * @param locksAt     the lock directory, or {@code zookeeper://HOSTS/ROOT}
     */
    public record Source(StateDir state, String lockBackend, String locksAt) {
    }

    /**
     * The roadmap's tasks. Every view shows the counts and the tasks that need an eye; only the
     * live views list every task, so each task's line (with why a pending one waits, which asks
     * the scheduler about every task: about 60 ms of a fresh JVM at 10,000 tasks) is made the
     * first time {@link #all()} is asked, once.
     */
    public static final class Tasks {
        private final Path file;
        private final boolean present;
        private final int total;
        private final Map<String, Integer> counts;
        private final int warnings;
        private final List<TaskInProgress> inProgress;
        private final List<NeedsAttention> needsAttention;
        private final List<Retrying> retrying;
        private Supplier<List<TaskLine>> lines; // null once made
        private List<TaskLine> all;

        /**
         * @param file           the roadmap file read
         * @param present        false if there is no roadmap file yet (then there are no tasks)
         * @param total          how many tasks {@code lines} makes
         * @param lines          makes every task with an id, in file order
         * @param counts         how many tasks have each status: {@link #STATUSES} first, then others by name
         * @param warnings       how many warnings reading the roadmap produced
         * @param inProgress     the tasks in progress, in file order
         * @param needsAttention the tasks wvo blocked for a person, in file order
         * @param retrying       the pending tasks whose last attempt failed, in file order
         */
        Tasks(Path file, boolean present, int total, Supplier<List<TaskLine>> lines, Map<String, Integer> counts,
              int warnings, List<TaskInProgress> inProgress, List<NeedsAttention> needsAttention, List<Retrying> retrying) {
            this.file = file;
            this.present = present;
            this.total = total;
            this.lines = lines;
            this.counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
            this.warnings = warnings;
            this.inProgress = List.copyOf(inProgress);
            this.needsAttention = List.copyOf(needsAttention);
            this.retrying = List.copyOf(retrying);
        }

        public Path file() {
            return file;
        }

        public boolean present() {
            return present;
        }

        /** Every task with an id, in file order. */
        public synchronized List<TaskLine> all() {
            if (lines != null) {
                all = List.copyOf(lines.get());
                lines = null;
            }
            return all;
        }

        public Map<String, Integer> counts() {
            return counts;
        }

        public int warnings() {
            return warnings;
        }

        public List<TaskInProgress> inProgress() {
            return inProgress;
        }

        public List<NeedsAttention> needsAttention() {
            return needsAttention;
        }

        public List<Retrying> retrying() {
            return retrying;
        }

        /** All tasks, done or not. */
        public int total() {
            return total;
        }

        /** How many tasks have the given status. */
        public int count(String status) {
            return counts.getOrDefault(status, 0);
        }

        /** The task with this id, if the roadmap has it. */
        public Optional<TaskLine> task(String id) {
            return all().stream().filter(t -> t.id().equals(id)).findFirst();
        }
    }

    /**
     * One task of the roadmap.
     *
     * @param worker     the current claim's worker, or null
     * @param epic       its epic, or null
     * @param domain     its domain, or null
     * @param waitingFor for a pending task that cannot run now, why not in a person's words (the
     *                   scheduler's own judgement); else null
     */
    public record TaskLine(String id, String title, String status, String worker, int attempts, int maxAttempts,
                           List<String> dependencies, List<String> problems, String epic, String domain,
                           String waitingFor) {
        public TaskLine {
            dependencies = List.copyOf(dependencies);
            problems = List.copyOf(problems);
        }
    }

    /**
     * A task in progress.
     *
     * @param worker      the claim's worker, or null (an {@code in_progress} written without a claim)
     * @param attempt     the claim's attempt, or null
     * @param claimedAt   when it was claimed, or null
     * @param age         how long ago, or null
     * @param workerAlive whether the claim's worker holds its presence lock
     * @param stage       its pipeline stage ({@code implement 1/4}), or null for a task without one
     */
    public record TaskInProgress(String id, String title, String worker, Integer attempt, Instant claimedAt,
                                 Duration age, boolean workerAlive, String stage) {
    }

    /**
     * A pending task whose last attempt failed and that will be tried again: an agent that was
     * refused its edits, changed nothing, timed out or failed. Its reason is shown beside the task,
     * not only in {@code task show}, so that a person sees a refusal before the retries run out.
     *
     * @param attempts    attempts spent
     * @param maxAttempts attempts allowed
     * @param reason      the last attempt's {@code result.summary}
     * @param since       when it ended ({@code result.finished_at}), or null
     */
    public record Retrying(String id, String title, int attempts, int maxAttempts, String reason, String since) {

        /** The pending tasks of {@code tasks} whose recorded result is a failure, in file order. */
        static List<Retrying> in(List<TaskState> tasks) {
            return tasks.stream()
                    .filter(t -> Runnability.PENDING.equals(t.status())
                            && t.view().extra().get("result") instanceof Map<?, ?> r && "failed".equals(r.get("outcome")))
                    .map(t -> {
                        Map<?, ?> result = (Map<?, ?>) t.view().extra().get("result");
                        Object since = result.get("finished_at");
                        return new Retrying(t.id(), t.view().title(), t.attempts(), t.maxAttempts(),
                                String.valueOf(result.get("summary")), since == null ? null : String.valueOf(since));
                    })
                    .toList();
        }
    }

    /**
     * A worker's record and whether a live process holds its presence lock.
     *
     * @param heartbeatAge how long ago the worker last rewrote its record
     */
    public record WorkerLine(WorkerRecord record, boolean alive, Duration heartbeatAge) {
        public String id() {
            return record.id();
        }
    }

    /**
     * One entry of the merge queue as a status view shows it.
     *
     * @param id            the entry id (its file name without {@code .json})
     * @param task          the task whose branch it is
     * @param branch        the task branch
     * @param status        {@code QUEUED}, {@code MERGED}, {@code CONFLICT}, {@code TEST_FAILED}, or
     *                      {@code UNREADABLE} when the file could not be read
     * @param priority      higher merges first
     * @param enqueuedAt    when it was queued (null when unreadable)
     * @param age           how long ago it was queued (null when unreadable)
     * @param conflictPaths the paths in conflict, for {@code CONFLICT}
     * @param failure       the first non-blank line of the test output for {@code TEST_FAILED}, or
     *                      what is wrong with the file for {@code UNREADABLE}; else null
     */
    public record QueueLine(String id, String task, String branch, String status, int priority, Instant enqueuedAt,
                            Duration age, List<String> conflictPaths, String failure) {
        /** The status of an entry whose file could not be read. */
        public static final String UNREADABLE = "UNREADABLE";

        public QueueLine {
            conflictPaths = List.copyOf(conflictPaths);
        }

        static QueueLine of(MergeEntry e, Instant now) {
            return new QueueLine(e.id(), e.taskId(), e.branch(), e.status().name(), e.priority(), e.enqueuedAt(),
                    Duration.between(e.enqueuedAt(), now), e.conflictPaths(), firstLine(e.failureTail()));
        }

        /** True if a person has to act: the merge stopped on a conflict or on failing tests, or the file is bad. */
        public boolean needsAttention() {
            return status.equals(MergeEntry.Status.CONFLICT.name()) || status.equals(MergeEntry.Status.TEST_FAILED.name())
                    || status.equals(UNREADABLE);
        }

        /** The conflicting paths of a {@code CONFLICT}, else the failure line, else null. */
        public String detail() {
            return conflictPaths.isEmpty() ? failure : String.join(", ", conflictPaths);
        }

        private static String firstLine(String text) {
            return text == null ? null : text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(null);
        }
    }

    /**
     * Every conflict a person may have to settle.
     *
     * @param artifacts  the {@code conflict} events of the whole log, oldest first: attempts that changed
     *                   the same lines ({@code wvo conflicts})
     * @param roadmap    the conflicts a git merge of the roadmap left in its {@code conflicts:} list
     * @param mergeQueue the merge-queue entries stopped on a conflict or failing tests, or unreadable
     */
    public record Conflicts(List<Event> artifacts, List<RoadmapConflict> roadmap, List<QueueLine> mergeQueue) {
        public Conflicts {
            artifacts = List.copyOf(artifacts);
            roadmap = List.copyOf(roadmap);
            mergeQueue = List.copyOf(mergeQueue);
        }

        public int total() {
            return artifacts.size() + roadmap.size() + mergeQueue.size();
        }

        /** The artifact conflicts whose suggestion is to escalate to a person. */
        public long escalated() {
            return artifacts.stream().filter(e -> "escalate".equals(e.details().get("suggestion"))).count();
        }
    }

    /**
     * What the agent runs recorded in the cost ledger used ({@code usage} events), against the budgets.
     *
     * @param total       every run, summed
     * @param byTask      per task, in the order the ledger first names them (every run of the task)
     * @param taskBudgets the budget of each task that has one (its own {@code budget:}, else the
     *                    configured per-task budget) with what counts against it (the runs since
     *                    its last reset), for the tasks of {@code byTask}
     * @param budgets     the configured budgets
     */
    public record Cost(CostLedger.Total total, Map<String, CostLedger.Total> byTask, Map<String, TaskBudget> taskBudgets,
                       Budgets budgets) {
        public Cost {
            byTask = Collections.unmodifiableMap(new LinkedHashMap<>(byTask));
            taskBudgets = Map.copyOf(taskBudgets);
        }

        /** What {@code runs} used, with the budgets of the tasks of {@code roadmap} (null when there is none) that ran. */
        static Cost of(List<UsageRecord> runs, Roadmap roadmap, Budgets budgets) {
            if (runs.isEmpty()) {
                // no time zone looked up (its first look-up opens every jar of the class path) for nothing to count
                return new Cost(CostLedger.Total.NONE, Map.of(), Map.of(), budgets);
            }
            Map<String, CostLedger.Total> byTask = CostLedger.totals(runs, CostLedger.By.TASK, ZoneId.systemDefault());
            // no run in the ledger: no task to look at (each id is decoded when asked, 10,000 of them)
            List<TaskState> ran = roadmap == null || byTask.isEmpty() ? List.of()
                    : RoadmapBoardStore.statesOf(roadmap, t -> byTask.containsKey(t.id()));
            Map<String, TaskBudget> taskBudgets = budgetsOf(ran, runs, byTask.keySet(), budgets);
            return new Cost(CostLedger.total(runs), byTask, taskBudgets, budgets);
        }

        /**
         * The budget of each of {@code ids} that has one, with what the task's runs since its last
         * reset spent: as the worker counts them ({@link BudgetCheck#task}). A {@code budget:} that
         * is none has no budget here (the worker blocks its task with that message).
         */
        public static Map<String, TaskBudget> budgetsOf(List<TaskState> tasks, List<UsageRecord> runs,
                                                       Collection<String> ids, Budgets budgets) {
            Map<String, TaskState> byId = new HashMap<>();
            tasks.forEach(t -> byId.putIfAbsent(t.id(), t));
            BudgetCheck ledger = new BudgetCheck(budgets, runs, Clock.systemUTC(), ZoneId.systemDefault());
            Map<String, TaskBudget> taskBudgets = new LinkedHashMap<>();
            for (String task : ids) {
                TaskState state = byId.get(task);
                Map<String, Object> fields = state == null ? Map.of() : state.view().extra();
                try {
                    Budget budget = budgets.ofTask(task, fields.get("budget"));
                    if (budget != null) {
                        int from = TaskBudget.fromAttemptOf(fields);
                        taskBudgets.put(task, new TaskBudget(budget, ledger.spentOnTask(task, from), from));
                    }
                } catch (IllegalArgumentException e) {
                    // shown as no budget
                }
            }
            return taskBudgets;
        }
    }

    /**
     * One account as the views show it.
     *
     * @param id          {@code claude:work}, or a backend's name for its default account
     * @param limit       its limit now (until when, why, reported by whom), or null when it is usable
     * @param spentToday  what its runs of today (the local date) used
     * @param runsToday   how many runs that was
     * @param dailyBudget the configured budget per account and day, or null
     */
    public record AccountLine(String id, RateLimitBoard.Limit limit, Usage spentToday, int runsToday, Budget dailyBudget) {

        public String backend() {
            return Account.backendOf(id);
        }

        /** True when no limit holds it now. */
        public boolean usable() {
            return limit == null;
        }

        /** True when it has a daily budget and spent it today (it then rests until midnight). */
        public boolean dailyBudgetReached() {
            return dailyBudget != null && dailyBudget.reachedBy(spentToday);
        }
    }

    /**
     * The pool-wide state "all agents limited until T".
     *
     * @param until   when the first limit lifts
     * @param account the account that resets first
     * @param reason  why it is limited
     */
    public record AllLimited(Instant until, String account, String reason) {
    }

    /**
     * Every account known: those configured, those of live workers, those on the board and those
     * spent on today; in that order, each once.
     */
    static List<AccountLine> accounts(Accounts configured, List<WorkerLine> workers, List<RateLimitBoard.Limit> active,
                                      List<UsageRecord> runs, Budgets budgets, Instant now) {
        Set<String> ids = new LinkedHashSet<>();
        configured.all().forEach(a -> ids.add(a.id()));
        workers.stream().filter(WorkerLine::alive).forEach(w -> ids.addAll(w.record().accounts()));
        active.forEach(l -> ids.add(l.account()));
        List<UsageRecord> ofToday = runs.isEmpty() ? List.of() : ofDay(runs, now, ZoneId.systemDefault());
        ofToday.forEach(r -> ids.add(r.account()));
        List<AccountLine> lines = new ArrayList<>();
        for (String id : ids) {
            List<UsageRecord> mine = ofToday.stream().filter(r -> r.account().equals(id)).toList();
            lines.add(new AccountLine(id, active.stream().filter(l -> l.account().equals(id)).findFirst().orElse(null),
                    mine.stream().map(UsageRecord::usage).reduce(Usage.NONE, Usage::plus), mine.size(),
                    budgets.accountPerDay()));
        }
        return lines;
    }

    /**
     * The runs of the local date of {@code now}. Asked only when there are runs: the first look-up
     * of a time zone's rules makes {@code java.time} look for rule providers with a
     * {@code ServiceLoader}, which opens and indexes every jar of the class path (docs/performance.md,
     * "CLI start-up on a 10,000-task roadmap").
     */
    private static List<UsageRecord> ofDay(List<UsageRecord> runs, Instant now, ZoneId zone) {
        LocalDate day = LocalDate.ofInstant(now, zone);
        return runs.stream().filter(r -> LocalDate.ofInstant(r.time(), zone).equals(day)).toList();
    }

    /** "All agents limited until T": every account of every live worker is limited; null when not. */
    static AllLimited allLimited(List<WorkerLine> workers, List<RateLimitBoard.Limit> active) {
        Set<String> pool = new LinkedHashSet<>();
        workers.stream().filter(WorkerLine::alive).forEach(w -> pool.addAll(w.record().accounts()));
        if (pool.isEmpty()) {
            return null;
        }
        List<RateLimitBoard.Limit> theirs = active.stream().filter(l -> pool.contains(l.account())).toList();
        if (!pool.stream().allMatch(id -> theirs.stream().anyMatch(l -> l.account().equals(id)))) {
            return null;
        }
        RateLimitBoard.Limit first = theirs.stream().min(Comparator.comparing(RateLimitBoard.Limit::until)).orElseThrow();
        return new AllLimited(first.until(), first.account(), first.reason());
    }

    /**
     * Reads the state directory.
     *
     * @param source the state directory (parts that do not exist yet read as empty) and its locks
     * @param locks  the lock manager of that state, used only to inspect
     * @param clock  the time the ages are measured against
     * @throws dev.wvo.roadmap.RoadmapException if the roadmap exists but cannot be parsed
     */
    public static StatusSnapshot read(Source source, LockManager locks, Clock clock) {
        return read(source, locks, clock, Config.read(source.state().config()));
    }

    /**
     * Reads the state directory once, with the accounts, limits and budgets of {@code config}. A
     * view that reads again and again keeps a {@link StatusReader}, which reads only what the
     * event log gained since its last read.
     *
     * @throws dev.wvo.roadmap.RoadmapException if the roadmap exists but cannot be parsed
     */
    public static StatusSnapshot read(Source source, LockManager locks, Clock clock, Config config) {
        return new StatusReader(source, locks, clock).read(config);
    }

    /** The worker records of the state, each with whether it is alive: {@code wvo worker list}. */
    public static List<WorkerLine> workers(StateDir state, LockManager locks, Instant now) {
        return workers(state, WorkerPresence.liveAmong(locks.inspect()), now);
    }

    static List<WorkerLine> workers(StateDir state, WorkerPresence.LiveWorkers alive, Instant now) {
        return new WorkerRegistry(state.workers()).list().stream()
                .map(r -> new WorkerLine(r, alive.contains(r.id()), nonNegative(Duration.between(r.heartbeatAt(), now))))
                .toList();
    }

    /**
     * What one pass over a roadmap's tasks finds: how many tasks have each status, and the few a
     * status view looks at closer ({@link #shownCloser}). Each task's status is decoded once (a kept
     * task decodes a field when asked), by a method the JVM compiles soon. It needs the roadmap only,
     * so {@link StatusReader} makes it where it reads the roadmap, ahead of the rest.
     *
     * @param statusCounts how many tasks have each status, in no order
     */
    record TaskPass(int total, Map<String, Integer> statusCounts, List<RoadmapTask> shown) {

        static TaskPass of(Roadmap roadmap) {
            List<RoadmapTask> all = roadmap.tasks();
            Map<String, Integer> statusCounts = new HashMap<>();
            List<RoadmapTask> shown = new ArrayList<>();
            for (RoadmapTask task : all) {
                note(task, statusCounts, shown);
            }
            return new TaskPass(all.size(), statusCounts, shown);
        }

        /** Counts the status of {@code task}, and adds the task to {@code shown} if {@link #shownCloser}. */
        private static void note(RoadmapTask task, Map<String, Integer> statusCounts, List<RoadmapTask> shown) {
            String status = task.status();
            statusCounts.merge(status, 1, Integer::sum);
            if (shownCloser(task, status)) {
                shown.add(task);
            }
        }
    }

    /**
     * The tasks of {@code roadmap}, read from {@code roadmapFile}; null when there is no roadmap
     * yet. The counts need each task's status only ({@code pass}); the scheduler's state (the
     * task's whole view) is made for the few tasks shown closer (in progress, blocked, retrying,
     * waiting to land), and for every task only when {@link Tasks#all()} is asked.
     *
     * @param pass the pass over {@code roadmap}'s tasks
     */
    static Tasks tasks(Path roadmapFile, Roadmap roadmap, TaskPass pass, WorkerPresence.LiveWorkers alive, Instant now) {
        if (roadmap == null) {
            return new Tasks(roadmapFile, false, 0, List::of, counts(Map.of(), 0), 0, List.of(), List.of(), List.of());
        }
        List<TaskState> closer = RoadmapBoardStore.statesOf(roadmap, pass.shown());
        List<TaskInProgress> inProgress = closer.stream().filter(s -> Runnability.IN_PROGRESS.equals(s.status()))
                .map(s -> {
                    Claim claim = s.claim();
                    return new TaskInProgress(s.id(), s.view().title(), claim == null ? null : claim.worker(),
                            claim == null ? null : claim.attempt(), claim == null ? null : claim.claimedAt(),
                            claim == null ? null : nonNegative(Duration.between(claim.claimedAt(), now)),
                            claim != null && alive.holds(claim),
                            StageProgress.of(s.view().extra()).map(StageProgress::label).orElse(null));
                })
                .toList();
        int waiting = (int) closer.stream().filter(s -> Runnability.DONE.equals(s.status()) && !Runnability.isMerged(s))
                .count();
        return new Tasks(roadmapFile, true, pass.total(), () -> lines(RoadmapBoardStore.statesOf(roadmap)),
                counts(pass.statusCounts(), waiting), roadmap.warnings().size(), inProgress, NeedsAttention.in(closer),
                Retrying.in(closer));
    }

    /**
     * Whether a status view may show the task on its own: in progress; blocked or pending with a
     * recorded result ({@link NeedsAttention}, {@link Retrying}); done with a merge that may not
     * have landed ({@link Runnability#isMerged}). A superset: each of those filters again.
     */
    private static boolean shownCloser(RoadmapTask task, String status) {
        return switch (status) {
            case Runnability.IN_PROGRESS -> true;
            case Runnability.BLOCKED, Runnability.PENDING -> task.fields().get("result") != null;
            case Runnability.DONE -> task.fields().get("merge") != null;
            default -> false;
        };
    }

    /** Each task's line, with why a pending one cannot start now. */
    private static List<TaskLine> lines(List<TaskState> states) {
        Runnability runnability = new Runnability(states);
        return states.stream().map(s -> new TaskLine(s.id(), s.view().title(), s.status(),
                s.claim() == null ? null : s.claim().worker(), s.attempts(), s.maxAttempts(),
                s.view().dependencies(), s.problems(), s.view().epic(), s.view().domain(),
                Runnability.PENDING.equals(s.status()) ? runnability.blockerOf(s).map(Blocker::detail).orElse(null)
                        : null)).toList();
    }

    /**
     * @param waitingToLand how many done tasks have their work on a branch not landed yet: counted
     *                      under {@link #WAITING_TO_LAND}, not as done, so that "done" means on the target
     */
    private static Map<String, Integer> counts(Map<String, Integer> statusCounts, int waitingToLand) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        STATUSES.forEach(s -> counts.put(s, statusCounts.getOrDefault(s, 0)));
        Map<String, Integer> others = new TreeMap<>(statusCounts);
        others.keySet().removeAll(STATUSES);
        counts.merge(Runnability.DONE, -waitingToLand, Integer::sum);
        Map<String, Integer> ordered = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> c : counts.entrySet()) {
            ordered.put(c.getKey(), c.getValue());
            if (c.getKey().equals(Runnability.DONE) && waitingToLand > 0) {
                ordered.put(WAITING_TO_LAND, waitingToLand);
            }
        }
        ordered.putAll(others);
        return ordered;
    }

    /**
     * The merge queue in queue order. An entry file that cannot be read does not hide the others:
     * it is listed last, as {@link QueueLine#UNREADABLE}, with the reason.
     */
    public static List<QueueLine> mergeQueue(StateDir state, Clock clock) {
        Instant now = clock.instant();
        MergeQueueStore.Scan scan = new MergeQueueStore(state.mergeQueue(), clock).scan();
        List<QueueLine> out = new ArrayList<>();
        scan.entries().forEach(e -> out.add(QueueLine.of(e, now)));
        scan.unreadable().forEach((id, why) ->
                out.add(new QueueLine(id, null, null, QueueLine.UNREADABLE, 0, null, null, List.of(), why)));
        return out;
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
