package dev.wvo.git;

import dev.wvo.config.WorktreeSettings;
import dev.wvo.events.Event;
import dev.wvo.events.EventLog;
import dev.wvo.events.EventType;
import dev.wvo.fs.StateDir;
import dev.wvo.lock.LockManager;
import dev.wvo.reactions.Reactions;
import dev.wvo.schedule.ClaimRules;
import dev.wvo.schedule.ClaimedTask;
import dev.wvo.schedule.MergeState;
import dev.wvo.schedule.Runnability;
import dev.wvo.schedule.TaskBoardStore;
import dev.wvo.schedule.TaskState;
import dev.wvo.spi.TaskView;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.EmptyCommitException;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;

/**
 * Worktrees on: a task runs in a git worktree on {@code wvo/<worker>/<task>} when the mode asks
 * for one (or it is stacked on an unmerged dependency); its result is committed and queued, and
 * the queue is drained by whichever worker comes by.
 */
final class WorktreeWorkspace implements TaskWorkspace {

    private final WorktreeSettings settings;
    private final TaskWorktrees worktrees;
    private final MergeQueueStore queue;
    private final MergeQueue merges;
    private final MergeOutcomes outcomes;
    private final TaskBoardStore roadmap;
    private final EventLog events;
    private final Clock clock;
    private final Consumer<String> terminal;
    private final StateDir state;
    /** The remote task branches are pushed to, when {@code push_to} is set. */
    private final Optional<BranchPublisher> publisher;
    private volatile boolean targetDirty;
    private volatile boolean queueFailing;
    /** What the last drain could not do, so that a worker waking every few seconds says it once. */
    private String lastProblem;
    /** The place of the task this worker parked, kept for its next claim of it; null when none. */
    private Parked parked;
    /**
     * Whether this worker's worktree folder holds the worktree its last task left, kept on a detached
     * HEAD for the next task ({@link TaskWorktrees#keep}); only this worker's own knowledge makes it
     * safe to reuse: a folder found at start may be a dead attempt's, and is cleared as such.
     */
    private boolean kept;

    private WorktreeWorkspace(WorktreeSettings settings, TaskWorktrees worktrees, MergeQueueStore queue,
                              MergeQueue merges, MergeOutcomes outcomes, TaskBoardStore roadmap, EventLog events,
                              Clock clock, Consumer<String> terminal, StateDir state) {
        this.state = state;
        this.publisher = settings.pushTo().map(remote -> new BranchPublisher(worktrees, remote, settings.pullRequest()));
        this.settings = settings;
        this.worktrees = worktrees;
        this.queue = queue;
        this.merges = merges;
        this.outcomes = outcomes;
        this.roadmap = roadmap;
        this.events = events;
        this.clock = clock;
        this.terminal = terminal;
    }

    static WorktreeWorkspace open(WorktreeSettings settings, Path workingDirectory, Path stateDir, LockManager locks,
                                  TaskBoardStore roadmap, EventLog events, Reactions reactions, Clock clock,
                                  Consumer<String> terminal) {
        Path where = settings.repo().orElse(workingDirectory);
        TaskWorktrees worktrees;
        try {
            worktrees = TaskWorktrees.forDirectory(where, settings.targetBranch());
        } catch (IllegalStateException e) {
            throw new IllegalStateException("--worktree " + settings.mode().name().toLowerCase(Locale.ROOT)
                    .replace('_', '-') + " needs a git repository, and none contains " + where.toAbsolutePath()
                    + "; run the worker inside one, give --repo DIR, or use --worktree off", e);
        }
        MergeQueueStore queue = MergeQueueStore.in(stateDir, clock);
        StateDir state = new StateDir(stateDir);
        Optional<MergeTest> test = settings.testCommand().map(command -> new MergeTest(command, settings.testTimeout(),
                entry -> state.attempt(entry.taskId(), lastAttempt(roadmap, entry.taskId())).mergeTestLog(),
                settings.testRetries()));
        MergeQueue merges = new MergeQueue(worktrees, queue, locks, test, settings.onConflict(),
                settings.keepWorktrees(), clock, ownFiles(worktrees.repoDir(), stateDir), settings.rebase());
        MergeOutcomes outcomes = new MergeOutcomes(roadmap, worktrees, queue, stateDir, clock, terminal, reactions,
                settings.keepBranches());
        return new WorktreeWorkspace(settings, worktrees, queue, merges, outcomes, roadmap, events, clock, terminal,
                state);
    }

    /** The attempt that made a queued branch: its task's last, as the feedback of a failed merge names it. */
    private static int lastAttempt(TaskBoardStore roadmap, String taskId) {
        return roadmap.tasks().stream().filter(t -> t.id().equals(taskId)).findFirst()
                .map(t -> Math.max(1, t.attempts())).orElse(1);
    }

    /**
     * What of the checkout is wvo's own and never the user's work in progress: the task worktrees
     * (git lists each as an untracked nested repository) and the state directory when it lies in
     * the repository, which workers write all the time and users keep in git.
     */
    static List<String> ownFiles(Path repoDir, Path stateDir) {
        Path repo = repoDir.toAbsolutePath().normalize();
        Path state = stateDir.toAbsolutePath().normalize();
        List<String> own = new ArrayList<>(List.of(".wvo"));
        if (state.startsWith(repo) && !state.equals(repo)) {
            own.add(repo.relativize(state).toString().replace(File.separatorChar, '/'));
        }
        return own;
    }

    @Override
    public ClaimRules claimRules() {
        return new ClaimRules(true, true);
    }

    @Override
    public Place prepare(String worker, ClaimedTask claimed, Path home) {
        boolean isolate = settings.mode().useWorktree(claimed.isolated()) || claimed.stackedOn() != null;
        if (!isolate) {
            return new Place(home, null, null);
        }
        String taskId = claimed.task().id();
        Parked before = parked;
        parked = null;
        if (before != null && before.task().equals(taskId) && Files.isDirectory(before.place().directory())) {
            terminal.accept(worker + ": " + taskId + " goes on in " + before.place().directory() + " on "
                    + before.place().branch() + ", as its attempt left it when it was parked");
            return before.place();
        }
        boolean reuse = kept;
        kept = false;
        if (!reuse) {
            clearWorktreeOf(worker);
        }
        String branch = TaskWorktrees.branchName(worker, taskId);
        if (worktrees.branchExists(branch)) {
            if (worktrees.isMerged(branch)) {
                worktrees.deleteBranch(branch);
            } else {
                String kept = worktrees.setAside(branch, "attempt");
                terminal.accept(worker + ": kept the earlier work of " + taskId + " on branch " + kept);
            }
        }
        Path dir = worktrees.create(worker, taskId, Optional.ofNullable(claimed.stackedOn()), reuse);
        // the worktree's HEAD is the branch just made: its tip, read in the main repository that stays open, is
        // where the worktree starts, without opening the worktree as a repository of its own for it
        String start = branchTip(branch).orElseThrow(() -> new IllegalStateException("Branch " + branch
                + " is gone from " + worktrees.repoDir() + " right after it was made; run the task again")).name();
        terminal.accept(worker + ": " + taskId + " runs in " + dir + " on " + branch
                + (claimed.stackedOn() == null ? " from " + worktrees.targetBranch() : " stacked on " + claimed.stackedOn()));
        return new Place(dir, branch, start);
    }

    /**
     * Commits what the agent left uncommitted; a branch with new work is queued. An attempt that ran
     * in place, or changed nothing, has nothing to merge: its task loses the {@code branch:}/{@code
     * merge:} an earlier attempt left (e.g. {@code merge: conflict}), which would hold dependents back.
     */
    @Override
    public MergeState deliver(String worker, ClaimedTask claimed, Place place) {
        TaskView task = claimed.task();
        if (!place.isolated()) {
            return MergeState.NONE;
        }
        ObjectId tip = commitLeftovers(worker, place, "wvo: " + task.id() + " attempt " + claimed.claim().attempt() + " by "
                + worker + "\n\n" + task.title() + "\n");
        if (tip.name().equals(place.start())) {
            return MergeState.NONE;
        }
        // the task below, found by its branch (waiting in the queue, or landed meanwhile): restacking follows
        // that task to later attempts, and onto what it landed as
        String below = claimed.stackedOn() == null ? null : queue.list().stream()
                .filter(e -> e.status() == MergeEntry.Status.QUEUED || e.status() == MergeEntry.Status.MERGED)
                .filter(e -> e.branch().equals(claimed.stackedOn()))
                .max(java.util.Comparator.comparing(MergeEntry::enqueuedAt)).map(MergeEntry::taskId).orElse(null);
        MergeEntry entry = queue.enqueue(task.id(), place.branch(), task.priority(), place.start(), below);
        terminal.accept(worker + ": " + task.id() + " queued for merging into " + worktrees.targetBranch()
                + " (entry " + entry.id() + ")");
        publisher.ifPresent(p -> publish(p, worker, entry, tip.name(), new BranchPublisher.Request(
                task.id(), claimed.stackedOn() == null ? worktrees.targetBranch() : claimed.stackedOn(),
                task.id() + ": " + task.title(), pullRequestBody(worker, claimed))));
        return MergeState.queued(place.branch());
    }

    /** The request's description, in the attempt's artifacts: the task as the roadmap says it, and where it runs. */
    private Path pullRequestBody(String worker, ClaimedTask claimed) {
        TaskView task = claimed.task();
        Path body = state.attempt(task.id(), claimed.claim().attempt()).pullRequestBody();
        StringBuilder text = new StringBuilder(task.title()).append("\n\n");
        if (task.description() != null && !task.description().isBlank()) {
            text.append(task.description().strip()).append("\n\n");
        }
        task.exitCriteria().forEach(c -> text.append("- [ ] ").append(c).append('\n'));
        text.append("\nTask ").append(task.id()).append(", attempt ").append(claimed.claim().attempt()).append(" by wvo worker ")
                .append(worker).append(claimed.stackedOn() == null ? "" : "; stacked on " + claimed.stackedOn())
                .append(".\n");
        try {
            Files.createDirectories(body.getParent());
            dev.wvo.fs.AtomicWrite.write(body, text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + body + ": " + e.getMessage(), e);
        }
        return body;
    }

    /** Pushes a branch (and opens its request); what failed is said, and the branch still waits in the local queue. */
    private void publish(BranchPublisher p, String worker, MergeEntry entry, String commit,
                         BranchPublisher.Request request) {
        Map<String, Object> what = p.publish(entry.branch(), commit, request);
        events.append(Event.of(clock, EventType.PUSH, worker, entry.taskId(), null, what));
        String to = settings.pushTo().orElseThrow();
        if (what.containsKey("error")) {
            terminal.accept(worker + ": " + entry.branch() + " not published: " + what.get("error")
                    + "; it still lands through the local merge queue");
        } else {
            terminal.accept(worker + ": pushed " + entry.branch() + " to " + to + (what.containsKey("pull_request")
                    ? "; pull request into " + what.get("pull_request_base") + ": " + what.get("pull_request") : ""));
        }
    }

    /**
     * After a branch was rewritten (restacked, or landed rebased), its remote copy follows, so that
     * its request shows it: the push, of the commit the branch holds now (it may land and be deleted
     * before the push runs), to run once the merge-queue lock is released.
     */
    private Optional<Runnable> republish(String worker, MergeOutcome o) {
        if (publisher.isEmpty() || (o.kind() != MergeOutcome.Kind.RESTACKED && o.kind() != MergeOutcome.Kind.REBASED)) {
            return Optional.empty();
        }
        Optional<String> commit = o.kind() == MergeOutcome.Kind.REBASED ? Optional.of(o.entry().mergedCommit())
                : branchTip(o.entry().branch()).map(ObjectId::name);
        return commit.map(c -> () -> publish(publisher.get(), worker, o.entry(), c, null));
    }

    /**
     * Leaves the worktree for this worker's next task on a detached HEAD (with {@code keep_worktrees},
     * on its branch for a person to look at), keeping its branch when it holds work. A failed
     * attempt's leftovers are committed to its branch first, so nothing is lost. Keeping it instead of
     * removing it saves {@code git worktree remove} now and {@code git worktree add} (three git
     * processes writing every file) at the next task; the worker removes it when it stops.
     */
    @Override
    public void release(String worker, ClaimedTask claimed, Place place, boolean delivered) {
        if (!place.isolated()) {
            return;
        }
        if (!delivered) {
            commitLeftovers(worker, place, "wvo: what attempt " + claimed.claim().attempt() + " of " + claimed.task().id()
                    + " left behind\n");
        }
        if (!settings.keepWorktrees()) {
            // before the completion makes the entry ready: its branch is then checked out nowhere
            kept = worktrees.keep(worker, place);
        }
        if (!delivered && branchTip(place.branch()).map(ObjectId::name).orElse(place.start())
                .equals(place.start()) && !settings.keepWorktrees()) {
            worktrees.deleteBranch(place.branch()); // it holds nothing the target or another branch lacks
        }
    }

    /** Removes the worktree kept for a next task; one a parked attempt holds stays with its work. */
    @Override
    public void leave(String worker) {
        if (kept) {
            kept = false;
            worktrees.remove(worker);
        }
    }

    /** Keeps the place as it is, for this worker's next claim of the same task ({@link #prepare}). */
    @Override
    public void park(String worker, ClaimedTask claimed, Place place) {
        if (place.isolated()) {
            parked = new Parked(claimed.task().id(), place);
        }
    }

    /** A worktree kept for the task whose attempt was parked; one worker parks one task at a time. */
    private record Parked(String task, Place place) {
    }

    /**
     * Lands every entry of the queue that is ready, applying each outcome; held entries (their
     * task not done, or a dependency not merged) wait. First puts right what a worker that died, or
     * whose completion was refused, left: landings not recorded, entries of attempts that did not count.
     */
    @Override
    public List<MergeOutcome> drainQueue(String worker) {
        recordLandedMerges(worker);
        dropOrphanedEntries(worker);
        List<MergeOutcome> done;
        String[] dirty = {null};
        List<Runnable> pushes = new ArrayList<>();
        try {
            done = merges.drain(this::ready, o -> {
                republish(worker, o).ifPresent(pushes::add);
                if (o.kind() == MergeOutcome.Kind.TARGET_CHECKED_OUT_DIRTY) {
                    dirty[0] = "dirty " + o.entry().id() + " " + o.conflictPaths();
                    if (dirty[0].equals(lastProblem)) {
                        return; // reported already, and it changes no task
                    }
                }
                outcomes.apply(o, worker);
            });
        } catch (IllegalStateException e) {
            // the entry at the head stays queued until a person acts on the message; an idle worker must not wait for that
            queueFailing = true;
            String failure = worker + ": merge queue: " + e.getMessage();
            if (!failure.equals(lastProblem)) {
                terminal.accept(failure);
            }
            lastProblem = failure;
            return List.of();
        }
        queueFailing = false;
        targetDirty = done.stream().anyMatch(o -> o.kind() == MergeOutcome.Kind.TARGET_CHECKED_OUT_DIRTY);
        lastProblem = dirty[0];
        // after the lock is released: a slow remote must not hold every worker's landing
        pushes.forEach(Runnable::run);
        return done;
    }

    @Override
    public Optional<MergeOutcome> landNext(String who) {
        recordLandedMerges(who);
        dropOrphanedEntries(who);
        // restacks on the way are applied, and what is asked for is the landing after them, if any
        Optional<MergeOutcome> last = Optional.empty();
        Optional<MergeOutcome> next;
        List<Runnable> pushes = new ArrayList<>();
        while ((next = merges.processHead(this::ready, o -> {
            outcomes.apply(o, who);
            republish(who, o).ifPresent(pushes::add);
        })).isPresent()) {
            last = next;
            if (next.get().kind() != MergeOutcome.Kind.RESTACKED) {
                break;
            }
        }
        pushes.forEach(Runnable::run);
        return last;
    }

    /**
     * Applies the landing of entries that are merged while their task still says {@code merge: queued}:
     * a worker that died between moving the target and recording it must not hold dependents back.
     */
    private void recordLandedMerges(String worker) {
        // landed entries stay in the queue: the lock is taken only when one of them has a task still waiting for it
        if (unrecordedLandings().isEmpty()) {
            return;
        }
        // a live lander records its landing under the lock: only an entry seen while nobody merges was left behind
        merges.whileIdle(() -> unrecordedLandings().stream().filter(e -> worktrees.isMerged(e.branch())).forEach(e ->
                outcomes.apply(new MergeOutcome(e, landedKind(e), List.of(), null, settings.onConflict(), false), worker)));
    }

    /** The merged entries whose task still says {@code merge: queued} on the entry's branch. */
    private List<MergeEntry> unrecordedLandings() {
        List<MergeEntry> landed = queue.list().stream().filter(e -> e.status() == MergeEntry.Status.MERGED).toList();
        if (landed.isEmpty()) {
            return List.of();
        }
        Map<String, TaskState> tasks = byId(roadmap.tasks());
        return landed.stream().filter(e -> {
            TaskState task = tasks.get(e.taskId());
            return task != null && MergeState.of(task).equals(MergeState.queued(e.branch()));
        }).toList();
    }

    /**
     * Drops queued entries whose attempt did not count: the completion that was to follow the
     * entry was refused (the claim was lost), or never came (the worker died in between). An entry
     * is of a live attempt while its task is in progress, and of a counted one once its task is done
     * on the entry's branch; anything else orphans it.
     */
    private void dropOrphanedEntries(String worker) {
        List<MergeEntry> queued = queue.list().stream().filter(e -> e.status() == MergeEntry.Status.QUEUED).toList();
        if (queued.isEmpty()) {
            return;
        }
        // The queue is listed before the roadmap is read: an entry listed was made by an attempt whose claim was
        // already in the roadmap, so the read below sees that claim, or the completion that ended it.
        Map<String, TaskState> tasks = byId(roadmap.tasks());
        for (MergeEntry e : queued) {
            TaskState task = tasks.get(e.taskId());
            boolean live = task != null && Runnability.IN_PROGRESS.equals(task.status());
            boolean counted = task != null && Runnability.DONE.equals(task.status()) && MergeState.of(task).on(e.branch());
            if (!live && !counted && queue.drop(e.id())) {
                terminal.accept(worker + ": dropped merge-queue entry " + e.id() + " of " + e.taskId() + ": its attempt "
                        + "did not count; branch " + e.branch() + " keeps its work");
            }
        }
    }

    /** A fast-forward when the target took the branch's own tip, else a merge commit. */
    private MergeOutcome.Kind landedKind(MergeEntry entry) {
        return branchTip(entry.branch()).filter(tip -> !tip.name().equals(entry.mergedCommit()))
                .isPresent() ? MergeOutcome.Kind.MERGE_COMMIT : MergeOutcome.Kind.FAST_FORWARD;
    }

    @Override
    public boolean hasMergesToMake() {
        return !targetDirty && !queueFailing
                && queue.list().stream().anyMatch(e -> e.status() == MergeEntry.Status.QUEUED && ready(e));
    }

    /**
     * An entry may land once its task is done on the entry's branch and every task it depends on
     * is merged: a stacked branch lands after the branch it stands on. Read without the roadmap
     * lock: what lands is applied in a transaction that checks the task again.
     */
    boolean ready(MergeEntry entry) {
        Map<String, TaskState> byId = byId(roadmap.tasks());
        TaskState task = byId.get(entry.taskId());
        if (task == null || !Runnability.DONE.equals(task.status()) || !MergeState.of(task).on(entry.branch())) {
            return false;
        }
        return task.view().dependencies().stream().map(byId::get).allMatch(d -> d == null || Runnability.isMerged(d));
    }

    private static Map<String, TaskState> byId(List<TaskState> tasks) {
        Map<String, TaskState> byId = new HashMap<>();
        tasks.forEach(t -> byId.putIfAbsent(t.id(), t));
        return byId;
    }

    @Override
    public void checkTarget(String worker) {
        List<String> dirty = merges.userChangesOnTarget();
        if (dirty.isEmpty()) {
            return;
        }
        int shown = Math.min(dirty.size(), 10);
        terminal.accept(worker + ": " + worktrees.targetBranch() + " is checked out in " + worktrees.repoDir()
                + " with uncommitted changes " + dirty.subList(0, shown) + (shown < dirty.size() ? " and "
                + (dirty.size() - shown) + " more" : "") + ": tasks run, but no branch lands on "
                + worktrees.targetBranch() + " until you commit or stash them (`wvo status` counts the tasks "
                + "done, waiting to land); then the queue resumes by itself, or run `wvo merge-queue next`");
    }

    @Override
    public List<ReconcileReport> reconcile(String worker, Predicate<String> alive) {
        List<ReconcileReport> reports;
        try {
            reports = worktrees.reconcileByWorker(w -> !w.equals(worker) && alive.test(w));
        } catch (IllegalStateException | UncheckedIOException e) {
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
            if (commit(git, worker, "wvo: what a stopped attempt left on " + branch + "\n")) {
                terminal.accept(worker + ": committed the leftovers in " + dir + " to " + branch);
            }
        } catch (IOException | GitAPIException e) {
            throw new IllegalStateException("Cannot inspect the worktree " + dir + ": " + e.getMessage()
                    + "; remove it with `git worktree remove --force " + dir + "` once its work is safe", e);
        }
        worktrees.remove(worker);
    }

    /** Commits what the agent left uncommitted in the place; returns the commit its branch holds then. */
    private ObjectId commitLeftovers(String worker, Place place, String message) {
        try {
            Git git = Git.wrap(place.repository()); // the place's to close, at the attempt's end
            commit(git, worker, message);
            return git.getRepository().resolve("HEAD");
        } catch (IOException | GitAPIException e) {
            throw new IllegalStateException("Cannot commit the work in " + place.directory() + " to " + place.branch()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Commits every new, changed and deleted file of the worktree; returns false when there was
     * nothing to commit. No status walk comes first: the add walks the worktree once, and the
     * commit compares the tree it stages with HEAD's, refusing an empty change (a status walk
     * before it cost a second pass over the worktree, ~10 ms per task in a small repository).
     */
    private boolean commit(Git git, String worker, String message) throws GitAPIException {
        // JGit's add of "." is `git add --all .`: new, changed and deleted files, in one pass over the index
        git.add().addFilepattern(".").setAll(true).call();
        PersonIdent ident = new PersonIdent("wvo " + worker, worker + "@wvo.invalid", clock.instant(), ZoneOffset.UTC);
        try {
            git.commit().setAuthor(ident).setCommitter(ident).setMessage(message).setSign(false).setAllowEmpty(false).call();
            return true;
        } catch (EmptyCommitException e) {
            return false; // the agent committed all of its work itself, or made none
        }
    }

    private Optional<ObjectId> branchTip(String branch) {
        try (Git git = worktrees.git()) {
            // the exact ref, as TaskWorktrees reads a branch's start: resolve() parses a revision expression first
            Ref ref = git.getRepository().exactRef(Constants.R_HEADS + branch);
            return Optional.ofNullable(ref == null ? null : ref.getObjectId());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + branch + " in " + worktrees.repoDir() + ": " + e.getMessage(), e);
        }
    }
}
