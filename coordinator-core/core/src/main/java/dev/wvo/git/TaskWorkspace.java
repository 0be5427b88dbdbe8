package dev.wvo.git;

import dev.wvo.config.WorktreeSettings;
import dev.wvo.events.EventLog;
import dev.wvo.lock.LockManager;
import dev.wvo.reactions.Reactions;
import dev.wvo.schedule.ClaimRules;
import dev.wvo.schedule.ClaimedTask;
import dev.wvo.schedule.MergeState;
import dev.wvo.schedule.TaskBoardStore;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;

/**
 * Where a claimed task runs and what becomes of its work: in the worker's own directory
 * ({@link #inPlace}), or, with worktrees on, in a git worktree on the task's branch whose result
 * is committed and queued for merging. The worktree workspace also drains the merge queue and
 * reconciles worktrees left by dead workers, so that the worker loop only calls in.
 */
public interface TaskWorkspace {

    /**
     * Where one attempt runs, and the git repository of that directory, opened at the first look
     * at it and kept open until {@link #close}: one opening serves the attempt's every look (its
     * position at the start, the commit of its work, the detaching of a kept worktree), where each
     * look opened it anew. It is not kept past the attempt: between tasks the worker's worktree
     * folder may be removed and added again under the same path, and a repository opened before
     * that would read the administrative files of the worktree that is gone. A place kept for a
     * later attempt ({@link #park}) opens it again at that attempt's first look.
     *
     * <p>One attempt, on its worker's thread, uses a place at a time: not safe for use by several threads.
     */
    final class Place implements AutoCloseable {
        private final Path directory;
        private final String branch;
        private final String start;
        private Repository repository;

        /**
         * @param directory the agent's working directory
         * @param branch    the task branch, or null when the attempt runs in the worker's own directory
         * @param start     the commit the branch started from, or null
         */
        public Place(Path directory, String branch, String start) {
            this.directory = directory;
            this.branch = branch;
            this.start = start;
        }

        public Path directory() {
            return directory;
        }

        public String branch() {
            return branch;
        }

        public String start() {
            return start;
        }

        /** Whether the attempt runs in a worktree of its own. */
        public boolean isolated() {
            return branch != null;
        }

        /**
         * The repository of the directory, opened at the first call. A worktree's is its own
         * (never a repository above it: its leftovers are committed there); the worker's own
         * directory's is the repository that contains it.
         *
         * @throws IOException when there is none, or it cannot be read
         */
        public Repository repository() throws IOException {
            if (repository == null) {
                FileRepositoryBuilder builder = isolated()
                        ? new FileRepositoryBuilder().setGitDir(RepositoryCache.FileKey.lenient(directory.toFile(), FS.DETECTED).getFile())
                        : new FileRepositoryBuilder().findGitDir(directory.toAbsolutePath().toFile());
                if (builder.getGitDir() == null) {
                    throw new RepositoryNotFoundException(directory.toFile());
                }
                repository = builder.setMustExist(true).build();
            }
            return repository;
        }

        /** Closes the repository if it was opened; a later look opens it again. */
        @Override
        public void close() {
            if (repository != null) {
                repository.close();
                repository = null;
            }
        }

        @Override
        public String toString() {
            return directory + (isolated() ? " on " + branch + " from " + start : "");
        }
    }

    /** Every task runs in the worker's directory; nothing is merged. */
    static TaskWorkspace inPlace() {
        return InPlaceWorkspace.INSTANCE;
    }

    /**
     * The workspace of a worker with these settings: {@link #inPlace} when they are off, else over
     * the git repository containing {@code settings.repo()} (or the working directory) and the queue
     * in {@code stateDir}.
     *
     * @throws IllegalStateException when worktrees are on and no git repository contains the directory
     */
    static TaskWorkspace open(WorktreeSettings settings, Path workingDirectory, Path stateDir, LockManager locks,
                              TaskBoardStore roadmap, EventLog events, Reactions reactions, Clock clock,
                              Consumer<String> terminal) {
        return settings.enabled()
                ? WorktreeWorkspace.open(settings, workingDirectory, stateDir, locks, roadmap, events, reactions, clock,
                        terminal)
                : inPlace();
    }

    /** What the scheduler may let this worker claim. */
    ClaimRules claimRules();

    /**
     * Gives a claimed task its working directory.
     *
     * @param home the worker's own directory, where a task that needs no worktree runs
     */
    Place prepare(String worker, ClaimedTask claimed, Path home);

    /**
     * After a successful attempt, before its completion is recorded: keeps its work (a worktree's
     * leftovers committed, a branch with new work queued for merging) and says what the task's
     * {@code branch:}/{@code merge:} fields become once it is done. Queueing first means no
     * dependent ever sees the task done with its branch unqueued; an entry whose completion is then
     * refused is dropped by the next {@link #drainQueue}.
     *
     * @return the fields, or null to leave them as they are
     */
    MergeState deliver(String worker, ClaimedTask claimed, Place place);

    /**
     * Ends an attempt's use of its place; a worktree's leftovers are kept on its branch.
     *
     * @param delivered whether the attempt's branch was queued
     */
    void release(String worker, ClaimedTask claimed, Place place, boolean delivered);

    /**
     * Ends the use of its place by an attempt given back because every account of the worker was
     * limited: the place is kept as it is, uncommitted work and all, so that when the same worker
     * takes the task again after the reset, the agent's session finds its files where it left them.
     */
    void park(String worker, ClaimedTask claimed, Place place);

    /** When the worker stops: what it kept between its tasks is removed (a parked attempt's place stays). */
    void leave(String worker);

    /** Lands what waits in the merge queue and is ready, applying each outcome to its task. */
    List<MergeOutcome> drainQueue(String worker);

    /**
     * Lands the first ready entry of the queue, one only, and applies its outcome: {@code wvo
     * merge-queue next}, by hand, with or without workers running. Stacked branches that need it
     * are restacked first, each outcome applied.
     *
     * @param who named in the events
     * @return the landing's outcome; else the last restack's; empty when nothing was ready or
     *         another process is merging
     * @throws IllegalStateException when the entry cannot be landed at all (its branch is gone, ...), saying what to do
     */
    Optional<MergeOutcome> landNext(String who);

    /** Whether the queue holds an entry this worker could land now (so it must not exit as idle). */
    boolean hasMergesToMake();

    /**
     * At worker start, before the first agent runs: says when the user's checkout of the target
     * branch has uncommitted changes, which hold every landing until they are committed or stashed
     * (what is dirty, and what to do). The worker runs all the same: its work waits on branches.
     */
    void checkTarget(String worker);

    /**
     * At worker start: worktrees of workers that are not alive are removed when clean and merged,
     * else kept and reported. A live worker's worktree is its own, in use or kept for its next task.
     *
     * @param alive whether a live worker holds this id
     */
    List<ReconcileReport> reconcile(String worker, Predicate<String> alive);
}
