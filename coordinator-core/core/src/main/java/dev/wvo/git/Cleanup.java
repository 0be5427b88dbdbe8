package dev.wvo.git;

import dev.wvo.schedule.MergeState;
import dev.wvo.schedule.Runnability;
import dev.wvo.schedule.TaskBoardStore;
import dev.wvo.schedule.TaskState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * {@code wvo cleanup}: removes what wvo left behind in the repository, the task worktrees under
 * {@code .wvo/worktrees} and the {@code wvo/...} branches, and never anything that holds work: a
 * worktree of a live worker, or with uncommitted changes, or on a branch not merged into the
 * target stays; a branch checked out somewhere, waiting in the merge queue, named by a task that
 * has not landed, or holding commits not on the target stays. It says what it kept and why.
 */
public final class Cleanup {

    private final TaskWorktrees worktrees;
    private final MergeQueueStore queue;
    private final TaskBoardStore roadmap;

    public Cleanup(TaskWorktrees worktrees, MergeQueueStore queue, TaskBoardStore roadmap) {
        this.worktrees = worktrees;
        this.queue = queue;
        this.roadmap = roadmap;
    }

    /** What one cleanup did: each worktree and branch it looked at, removed or kept with the reason. */
    public record Report(List<Item> worktrees, List<Item> branches) {
    }

    /** A worktree (its path) or a branch (its name), and whether it was removed, or why it was kept. */
    public record Item(String name, boolean removed, String keptBecause) {
        static Item removed(String name) {
            return new Item(name, true, null);
        }

        static Item kept(String name, String why) {
            return new Item(name, false, why);
        }
    }

    /**
     * @param workerAlive   whether the worker of that name is alive (its worktree is never touched)
     * @param keepWorktrees leave every worktree as it is; only branches are cleaned
     */
    public Report run(Predicate<String> workerAlive, boolean keepWorktrees) {
        List<Item> trees = new ArrayList<>();
        if (!keepWorktrees) {
            for (Path dir : worktreeFolders()) {
                String worker = dir.getFileName().toString();
                if (workerAlive.test(worker)) {
                    trees.add(Item.kept(dir.toString(), "its worker " + worker + " is alive"));
                }
            }
            for (ReconcileReport r : worktrees.reconcileByWorker(workerAlive)) {
                trees.add(r.removed() ? Item.removed(r.path().toString()) : Item.kept(r.path().toString(),
                        (r.uncommittedChanges() ? "uncommitted changes" : "")
                                + (r.uncommittedChanges() && r.unmergedCommits() ? " and " : "")
                                + (r.unmergedCommits() ? r.branch() + " has commits not on " + worktrees.targetBranch() : "")));
            }
        }
        Map<String, Path> checkedOut = worktrees.checkedOutBranches();
        List<MergeEntry> entries = queue.list();
        List<TaskState> tasks = roadmap.tasks();
        List<Item> branches = new ArrayList<>();
        for (String branch : worktrees.taskBranches()) {
            Optional<String> keep = reasonToKeep(branch, checkedOut, entries, tasks);
            if (keep.isPresent()) {
                branches.add(Item.kept(branch, keep.get()));
            } else {
                worktrees.deleteBranch(branch);
                branches.add(Item.removed(branch));
            }
        }
        return new Report(List.copyOf(trees), List.copyOf(branches));
    }

    private Optional<String> reasonToKeep(String branch, Map<String, Path> checkedOut, List<MergeEntry> entries,
                                          List<TaskState> tasks) {
        if (checkedOut.containsKey(branch)) {
            return Optional.of("checked out in " + checkedOut.get(branch));
        }
        Optional<MergeEntry> waiting = entries.stream().filter(e -> e.branch().equals(branch))
                .filter(e -> e.status() != MergeEntry.Status.MERGED).findFirst();
        if (waiting.isPresent()) {
            return Optional.of("in the merge queue (entry " + waiting.get().id() + ", "
                    + waiting.get().status().name().toLowerCase(Locale.ROOT) + ")");
        }
        Optional<TaskState> task = tasks.stream().filter(t -> MergeState.of(t).on(branch))
                .filter(t -> !Runnability.MERGE_MERGED.equals(t.view().extra().get("merge"))).findFirst();
        if (task.isPresent()) {
            return Optional.of("task " + task.get().id() + " has not landed it");
        }
        if (!worktrees.isMerged(branch)) {
            return Optional.of("holds commits not on " + worktrees.targetBranch());
        }
        return Optional.empty();
    }

    private List<Path> worktreeFolders() {
        Path root = worktrees.repoDir().resolve(".wvo").resolve("worktrees");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + root, e);
        }
    }
}
