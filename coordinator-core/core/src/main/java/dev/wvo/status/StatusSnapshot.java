package dev.wvo.status;

import dev.wvo.events.Event;
import dev.wvo.events.EventReader;
import dev.wvo.events.EventType;
import dev.wvo.git.MergeEntry;
import dev.wvo.git.MergeQueueStore;
import dev.wvo.gitmerge.RoadmapConflict;
import dev.wvo.gitmerge.RoadmapConflicts;
import dev.wvo.lock.HolderInfo;
import dev.wvo.lock.LockInfo;
import dev.wvo.lock.LockManager;
import dev.wvo.pipeline.StageProgress;
import dev.wvo.reactions.NeedsAttention;
import dev.wvo.roadmap.Roadmap;
import dev.wvo.roadmap.RoadmapBoardStore;
import dev.wvo.roadmap.RoadmapReader;
import dev.wvo.schedule.TaskState;
import dev.wvo.schedule.WorkerPresence;
import dev.wvo.accounts.CostLedger;
import dev.wvo.accounts.RateLimitBoard;
import dev.wvo.worker.WorkerRecord;
import dev.wvo.worker.WorkerRegistry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One read of a state directory, as plain values: what a status view or dashboard shows. It
 * loads no plugins and takes no lock, so it is cheap enough to repeat every second; each part
 * is read on its own, so the parts may be a few milliseconds apart.
 *
 * @param readAt          when the snapshot was taken
 * @param roadmapFile     the roadmap file read ({@code <state>/roadmap.yaml})
 * @param roadmapPresent  false if there is no roadmap file yet (then there are no tasks)
 * @param tasks           every task with an id, in file order
 * @param counts          how many tasks have each status, statuses sorted by name
 * @param inProgress      the tasks being run now
 * @param workers         the worker records, with whether their process is alive
 * @param locks           the locks held or waited for
 * @param rateLimits      the back ends that are cooling down
 * @param recentEvents    the last events of {@code events.jsonl}, oldest first
 * @param conflicts       the conflict events of the whole log, oldest first
 * @param roadmapWarnings how many warnings reading the roadmap produced
 * @param mergeQueue      the entries of {@code <state>/merge-queue/}, in queue order, whatever their status
 * @param roadmapConflicts the conflicts a git merge of the roadmap left in its {@code conflicts:} list
 * @param needsAttention  the tasks wvo blocked for a person, in file order
 * @param cost            what every agent run recorded in the cost ledger used, summed
 */
public record StatusSnapshot(Instant readAt, Path roadmapFile, boolean roadmapPresent, List<TaskLine> tasks,
                             Map<String, Integer> counts, List<TaskInProgress> inProgress, List<WorkerLine> workers,
                             List<LockLine> locks, List<RateLimitBoard.Limit> rateLimits, List<Event> recentEvents,
                             List<Event> conflicts, int roadmapWarnings, List<QueueLine> mergeQueue,
                             List<RoadmapConflict> roadmapConflicts,
                             List<NeedsAttention> needsAttention, CostLedger.Total cost) {

    /** How many recent events a snapshot keeps. */
    public static final int RECENT_EVENTS = 20;

    public StatusSnapshot {
        tasks = List.copyOf(tasks);
        counts = Collections.unmodifiableSortedMap(new TreeMap<>(counts));
        inProgress = List.copyOf(inProgress);
        workers = List.copyOf(workers);
        locks = List.copyOf(locks);
        rateLimits = List.copyOf(rateLimits);
        recentEvents = List.copyOf(recentEvents);
        conflicts = List.copyOf(conflicts);
        mergeQueue = List.copyOf(mergeQueue);
        roadmapConflicts = List.copyOf(roadmapConflicts);
        needsAttention = List.copyOf(needsAttention);
    }

    /** One task of the roadmap: its id, title, status and current claim's worker (or null). */
    public record TaskLine(String id, String title, String status, String worker, int attempts, int maxAttempts,
                           List<String> dependencies, List<String> problems) {
        public TaskLine {
            dependencies = List.copyOf(dependencies);
            problems = List.copyOf(problems);
        }
    }

    /**
     * A task being run: by whom, which attempt, for how long (null if the claim has no time), and
     * the stage of its pipeline ({@code implement 1/4}; null for a task without one).
     */
    public record TaskInProgress(String id, String title, String worker, int attempt, Duration age, String stage) {

        /** A task without a pipeline. */
        public TaskInProgress(String id, String title, String worker, int attempt, Duration age) {
            this(id, title, worker, attempt, age, null);
        }
    }

    /** A worker's record and whether a live process holds its presence lock. */
    public record WorkerLine(WorkerRecord record, boolean alive) {
        public String id() {
            return record.id();
        }
    }

    /** A lock: its resource, mode, holders (described), and whether every holder is stale. */
    public record LockLine(String resource, String mode, List<String> holders, boolean stale) {
        public LockLine {
            holders = List.copyOf(holders);
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

        private static String firstLine(String text) {
            return text == null ? null : text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(null);
        }
    }

    /**
     * Reads the state directory.
     *
     * @param stateDir the state directory; parts that do not exist yet read as empty
     * @param locks    the lock manager of {@code <state>/locks}, used only to inspect
     * @param clock    the time the ages are measured against
     * @throws dev.wvo.roadmap.RoadmapException if the roadmap exists but cannot be parsed
     */
    public static StatusSnapshot read(Path stateDir, LockManager locks, Clock clock) {
        Instant now = clock.instant();
        Path roadmapFile = stateDir.resolve("roadmap.yaml");
        boolean present = Files.isRegularFile(roadmapFile);
        List<TaskLine> tasks = List.of();
        List<TaskInProgress> inProgress = List.of();
        int warnings = 0;
        List<RoadmapConflict> roadmapConflicts = List.of();
        List<NeedsAttention> attention = List.of();
        if (present) {
            Roadmap roadmap = RoadmapReader.read(roadmapFile);
            roadmapConflicts = roadmapConflicts(roadmap);
            List<TaskState> states = RoadmapBoardStore.statesOf(roadmap);
            attention = NeedsAttention.in(states);
            tasks = states.stream().map(s -> new TaskLine(s.id(), s.view().title(), s.status(),
                    s.claim() == null ? null : s.claim().worker(), s.attempts(), s.maxAttempts(),
                    s.view().dependencies(), s.problems())).toList();
            inProgress = states.stream().filter(s -> "in_progress".equals(s.status()))
                    .map(s -> new TaskInProgress(s.id(), s.view().title(),
                            s.claim() == null ? null : s.claim().worker(),
                            s.claim() == null ? s.attempts() : s.claim().attempt(),
                            s.claim() == null || s.claim().claimedAt() == null ? null
                                    : Duration.between(s.claim().claimedAt(), now),
                            StageProgress.of(s.view().extra()).map(StageProgress::label).orElse(null)))
                    .toList();
            warnings = roadmap.warnings().size();
        }
        Map<String, Integer> counts = new TreeMap<>();
        tasks.forEach(t -> counts.merge(t.status(), 1, Integer::sum));

        WorkerPresence presence = new WorkerPresence(locks);
        List<WorkerLine> workers = new WorkerRegistry(stateDir.resolve("workers")).list().stream()
                .map(r -> new WorkerLine(r, presence.isAlive(r.id()))).toList();
        List<LockLine> lockLines = locks.inspect().stream().map(StatusSnapshot::lockLine).toList();
        List<RateLimitBoard.Limit> limits = new RateLimitBoard(stateDir, locks, clock).active();

        List<Event> events = Files.isRegularFile(stateDir.resolve("events.jsonl"))
                ? EventReader.in(stateDir).readAll().events() : List.of();
        List<Event> recent = events.subList(Math.max(0, events.size() - RECENT_EVENTS), events.size());
        List<Event> conflicts = events.stream().filter(e -> e.is(EventType.CONFLICT)).toList();
        return new StatusSnapshot(now, roadmapFile, present, tasks, counts, inProgress, workers, lockLines, limits,
                recent, conflicts, warnings, mergeQueue(stateDir.resolve("merge-queue"), clock), roadmapConflicts,
                attention, CostLedger.total(CostLedger.of(events)));
    }

    /**
     * The conflicts recorded in the roadmap's top-level {@code conflicts:} list. Finding that list
     * parses the file a second time, so it is done only when the text has such a key at the start
     * of a line: {@code wvo status} is typed often and its start-up time counts.
     */
    public static List<RoadmapConflict> roadmapConflicts(Roadmap roadmap) {
        String text = roadmap.text();
        boolean mayHave = text.startsWith(RoadmapConflicts.KEY + ":") || text.contains("\n" + RoadmapConflicts.KEY + ":");
        return mayHave ? RoadmapConflicts.list(roadmap) : List.of();
    }

    /**
     * The merge queue in queue order. An entry file that cannot be read does not hide the others:
     * it is listed last, as {@link QueueLine#UNREADABLE}, with the reason.
     *
     * @param queueDir the queue directory, {@code <state>/merge-queue}; missing reads as empty
     */
    public static List<QueueLine> mergeQueue(Path queueDir, Clock clock) {
        Instant now = clock.instant();
        MergeQueueStore.Scan scan = new MergeQueueStore(queueDir, clock).scan();
        List<QueueLine> out = new ArrayList<>();
        scan.entries().forEach(e -> out.add(QueueLine.of(e, now)));
        scan.unreadable().forEach((id, why) ->
                out.add(new QueueLine(id, null, null, QueueLine.UNREADABLE, 0, null, null, List.of(), why)));
        return out;
    }

    private static LockLine lockLine(LockInfo info) {
        return new LockLine(info.resource(), info.mode().name().toLowerCase(),
                info.holders().stream().map(HolderInfo::describe).toList(), info.isStale());
    }

    /** The merge-queue entries a person has to act on: stopped on a conflict or failing tests, or unreadable. */
    public List<QueueLine> mergeQueueProblems() {
        return mergeQueue.stream().filter(QueueLine::needsAttention).toList();
    }

    /** All tasks, done or not. */
    public int totalTasks() {
        return tasks.size();
    }

    /** How many tasks have the given status. */
    public int count(String status) {
        return counts.getOrDefault(status, 0);
    }

    /** The task with this id, if the roadmap has it. */
    public Optional<TaskLine> task(String id) {
        return tasks.stream().filter(t -> t.id().equals(id)).findFirst();
    }
}
