package dev.wvo.git;

import dev.wvo.config.ConflictStrategy;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Lands queued task branches on the target branch one at a time, under the {@code merge-queue}
 * lock. A branch the target has moved away from is rebased onto it (or merged, when so configured
 * or when its commits cannot be replayed cleanly); a stacked branch is first restacked onto the new
 * tip of the branch below it. All of it is computed in the object database (never in anyone's
 * working tree); a ref moves only after the optional test command passed, with the expected old id.
 */
public final class MergeQueue {
    /** Lock resource serializing merges. */
    public static final String LOCK_RESOURCE = "merge-queue";
    /** The user's changes on the target, read by the workers of this JVM as they start ({@link #userChangesOnTarget}). */
    private static final SharedReadings<CheckoutOf, List<String>> USER_CHANGES = new SharedReadings<>();

    private final TaskWorktrees worktrees;
    private final MergeQueueStore store;
    private final LockManager locks;
    private final Optional<MergeTest> test;
    private final ConflictStrategy strategy;
    private final boolean keepWorktrees;
    private final Clock clock;
    private final List<String> ignoredPaths;
    private final boolean rebase;

    /**
     * @param worktrees repository and target branch
     * @param store the queue files
     * @param locks lock manager providing {@link #LOCK_RESOURCE}
     * @param test run on each merge result before the target moves, if any
     * @param strategy how a conflicting or failing task goes back
     * @param keepWorktrees keep task worktrees after their merge
     */
    public MergeQueue(TaskWorktrees worktrees, MergeQueueStore store, LockManager locks,
            Optional<MergeTest> test, ConflictStrategy strategy, boolean keepWorktrees) {
        this(worktrees, store, locks, test, strategy, keepWorktrees, Clock.systemUTC(), List.of(), true);
    }

    /**
     * @param clock        the time of merge commits
     * @param ignoredPaths paths of the user's checkout, relative to the repository, whose local changes
     *                     do not count as the user's work in progress: wvo's own state directory, which
     *                     workers write all the time and which users keep in git
     * @param rebase       land a branch the target moved away from by rebasing it onto the target
     *                     (linear history); false lands it with a merge commit
     */
    public MergeQueue(TaskWorktrees worktrees, MergeQueueStore store, LockManager locks,
            Optional<MergeTest> test, ConflictStrategy strategy, boolean keepWorktrees,
            Clock clock, List<String> ignoredPaths, boolean rebase) {
        this.rebase = rebase;
        this.clock = clock;
        this.ignoredPaths = List.copyOf(ignoredPaths);
        this.worktrees = worktrees;
        this.store = store;
        this.locks = locks;
        this.test = test;
        this.strategy = strategy;
        this.keepWorktrees = keepWorktrees;
    }

    /**
     * Merges the head of the queue if this process gets the lock.
     *
     * @return the outcome, or empty when the queue is empty or another process is merging
     */
    public Optional<MergeOutcome> processHead() {
        return processHead(e -> true);
    }

    /**
     * Restacks the first stacked entry whose branch below has changed, if any; else merges the
     * first queued entry that is {@code ready} (the others are held behind, e.g. until the tasks
     * they depend on are merged); if this process gets the lock. Called again and again, it
     * restacks a stack bottom-up: an entry needs restacking only once the one below it moved.
     *
     * @return the outcome, or empty when nothing needs restacking, no entry is ready, or another
     *         process is merging
     */
    public Optional<MergeOutcome> processHead(Predicate<MergeEntry> ready) {
        return processHead(ready, o -> { });
    }

    /**
     * As {@link #processHead(Predicate)}, with {@code apply} run on the outcome before the lock is
     * released: a landing is recorded on its task before any other process can look at the queue
     * (and take the entry, marked merged, for one whose lander died: {@link #whileIdle}).
     */
    public Optional<MergeOutcome> processHead(Predicate<MergeEntry> ready, Consumer<MergeOutcome> apply) {
        // landed entries stay in the queue: with none queued there is nothing to restack or land, and the lock
        // (a lock file written and synced, then removed) is not taken at every turn of every worker's loop; an
        // entry queued just after this look is landed by the next drain, as if it had come after the lock
        if (store.list().stream().noneMatch(e -> e.status() == MergeEntry.Status.QUEUED)) {
            return Optional.empty();
        }
        Optional<LockHandle> lock = locks.tryAcquire(LOCK_RESOURCE, LockMode.EXCLUSIVE);
        if (lock.isEmpty()) {
            return Optional.empty();
        }
        try (LockHandle held = lock.get()) {
            List<MergeEntry> entries = store.list();
            Optional<MergeOutcome> outcome = restackNext(entries);
            if (outcome.isEmpty()) {
                outcome = entries.stream().filter(e -> e.status() == MergeEntry.Status.QUEUED).filter(ready)
                        .findFirst().map(this::land);
            }
            outcome.ifPresent(apply);
            return outcome;
        }
    }

    /**
     * Runs {@code action} under the {@code merge-queue} lock, if no other process holds it.
     *
     * @return false when another process is merging (and will record what it lands)
     */
    public boolean whileIdle(Runnable action) {
        Optional<LockHandle> lock = locks.tryAcquire(LOCK_RESOURCE, LockMode.EXCLUSIVE);
        if (lock.isEmpty()) {
            return false;
        }
        try (LockHandle held = lock.get()) {
            action.run();
            return true;
        }
    }

    /**
     * The first queued stacked entry whose branch below is no longer where the entry's work starts
     * (it was rebased or restacked, a retry of its task put new work on it, or it landed changed),
     * replayed onto that branch's tip, or onto what the branch below landed as.
     */
    private Optional<MergeOutcome> restackNext(List<MergeEntry> entries) {
        for (MergeEntry e : entries) {
            if (e.status() != MergeEntry.Status.QUEUED || e.stackedOn() == null || e.base() == null) {
                continue;
            }
            Optional<MergeEntry> below = entries.stream().filter(b -> b.taskId().equals(e.stackedOn()))
                    .max(java.util.Comparator.comparing(MergeEntry::enqueuedAt));
            if (below.isEmpty()) {
                continue;
            }
            Optional<MergeOutcome> o = restack(e, below.get());
            if (o.isPresent()) {
                return o;
            }
        }
        return Optional.empty();
    }

    private Optional<MergeOutcome> restack(MergeEntry entry, MergeEntry below) {
        boolean belowLanded = below.status() == MergeEntry.Status.MERGED;
        if (below.status() != MergeEntry.Status.QUEUED && !belowLanded) {
            return Optional.empty(); // the task below goes back for another attempt: restack onto that one
        }
        try (Git git = worktrees.git()) {
            Repository repo = git.getRepository();
            ObjectId newBase = belowLanded ? ObjectId.fromString(below.mergedCommit())
                    : repo.resolve("refs/heads/" + below.branch());
            ObjectId tip = repo.resolve("refs/heads/" + entry.branch());
            if (newBase == null || tip == null || newBase.name().equals(entry.base()) || !rewritable(entry.branch())) {
                return Optional.empty();
            }
            String ontoName = belowLanded ? worktrees.targetBranch() : below.branch();
            Rebase.Result r = Rebase.replay(repo, tip, ObjectId.fromString(entry.base()), newBase, ontoName,
                    entry.branch(), ident(repo));
            if (!r.replayable()) {
                return Optional.empty();
            }
            if (!r.clean()) {
                MergeEntry marked = entry.withOutcome(MergeEntry.Status.CONFLICT, r.conflictPaths(), null, null);
                store.write(marked);
                return Optional.of(new MergeOutcome(marked, MergeOutcome.Kind.CONFLICT, r.conflictPaths(), null,
                        strategy, false, r.hunks(), belowLanded ? null : below.branch()));
            }
            moveBranch(repo, entry.branch(), tip, r.tip());
            MergeEntry moved = entry.restacked(newBase.name(), belowLanded ? null : entry.stackedOn());
            store.write(moved);
            return Optional.of(new MergeOutcome(moved, MergeOutcome.Kind.RESTACKED, List.of(), null, strategy, false));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot restack " + entry.branch() + " onto " + below.branch() + " in "
                    + worktrees.repoDir() + ": " + e.getMessage(), e);
        }
    }

    /** Processes queue entries until the queue is empty or the lock is held elsewhere. */
    public List<MergeOutcome> drain() {
        return drain(e -> true);
    }

    /** Processes ready entries until none is ready, the lock is held elsewhere, or the user's checkout is dirty. */
    public List<MergeOutcome> drain(Predicate<MergeEntry> ready) {
        return drain(ready, o -> { });
    }

    /** As {@link #drain(Predicate)}, each outcome applied under the lock ({@link #processHead(Predicate, Consumer)}). */
    public List<MergeOutcome> drain(Predicate<MergeEntry> ready, Consumer<MergeOutcome> apply) {
        List<MergeOutcome> outcomes = new ArrayList<>();
        Optional<MergeOutcome> o;
        while ((o = processHead(ready, apply)).isPresent()) {
            outcomes.add(o.get());
            if (o.get().kind() == MergeOutcome.Kind.TARGET_CHECKED_OUT_DIRTY) {
                break;
            }
        }
        return outcomes;
    }

    private MergeOutcome land(MergeEntry entry) {
        String target = worktrees.targetBranch();
        try (Git git = worktrees.git(); RevWalk walk = new RevWalk(git.getRepository())) {
            Repository repo = git.getRepository();
            ObjectId targetId = repo.resolve("refs/heads/" + target);
            ObjectId branchId = repo.resolve("refs/heads/" + entry.branch());
            if (targetId == null || branchId == null) {
                throw new IllegalStateException("Branch missing for merge-queue entry " + entry.id() + ": "
                        + (targetId == null ? target : entry.branch()) + "; drop the entry with 'wvo merge-queue drop "
                        + entry.id() + "'");
            }
            RevCommit targetCommit = walk.parseCommit(targetId);
            RevCommit branchCommit = walk.parseCommit(branchId);
            if (walk.isMergedInto(branchCommit, targetCommit)) {
                // already landed: a process died after moving the target, or a person merged the branch;
                // moving the target again would fail (no change) and keep this entry at the head forever
                return landed(entry, targetId, MergeOutcome.Kind.FAST_FORWARD, false);
            }
            ObjectId result = null;
            MergeOutcome.Kind kind = null;
            if (walk.isMergedInto(targetCommit, branchCommit)) {
                result = branchCommit;
                kind = MergeOutcome.Kind.FAST_FORWARD;
            } else if (rebase && rewritable(entry.branch())) {
                // the target moved on since the branch began: its commits go on top of the target, and the
                // test runs on that; a replay that conflicts commit by commit may still merge as a whole
                Rebase.Result r = Rebase.replay(repo, branchCommit, targetCommit, targetCommit, target,
                        entry.branch(), ident(repo));
                if (r.clean()) {
                    result = r.tip();
                    kind = MergeOutcome.Kind.REBASED;
                }
            }
            if (result == null) {
                ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(repo, true);
                if (!merger.merge(targetCommit, branchCommit)) {
                    List<String> paths = new ArrayList<>(merger.getMergeResults().keySet());
                    if (merger.getFailingPaths() != null) {
                        merger.getFailingPaths().keySet().stream().filter(p -> !paths.contains(p)).forEach(paths::add);
                    }
                    paths.sort(String::compareTo);
                    return fail(entry, MergeEntry.Status.CONFLICT, MergeOutcome.Kind.CONFLICT, paths, null);
                }
                result = commitMerge(repo, merger.getResultTreeId(), targetCommit, branchCommit, entry);
                kind = MergeOutcome.Kind.MERGE_COMMIT;
            }
            if (kind == MergeOutcome.Kind.REBASED && result.equals(targetId)) {
                moveBranch(repo, entry.branch(), branchId, result); // the target holds every change already
                return landed(entry, targetId, kind, false);
            }
            if (test.isPresent()) {
                MergeTest.Verdict verdict = runTest(entry, result);
                if (!verdict.passed()) {
                    // a failing or hung test sends this task back; the queue goes on with the next entry
                    return fail(entry, MergeEntry.Status.TEST_FAILED, MergeOutcome.Kind.TEST_FAILED, List.of(),
                            verdict.tail());
                }
            }
            if (kind == MergeOutcome.Kind.REBASED) {
                // the branch first, so that a process dying next leaves it to land by fast-forward
                moveBranch(repo, entry.branch(), branchId, result);
            }
            boolean userOnTarget = target.equals(repo.getBranch()) && !repo.isBare();
            if (userOnTarget) {
                List<String> dirty = userChanges(git);
                // the user's files are brought to the result before the branch moves, so that a refusal
                // (a local edit in the way) leaves branch, index and files as they were
                if (!dirty.isEmpty() || !updateCheckout(targetId, result)) {
                    return new MergeOutcome(entry, MergeOutcome.Kind.TARGET_CHECKED_OUT_DIRTY, dirty, null, strategy,
                            false);
                }
            }
            try {
                moveTarget(repo, target, targetId, result);
            } catch (IllegalStateException e) {
                if (userOnTarget) {
                    updateCheckout(result, targetId);
                }
                throw e;
            }
            return landed(entry, result, kind, userOnTarget);
        } catch (IOException | GitAPIException e) {
            throw new IllegalStateException("Cannot merge " + entry.branch() + " into " + target + " in "
                    + worktrees.repoDir() + ": " + e.getMessage(), e);
        }
    }

    private MergeOutcome landed(MergeEntry entry, ObjectId commit, MergeOutcome.Kind kind, boolean checkoutUpdated)
            throws IOException {
        MergeEntry merged = entry.withOutcome(MergeEntry.Status.MERGED, List.of(), null, commit.name());
        store.write(merged);
        removeTaskWorktree(entry);
        return new MergeOutcome(merged, kind, List.of(), null, strategy, checkoutUpdated);
    }

    private MergeOutcome fail(MergeEntry entry, MergeEntry.Status status, MergeOutcome.Kind kind, List<String> paths,
            String tail) {
        MergeEntry marked = entry.withOutcome(status, paths, tail, null);
        store.write(marked);
        return new MergeOutcome(marked, kind, paths, tail, strategy, false);
    }

    /**
     * The user's uncommitted changes and untracked files, when the target branch is checked out in
     * the repository's main checkout (leaving wvo's own files aside); empty otherwise. While there
     * are any, no branch lands: the target does not move under them.
     */
    public List<String> userChangesOnTarget() {
        // each worker reads it as it starts, and the workers of one process start together: one status walk
        // of the checkout serves those that ask at the same time
        return USER_CHANGES.read(new CheckoutOf(worktrees.repoDir(), worktrees.targetBranch(), ignoredPaths),
                this::readUserChangesOnTarget);
    }

    private List<String> readUserChangesOnTarget() {
        try (Git git = worktrees.git()) {
            Repository repo = git.getRepository();
            if (repo.isBare() || !worktrees.targetBranch().equals(repo.getBranch())) {
                return List.of();
            }
            return List.copyOf(userChanges(git)); // shared by the threads that asked
        } catch (IOException | GitAPIException e) {
            throw new IllegalStateException("Cannot read the status of " + worktrees.repoDir() + ": " + e.getMessage(), e);
        }
    }

    /** A checkout's changes as one merge queue reads them: of its repository, on its target, without wvo's own files. */
    private record CheckoutOf(Path repository, String target, List<String> ignoredPaths) {
    }

    private List<String> userChanges(Git git) throws GitAPIException {
        org.eclipse.jgit.api.Status status = git.status().call();
        List<String> dirty = new ArrayList<>(status.getUncommittedChanges());
        dirty.addAll(status.getUntracked());
        dirty.removeIf(this::ignored);
        dirty.sort(String::compareTo);
        return dirty;
    }

    private boolean ignored(String path) {
        return ignoredPaths.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
    }

    private ObjectId commitMerge(Repository repo, ObjectId tree, RevCommit target, RevCommit branch,
            MergeEntry entry) throws IOException {
        PersonIdent ident = ident(repo);
        CommitBuilder cb = new CommitBuilder();
        cb.setTreeId(tree);
        cb.setParentIds(target, branch);
        cb.setAuthor(ident);
        cb.setCommitter(ident);
        cb.setMessage("Merge " + entry.branch() + " (task " + entry.taskId() + ")\n");
        try (ObjectInserter ins = repo.newObjectInserter()) {
            ObjectId id = ins.insert(cb);
            ins.flush();
            return id;
        }
    }

    /** The repository's configured identity, at the worker's clock. */
    private PersonIdent ident(Repository repo) {
        return new PersonIdent(new PersonIdent(repo), clock.instant(), java.time.ZoneOffset.UTC);
    }

    private MergeTest.Verdict runTest(MergeEntry entry, ObjectId result) throws IOException {
        try {
            return test.orElseThrow().run(worktrees.repoDir(), result.name(), entry);
        } catch (InterruptedException e) {
            // the test's process tree is stopped and its worktree removed; the entry stays queued for the next drain
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while testing the merge of " + entry.branch()
                    + "; the entry stays queued", e);
        }
    }

    private static void moveTarget(Repository repo, String target, ObjectId expectedOld, ObjectId newId)
            throws IOException {
        moveRef(repo, target, expectedOld, newId, false, "Target branch " + target + " moved concurrently");
    }

    /**
     * Moves a branch from the id it was read at; a concurrent move fails, saying so.
     *
     * @param rewrite whether the new id may leave commits behind (a rebased task branch); the
     *                target only ever moves forward
     */
    private static void moveRef(Repository repo, String branch, ObjectId expectedOld, ObjectId newId, boolean rewrite,
                                String failure) throws IOException {
        RefUpdate ru = repo.updateRef("refs/heads/" + branch);
        ru.setExpectedOldObjectId(expectedOld);
        ru.setNewObjectId(newId);
        ru.setRefLogMessage(rewrite ? "wvo merge-queue: rebase" : "wvo merge-queue", false);
        RefUpdate.Result r = rewrite ? ru.forceUpdate() : ru.update();
        if (r != RefUpdate.Result.FAST_FORWARD && r != RefUpdate.Result.FORCED && r != RefUpdate.Result.NEW
                && r != RefUpdate.Result.NO_CHANGE) {
            throw new IllegalStateException(failure + " (" + r + "); the entry stays queued, run the merge queue again");
        }
    }

    /**
     * Whether a branch may be rebased: it is checked out nowhere, or in a clean worktree (the task's,
     * between its delivery and its removal; a kept one), which {@link #moveBranch} brings along. One
     * with uncommitted work is never rewritten under it: such a branch lands with a merge commit.
     */
    private boolean rewritable(String branch) {
        Path checkedOut = worktrees.checkedOutBranches().get(branch);
        if (checkedOut == null) {
            return true;
        }
        try (Git g = Git.open(checkedOut.toFile())) {
            return g.status().call().isClean();
        } catch (org.eclipse.jgit.errors.RepositoryNotFoundException e) {
            return true; // its worker is removing it after the delivery: nothing there to keep in step
        } catch (IOException | GitAPIException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Moves a task branch that was rebased or restacked, from the tip that was replayed; a clean
     * worktree that has it checked out is brought to the new tip.
     */
    private void moveBranch(Repository repo, String branch, ObjectId expectedOld, ObjectId newId)
            throws IOException {
        moveRef(repo, branch, expectedOld, newId, true, "Branch " + branch + " moved while wvo rebased it");
        Path checkedOut = worktrees.checkedOutBranches().get(branch);
        if (checkedOut != null && Files.isDirectory(checkedOut)) {
            // a worktree being removed meanwhile needs nothing
            readTree(checkedOut, expectedOld, newId);
        }
    }

    /**
     * Brings the user's clean checkout to the new commit; a two-tree read-tree refuses to overwrite
     * edits. read-tree writes fresh stat data for the files it updates; what it leaves racily clean
     * is hashed by the next status, and refreshed before the next landing's read-tree.
     */
    private boolean updateCheckout(ObjectId oldId, ObjectId newId) {
        return readTree(worktrees.repoDir(), oldId, newId);
    }

    /**
     * A two-tree read-tree in {@code dir}, which checks every path it would touch before it changes
     * anything. A file whose stat data the index has stale (the index written by another tool, or
     * the file touched) is "not uptodate" to it even when its content is the same: then the stat
     * data is refreshed and the read-tree tried once more, and a real edit still refuses it. Most
     * landings follow wvo's own read-tree and need no refresh: trying first saves a git process
     * per landing.
     */
    private static boolean readTree(Path dir, ObjectId oldId, ObjectId newId) {
        if (GitProcess.run(dir, "read-tree", "-m", "-u", oldId.name(), newId.name()).ok()) {
            return true;
        }
        GitProcess.run(dir, "update-index", "-q", "--refresh");
        return GitProcess.run(dir, "read-tree", "-m", "-u", oldId.name(), newId.name()).ok();
    }

    private void removeTaskWorktree(MergeEntry entry) throws IOException {
        String[] parts = entry.branch().split("/", 3);
        if (keepWorktrees || parts.length != 3 || !parts[0].equals("wvo")) {
            return;
        }
        Path wt = worktrees.worktreePath(parts[1]);
        if (!Files.isDirectory(wt)) {
            return;
        }
        // where the branch is checked out, read from git's own small files: a worktree kept for its worker's next
        // task has its HEAD detached, and is then not opened as a repository at every landing to learn that
        Path checkedOut = worktrees.checkedOutBranches().get(entry.branch());
        if (checkedOut == null || !sameFile(checkedOut, wt)) {
            return;
        }
        try (Git g = Git.open(wt.toFile())) {
            if (entry.branch().equals(g.getRepository().getBranch()) && g.status().call().isClean()) {
                worktrees.remove(parts[1]);
            }
        } catch (GitAPIException e) {
            throw new IOException(e);
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false; // one of them is being removed: no worktree there to remove
        }
    }
}
