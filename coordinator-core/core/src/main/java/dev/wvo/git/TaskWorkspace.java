package dev.wvo.git;

import dev.wvo.config.ConfigFile;
import dev.wvo.events.Event;
import dev.wvo.events.EventLog;
import dev.wvo.events.EventType;
import dev.wvo.reactions.Reactions;
import dev.wvo.schedule.ClaimRules;
import dev.wvo.schedule.ClaimedTask;
import dev.wvo.schedule.Runnability;
import dev.wvo.schedule.TaskBoardStore;
import dev.wvo.schedule.TaskState;
import dev.wvo.spi.TaskView;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Where a claimed task runs and what becomes of its work: the worker's own directory, or a git
 * worktree on the task's branch whose result is committed and queued for merging. Also drains the
 * merge queue and reconciles worktrees left by dead workers, so that the worker loop only calls in.
 */
public final class TaskWorkspace {

    /**
     * Where one attempt runs.
     *
     * @param directory the agent's working directory
     * @param branch    the task branch, or null when the attempt runs in the worker's own directory
     * @param start     the commit the branch started from, or null
     */
    public record Place(Path directory, String branch, String start) {
        /** Whether the attempt runs in a worktree of its own. */
        public boolean isolated() {
            return branch != null;
        }
    }

    private final WorktreeSettings settings;
    private final Path workingDirectory;
    private final TaskWorktrees worktrees;
    private final MergeQueueStore queue;
    private final MergeQueue merges;
    private final MergeOutcomes outcomes;
    private final TaskBoardStore roadmap;
    private final EventLog events;
    private final Clock clock;
    private final Consumer<String> terminal;
    private volatile boolean targetDirty;
    private volatile boolean queueFailing;
    /** What the last drain could not do, so that a worker waking every few seconds says it once. */
    private String lastProblem;

    /**
     * @param worktrees the repository and target, or null when {@code settings} are off
     * @param merges    the queue's merger, or null when {@code settings} are off
     * @param outcomes  how merge results change tasks, or null when {@code settings} are off
     */
    public TaskWorkspace(WorktreeSettings settings, Path workingDirectory, TaskWorktrees worktrees, MergeQueueStore queue,
                         MergeQueue merges, MergeOutcomes outcomes, TaskBoardStore roadmap, EventLog events, Clock clock,
                         Consumer<String> terminal) {
        this.settings = settings;
        this.workingDirectory = workingDirectory;
        this.worktrees = worktrees;
        this.queue = queue;
        this.merges = merges;
        this.outcomes = outcomes;
        this.roadmap = roadmap;
        this.events = events;
        this.clock = clock;
        this.terminal = terminal;
    }

    /**
     * The workspace of a worker with these settings: {@link #off} when they are off, else over the git
     * repository containing {@code settings.repo()} (or the working directory) and the queue in
     * {@code stateDir}.
     *
     * @throws IllegalStateException when worktrees are on and no git repository contains the directory
     */
    public static TaskWorkspace open(WorktreeSettings settings, Path workingDirectory, Path stateDir,
                                     dev.wvo.lock.LockManager locks, TaskBoardStore roadmap, EventLog events, Clock clock,
                                     Consumer<String> terminal) {
        if (!settings.enabled()) {
            return off(workingDirectory);
        }
        Path where = settings.repo().orElse(workingDirectory);
        TaskWorktrees worktrees;
        try {
            worktrees = TaskWorktrees.forDirectory(where, settings.targetBranch());
        } catch (IllegalStateException e) {
            throw new IllegalStateException("--worktree " + settings.mode().name().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', '-') + " needs a git repository, and none contains " + where.toAbsolutePath()
                    + "; run the worker inside one, give --repo DIR, or use --worktree off", e);
        }
        MergeQueueStore queue = MergeQueueStore.in(stateDir, clock);
        MergeQueue merges = new MergeQueue(worktrees, queue, locks, settings.testCommand(), settings.onConflict(),
                settings.keepWorktrees(), clock, ownFiles(worktrees.repoDir(), stateDir));
        MergeOutcomes outcomes = new MergeOutcomes(roadmap, worktrees, queue, stateDir, events, clock, terminal,
                Reactions.read(ConfigFile.read(stateDir.resolve("config.yaml"))));
        return new TaskWorkspace(settings, workingDirectory, worktrees, queue, merges, outcomes, roadmap, events, clock,
                terminal);
    }

    /**
     * What of the checkout is wvo's own and never the user's work in progress: the task worktrees
     * (git lists each as an untracked nested repository) and the state directory when it lies in
     * the repository, which workers write all the time and users keep in git.
     */
    static List<String> ownFiles(Path repoDir, Path stateDir) {
        Path repo = repoDir.toAbsolutePath().normalize();
        Path state = stateDir.toAbsolutePath().normalize();
        List<String> own = new java.util.ArrayList<>(List.of(".wvo"));
        if (state.startsWith(repo) && !state.equals(repo)) {
            own.add(repo.relativize(state).toString().replace(java.io.File.separatorChar, '/'));
        }
        return own;
    }

    /** Every task runs in {@code workingDirectory}; nothing is merged. */
    public static TaskWorkspace off(Path workingDirectory) {
        return new TaskWorkspace(WorktreeSettings.off(), workingDirectory, null, null, null, null, null, null, null,
                line -> { });
    }

    /** What the scheduler may let this worker claim. */
    public ClaimRules claimRules() {
        return settings.enabled() ? new ClaimRules(true, true) : ClaimRules.PLAIN;
    }

    /**
     * Gives a claimed task its working directory: a fresh worktree on {@code wvo/<worker>/<task>}
     * when the mode asks for one (or the task is stacked on an unmerged dependency), else the
     * worker's own directory.
     */
    public Place prepare(String worker, ClaimedTask claimed) {
        boolean isolate = settings.mode().useWorktree(claimed.isolated()) || claimed.stackedOn() != null;
        if (!settings.enabled() || !isolate) {
            return new Place(workingDirectory, null, null);
        }
        String taskId = claimed.task().id();
        clearWorktreeOf(worker);
        String branch = TaskWorktrees.branchName(worker, taskId);
        if (worktrees.branchExists(branch)) {
            if (worktrees.isMerged(branch)) {
                worktrees.deleteBranch(branch);
            } else {
                String kept = worktrees.setAside(branch, "attempt");
                terminal.accept(worker + ": kept the earlier work of " + taskId + " on branch " + kept);
            }
        }
        Path dir = worktrees.create(worker, taskId, Optional.ofNullable(claimed.stackedOn()));
        String start = head(dir).name();
        terminal.accept(worker + ": " + taskId + " runs in " + dir + " on " + branch
                + (claimed.stackedOn() == null ? " from " + worktrees.targetBranch() : " stacked on " + claimed.stackedOn()));
        return new Place(dir, branch, start);
    }

    /**
     * After a successful attempt in a worktree: commits what the agent left uncommitted, and when the
     * branch holds new work records {@code branch:}/{@code merge: queued} on the task and queues the
     * branch. Call before completing the task, so that no dependent ever sees it done and unqueued.
     *
     * @return the queue entry, or empty when the attempt ran in place or changed nothing
     */
    public Optional<MergeEntry> deliver(String worker, ClaimedTask claimed, Place place) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        TaskView task = claimed.task();
        if (!place.isolated()) {
            forgetEarlierMerge(task);
            return Optional.empty();
        }
        commitLeftovers(worker, place, "wvo: " + task.id() + " attempt " + claimed.claim().attempt() + " by " + worker
                + "\n\n" + task.title() + "\n");
        if (head(place.directory()).name().equals(place.start())) {
            forgetEarlierMerge(task);
            return Optional.empty();
        }
        roadmap.update(board -> {
            board.recordMerge(task.id(), place.branch(), Runnability.MERGE_QUEUED);
            return null;
        });
        MergeEntry entry = queue.enqueue(task.id(), place.branch(), task.priority());
        terminal.accept(worker + ": " + task.id() + " queued for merging into " + worktrees.targetBranch()
                + " (entry " + entry.id() + ")");
        return Optional.of(entry);
    }

    /**
     * Removes the {@code branch:}/{@code merge:} an earlier attempt left (e.g. {@code merge: conflict}
     * after a rebase): this attempt has nothing to merge, and a stale value would hold dependents back.
     */
    private void forgetEarlierMerge(TaskView task) {
        roadmap.update(board -> {
            board.tasks().stream().filter(t -> t.id().equals(task.id())).findFirst()
                    .filter(t -> t.view().extra().containsKey("merge") || t.view().extra().containsKey("branch"))
                    .ifPresent(t -> board.recordMerge(t.id(), null, null));
            return null;
        });
    }

    /**
     * Takes back a queued entry whose task completion was not accepted (the claim was lost), and the
     * {@code merge: queued} it gave the task unless the task is done; the branch keeps the work.
     */
    public void withdraw(MergeEntry entry) {
        queue.drop(entry.id());
        roadmap.update(board -> {
            board.tasks().stream().filter(t -> t.id().equals(entry.taskId())).findFirst()
                    .filter(t -> !Runnability.DONE.equals(t.status()))
                    .filter(t -> entry.branch().equals(String.valueOf(t.view().extra().get("branch"))))
                    .ifPresent(t -> board.recordMerge(t.id(), null, null));
            return null;
        });
    }

    /**
     * Ends an attempt's use of its worktree: removed (unless worktrees are kept), its branch kept
     * when it holds work. A failed attempt's leftovers are committed to its branch first, so nothing is lost.
     */
    public void release(String worker, ClaimedTask claimed, Place place, boolean delivered) {
        if (!place.isolated()) {
            return;
        }
        if (!delivered) {
            commitLeftovers(worker, place, "wvo: what attempt " + claimed.claim().attempt() + " of " + claimed.task().id()
                    + " left behind\n");
        }
        if (!settings.keepWorktrees()) {
            worktrees.remove(worker);
        }
        if (!delivered && head(worktrees.repoDir(), place.branch()).map(ObjectId::name).orElse(place.start())
                .equals(place.start()) && !settings.keepWorktrees()) {
            worktrees.deleteBranch(place.branch()); // it holds nothing the target or another branch lacks
        }
    }

    /**
     * Lands every entry of the queue that is ready, applying each outcome; held entries (their
     * task not done, or a dependency not merged) wait.
     */
    public List<MergeOutcome> drainQueue(String worker) {
        if (!settings.enabled()) {
            return List.of();
        }
        recordLandedMerges(worker);
        List<MergeOutcome> done;
        try {
            done = merges.drain(this::ready);
        } catch (IllegalStateException e) {
            // the entry at the head stays queued until a person acts on the message; an idle worker must not wait for that
            queueFailing = true;
            String problem = worker + ": merge queue: " + e.getMessage();
            if (!problem.equals(lastProblem)) {
                terminal.accept(problem);
            }
            lastProblem = problem;
            return List.of();
        }
        queueFailing = false;
        targetDirty = done.stream().anyMatch(o -> o.kind() == MergeOutcome.Kind.TARGET_CHECKED_OUT_DIRTY);
        String problem = null;
        for (MergeOutcome o : done) {
            if (o.kind() == MergeOutcome.Kind.TARGET_CHECKED_OUT_DIRTY) {
                problem = "dirty " + o.entry().id() + " " + o.conflictPaths();
                if (problem.equals(lastProblem)) {
                    continue; // reported already, and it changes no task
                }
            }
            outcomes.apply(o, worker);
        }
        lastProblem = problem;
        return done;
    }

    /**
     * Applies the landing of entries that are merged while their task still says {@code merge: queued}:
     * a worker that died between moving the target and recording it must not hold dependents back.
     */
    private void recordLandedMerges(String worker) {
        List<MergeEntry> landed = queue.list().stream().filter(e -> e.status() == MergeEntry.Status.MERGED).toList();
        if (landed.isEmpty()) {
            return;
        }
        List<MergeEntry> unrecorded = roadmap.update(board -> landed.stream().filter(e -> board.tasks().stream()
                .anyMatch(t -> t.id().equals(e.taskId()) && Runnability.MERGE_QUEUED.equals(t.view().extra().get("merge"))
                        && e.branch().equals(String.valueOf(t.view().extra().get("branch"))))).toList());
        for (MergeEntry e : unrecorded) {
            outcomes.apply(new MergeOutcome(e, landedKind(e), List.of(), null, settings.onConflict(), false), worker);
        }
    }

    /** A fast-forward when the target took the branch's own tip, else a merge commit. */
    private MergeOutcome.Kind landedKind(MergeEntry entry) {
        return head(worktrees.repoDir(), entry.branch()).filter(tip -> !tip.name().equals(entry.mergedCommit()))
                .isPresent() ? MergeOutcome.Kind.MERGE_COMMIT : MergeOutcome.Kind.FAST_FORWARD;
    }

    /** Whether the queue holds an entry this worker could land now (so it must not exit as idle). */
    public boolean hasMergesToMake() {
        return settings.enabled() && !targetDirty && !queueFailing
                && queue.list().stream().anyMatch(e -> e.status() == MergeEntry.Status.QUEUED && ready(e));
    }

    /**
     * An entry may land once its task is done on the entry's branch and every task it depends on
     * is merged: a stacked branch lands after the branch it stands on.
     */
    boolean ready(MergeEntry entry) {
        return roadmap.update(board -> {
            Map<String, TaskState> byId = new java.util.HashMap<>();
            board.tasks().forEach(t -> byId.putIfAbsent(t.id(), t));
            TaskState task = byId.get(entry.taskId());
            if (task == null || !Runnability.DONE.equals(task.status())
                    || !entry.branch().equals(String.valueOf(task.view().extra().get("branch")))) {
                return false;
            }
            return task.view().dependencies().stream().map(byId::get)
                    .allMatch(d -> d == null || Runnability.isMerged(d));
        });
    }

    /**
     * At worker start: worktrees of workers that hold no live claim are removed when clean and
     * merged, and otherwise kept on their branch and reported (terminal and event).
     *
     * @param worker    this worker (it holds no claim yet)
     * @param liveClaim whether a worker with this id is alive and holds a claim
     */
    public List<ReconcileReport> reconcile(String worker, Predicate<String> liveClaim) {
        if (!settings.enabled()) {
            return List.of();
        }
        List<ReconcileReport> reports;
        try {
            reports = worktrees.reconcileByWorker(w -> !w.equals(worker) && liveClaim.test(w));
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            // nothing was removed; the worker can still run tasks in its own, fresh worktree
            terminal.accept(worker + ": could not look at the worktrees left under " + worktrees.repoDir()
                    .resolve(".wvo/worktrees") + ": " + e.getMessage() + "; check them with `git worktree list`");
            return List.of();
        }
        for (ReconcileReport r : reports) {
            if (r.removed()) {
                terminal.accept(worker + ": removed the finished worktree " + r.path() + " (" + r.branch() + ")");
                continue;
            }
            String why = (r.uncommittedChanges() ? "uncommitted changes" : "")
                    + (r.uncommittedChanges() && r.unmergedCommits() ? " and " : "")
                    + (r.unmergedCommits() ? "commits not on " + worktrees.targetBranch() : "");
            terminal.accept(worker + ": kept the worktree " + r.path() + " on " + r.branch() + " left by a stopped worker: "
                    + why);
            events.append(Event.of(clock, EventType.WORKTREE_KEPT, worker, null, null, Map.of("path",
                    r.path().toString(), "branch", r.branch(), "uncommitted", r.uncommittedChanges(),
                    "unmerged", r.unmergedCommits())));
        }
        return reports;
    }

    /** Frees this worker's worktree folder; work found there is committed to its branch first. */
    private void clearWorktreeOf(String worker) {
        Path dir = worktrees.worktreePath(worker);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Git git = Git.open(dir.toFile())) {
            String branch = git.getRepository().getBranch();
            if (!git.status().call().isClean()) {
                commit(git, worker, "wvo: what a stopped attempt left on " + branch + "\n");
                terminal.accept(worker + ": committed the leftovers in " + dir + " to " + branch);
            }
        } catch (IOException | GitAPIException e) {
            throw new IllegalStateException("Cannot inspect the worktree " + dir + ": " + e.getMessage()
                    + "; remove it with `git worktree remove --force " + dir + "` once its work is safe", e);
        }
        worktrees.remove(worker);
    }

    private void commitLeftovers(String worker, Place place, String message) {
        try (Git git = Git.open(place.directory().toFile())) {
            if (!git.status().call().isClean()) {
                commit(git, worker, message);
            }
        } catch (IOException | GitAPIException e) {
            throw new IllegalStateException("Cannot commit the work in " + place.directory() + " to " + place.branch()
                    + ": " + e.getMessage(), e);
        }
    }

    private void commit(Git git, String worker, String message) throws GitAPIException {
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call();
        PersonIdent ident = new PersonIdent("wvo " + worker, worker + "@wvo.invalid", clock.instant(), ZoneOffset.UTC);
        git.commit().setAuthor(ident).setCommitter(ident).setMessage(message).setSign(false).call();
    }

    private static ObjectId head(Path dir) {
        try (Git git = Git.open(dir.toFile())) {
            return git.getRepository().resolve("HEAD");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read HEAD of " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Optional<ObjectId> head(Path repo, String branch) {
        try (Git git = Git.open(repo.toFile())) {
            return Optional.ofNullable(git.getRepository().resolve("refs/heads/" + branch));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + branch + " in " + repo + ": " + e.getMessage(), e);
        }
    }
}
