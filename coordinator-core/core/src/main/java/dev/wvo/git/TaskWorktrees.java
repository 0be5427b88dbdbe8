package dev.wvo.git;

import dev.wvo.fs.FileNames;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.util.FS;

/**
 * Task worktrees under {@code <repo>/.wvo/worktrees/<worker>} on branches {@code wvo/<worker>/<task>}.
 * Creation and removal go through the {@code git} command; inspection goes through JGit.
 */
public final class TaskWorktrees {
    private final Path repoDir;
    private final String targetBranch;

    /**
     * @param repoDir top directory of the main checkout
     * @param targetBranch short name of the branch results return to
     */
    public TaskWorktrees(Path repoDir, String targetBranch) {
        this.repoDir = repoDir;
        this.targetBranch = targetBranch;
    }

    /**
     * Opens the repository containing {@code dir}; the target is its current branch unless given.
     * Through JGit's {@link RepositoryCache}, as {@link #git} opens it: the workers hosted in one JVM
     * start together, where each opened it anew here and then once more through {@link #git}.
     */
    public static TaskWorktrees forDirectory(Path dir, Optional<String> configuredTarget) {
        File gitDir = new org.eclipse.jgit.storage.file.FileRepositoryBuilder().findGitDir(dir.toFile()).getGitDir();
        if (gitDir == null) {
            throw new IllegalStateException("No git repository contains " + dir);
        }
        try (Repository repo = RepositoryCache.open(RepositoryCache.FileKey.exact(gitDir, FS.DETECTED))) {
            Path top = repo.getWorkTree().toPath();
            String target = configuredTarget.isPresent() ? configuredTarget.get() : repo.getBranch();
            return new TaskWorktrees(top, target);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("No git repository contains " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path repoDir() {
        return repoDir;
    }

    public String targetBranch() {
        return targetBranch;
    }

    /**
     * Branch name of a task: {@code wvo/<worker>/<task>}, the task id made one safe ref component
     * ({@link FileNames#branchComponent}): a task id is anyone's text, and git resolves a ref name
     * as a path under {@code .git/}.
     */
    public static String branchName(String worker, String taskId) {
        return "wvo/" + FileNames.requirePlain("worker id", worker) + "/" + FileNames.branchComponent(taskId);
    }

    /** Worktree path of a worker. */
    public Path worktreePath(String worker) {
        return repoDir.resolve(".wvo").resolve("worktrees").resolve(FileNames.requirePlain("worker id", worker));
    }

    /**
     * Creates the worktree of a task, from the target branch or, for a stacked task, from the branch
     * of a done-but-unmerged dependency.
     *
     * @param startBranch the dependency's branch, or empty to start from the target branch
     * @return the worktree path
     */
    public Path create(String worker, String taskId, Optional<String> startBranch) {
        return create(worker, taskId, startBranch, false);
    }

    /**
     * Creates the worktree of a task as {@link #create(String, String, Optional)} does, or, when
     * {@code reuseKept}, brings the worker's worktree that {@link #keep} left between tasks to the
     * task's new branch: a checkout writes only the files that differ from the last task's tree,
     * where {@code git worktree add} writes every file and starts three git processes; then every
     * untracked and ignored file is removed. A kept worktree that cannot be made so is removed and
     * created afresh, so a task always starts from a clean tree of its start commit.
     *
     * @param reuseKept whether the worker's worktree folder holds its kept worktree, no one else's
     */
    public Path create(String worker, String taskId, Optional<String> startBranch, boolean reuseKept) {
        Path path = worktreePath(worker);
        String start = startBranch.orElse(targetBranch);
        // a stacked task's start is the `branch:` of its dependency, which anyone may have edited
        if (start.startsWith("-") || !Repository.isValidRefName(Constants.R_HEADS + start)) {
            throw new IllegalStateException("'" + start + "' is not a branch name; fix the `branch:` of the task "
                    + "this one is stacked on, or remove it");
        }
        excludeWorktreeFolder();
        String branch = branchName(worker, taskId);
        createBranch(branch, start);
        if (reuseKept && Files.isDirectory(path)) {
            if (switchKept(path, branch)) {
                return path;
            }
            remove(worker);
        }
        GitProcess.checked(repoDir, "worktree", "add", path.toString(), branch);
        return path;
    }

    /**
     * Checks out {@code branch} in a kept worktree, discarding any change to a tracked file, and
     * removes what no commit holds (untracked and ignored files, as a fresh worktree has none);
     * whether both worked. Two {@code git} processes, not JGit: what a clean checkout is to git
     * itself, in native code that walks a large tree faster than JGit's, which runs interpreted
     * through a worker's first tasks (docs/performance.md, "Sixth pass": the same CPU here).
     */
    private static boolean switchKept(Path path, String branch) {
        return GitProcess.run(path, "checkout", "-q", "-f", branch, "--").ok()
                && GitProcess.run(path, "clean", "-q", "-f", "-f", "-d", "-x").ok();
    }

    /**
     * Keeps a worker's worktree for its next task instead of removing it: its HEAD is detached at
     * the commit it holds, so that its branch is checked out nowhere and the merge queue may rebase
     * or delete it as it does a branch whose worktree was removed.
     *
     * @param place the place of the attempt that used it, whose repository is the worktree's
     * @return whether it was kept; when not, it was removed as {@link #remove} does
     */
    public boolean keep(String worker, TaskWorkspace.Place place) {
        try {
            Repository repo = place.repository();
            ObjectId head = repo.resolve(Constants.HEAD);
            RefUpdate detach = repo.updateRef(Constants.HEAD, true);
            detach.setNewObjectId(head);
            detach.setRefLogMessage("wvo: kept for the worker's next task", false);
            RefUpdate.Result result = detach.forceUpdate();
            if (head != null && (result == RefUpdate.Result.FORCED || result == RefUpdate.Result.NO_CHANGE
                    || result == RefUpdate.Result.NEW)) {
                return true;
            }
        } catch (IOException e) {
            // removed below, as before worktrees were kept
        }
        remove(worker);
        return false;
    }

    /**
     * Creates {@code branch} at {@code start} in this process: {@code git worktree add -b} would
     * start a {@code git branch} process for it. An existing branch is refused, as git refuses it.
     */
    private void createBranch(String branch, String start) {
        try (Git git = git()) {
            Repository repo = git.getRepository();
            // the exact ref, not resolve(): that parses the name as a revision expression first
            Ref from = repo.exactRef(Constants.R_HEADS + start);
            ObjectId at = from == null ? null : from.getObjectId();
            if (at == null) {
                throw new IllegalStateException("Cannot create branch " + branch + ": there is no branch '" + start
                        + "' in " + repoDir + " to start it from");
            }
            RefUpdate update = repo.updateRef(Constants.R_HEADS + branch);
            update.setExpectedOldObjectId(ObjectId.zeroId());
            update.setNewObjectId(at);
            update.setRefLogMessage("branch: Created from " + start, false);
            RefUpdate.Result result = update.update();
            if (result != RefUpdate.Result.NEW) {
                throw new IllegalStateException("Cannot create branch " + branch + " in " + repoDir + " (" + result
                        + (result == RefUpdate.Result.LOCK_FAILURE ? ": it exists already, or another process holds its lock" : "")
                        + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create branch " + branch + " in " + repoDir, e);
        }
    }

    /**
     * Keeps {@code .wvo/} out of the main checkout's status through {@code .git/info/exclude}
     * (not {@code .gitignore}, which is the user's tracked file): an untracked worktree folder
     * would make the checkout look dirty, and the merge queue would then refuse to move the target.
     */
    private void excludeWorktreeFolder() {
        try (Git git = git()) {
            Path exclude = git.getRepository().getCommonDirectory().toPath().resolve("info").resolve("exclude");
            String current = Files.exists(exclude) ? Files.readString(exclude) : "";
            if (current.lines().noneMatch(l -> l.strip().equals("/.wvo/"))) {
                Files.createDirectories(exclude.getParent());
                Files.writeString(exclude, (current.isEmpty() || current.endsWith("\n") ? current : current + "\n")
                        + "/.wvo/\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot add /.wvo/ to the git exclude file of " + repoDir, e);
        }
    }

    /**
     * The main repository, from JGit's {@link RepositoryCache}: one open repository per process
     * instead of its configuration read and its refs and packs scanned again at each of the dozen
     * looks a task takes at it. JGit rereads a ref, the configuration or the list of packs when
     * its file changed on disk, so what git and other workers write is seen. Closing the result
     * gives the repository back to the cache.
     */
    Git git() throws IOException {
        return new Git(RepositoryCache.open(RepositoryCache.FileKey.lenient(repoDir.toFile(), FS.DETECTED)), true);
    }

    /**
     * Whether a local branch exists. Looked up by its exact ref name: {@code resolve} also tries the
     * name under {@code refs/}, {@code refs/tags/}, {@code refs/heads/} and {@code refs/remotes/}, and for
     * a branch not made yet (a task's first attempt) each miss is a {@code NoSuchFileException} that
     * JGit matches against a regular expression it compiles anew: ~40 per look.
     */
    public boolean branchExists(String branch) {
        try (Git git = git()) {
            Ref ref = git.getRepository().exactRef(Constants.R_HEADS + branch);
            return ref != null && ref.getObjectId() != null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read branches of " + repoDir, e);
        }
    }

    /** Whether every commit of {@code branch} is already on the target branch. */
    public boolean isMerged(String branch) {
        try (Git git = git()) {
            return isMergedInto(git.getRepository(), branch, targetBranch);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read branches of " + repoDir, e);
        }
    }

    /**
     * Renames a branch out of the way, to the first free {@code <branch>-<label>-<n>}, so that a new
     * attempt can start fresh on the name while the old work stays reachable.
     *
     * @return the new name
     */
    public String setAside(String branch, String label) {
        try (Git git = git()) {
            String name;
            int n = 1;
            do {
                name = branch + "-" + label + "-" + n++;
            } while (git.getRepository().resolve("refs/heads/" + name) != null);
            git.branchRename().setOldName(branch).setNewName(name).call();
            return name;
        } catch (IOException | org.eclipse.jgit.api.errors.GitAPIException e) {
            throw new IllegalStateException("Cannot rename branch " + branch + " in " + repoDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes a branch whose work is on the target (or which holds none). Named by its exact ref:
     * JGit looks a short name up under {@code refs/}, {@code refs/tags/} and only then {@code
     * refs/heads/}, so a tag of the same name would have been deleted instead, and each miss on the
     * way cost an exception.
     */
    public void deleteBranch(String branch) {
        try (Git git = git()) {
            git.branchDelete().setBranchNames(Constants.R_HEADS + branch).setForce(true).call();
        } catch (IOException | org.eclipse.jgit.api.errors.GitAPIException e) {
            throw new IllegalStateException("Cannot delete branch " + branch + " in " + repoDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every local branch checked out in a worktree of the repository (the main one too), with where.
     * Read as {@code git worktree list} reads it, without a process: the main checkout's {@code HEAD}
     * (JGit), and for each linked worktree its {@code worktrees/<id>/HEAD} and {@code gitdir} (the
     * path of the worktree's {@code .git} file) under the repository's common directory.
     */
    public Map<String, Path> checkedOutBranches() {
        Map<String, Path> out = new TreeMap<>();
        try (Git git = git()) {
            Repository repo = git.getRepository();
            if (!repo.isBare()) {
                localBranch(repo).ifPresent(b -> out.put(b, repo.getWorkTree().toPath()));
            }
            Path linked = repo.getCommonDirectory().toPath().resolve("worktrees");
            if (!Files.isDirectory(linked)) {
                return out;
            }
            List<Path> admins;
            try (Stream<Path> s = Files.list(linked)) {
                admins = s.filter(d -> Files.isRegularFile(d.resolve("gitdir")) && Files.isRegularFile(d.resolve("HEAD")))
                        .sorted().toList();
            } catch (java.nio.file.NoSuchFileException e) {
                return out; // git removes the folder with the last linked worktree, perhaps just now: there are none
            }
            for (Path admin : admins) {
                try {
                    Path dotGit = admin.resolve(Files.readString(admin.resolve("gitdir")).strip()).normalize();
                    checkedOutBranch(admin).ifPresent(b -> out.put(b, dotGit.getParent()));
                } catch (IOException e) {
                    // a worktree another process is removing right now: git's own list would miss it a moment later
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the worktrees of " + repoDir, e);
        }
        return out;
    }

    /**
     * The local branch a linked worktree has checked out, read from its own {@code HEAD} file as git
     * reads it: {@code ref: refs/heads/<branch>}, or a commit id when detached. A linked worktree's
     * {@code HEAD} is always a file of its own, never packed; reading it costs one small file where
     * opening the worktree as a repository read its configuration too, at every look at the list.
     */
    private static Optional<String> checkedOutBranch(Path admin) throws IOException {
        String head = Files.readString(admin.resolve(Constants.HEAD)).strip();
        String ref = head.startsWith("ref:") ? head.substring("ref:".length()).strip() : "";
        return ref.startsWith(Constants.R_HEADS) ? Optional.of(ref.substring(Constants.R_HEADS.length()))
                : Optional.empty();
    }

    /** The short name of the local branch {@code repo}'s HEAD is on; empty when detached. */
    private static Optional<String> localBranch(Repository repo) throws IOException {
        String full = repo.getFullBranch();
        return full != null && full.startsWith(Constants.R_HEADS) ? Optional.of(full.substring(Constants.R_HEADS.length()))
                : Optional.empty();
    }

    /** The local branches wvo made: {@code wvo/<worker>/<task>} and their set-aside names. */
    public List<String> taskBranches() {
        try (Git git = git()) {
            return git.getRepository().getRefDatabase().getRefsByPrefix("refs/heads/wvo/").stream()
                    .map(r -> Repository.shortenRefName(r.getName())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read branches of " + repoDir, e);
        }
    }

    /**
     * Removes a worker's worktree (the branch stays). {@code git worktree remove} deletes the
     * worktree's own record; stale records of worktrees deleted by hand are pruned when a worker
     * starts ({@link #reconcile}), not after every task.
     */
    public void remove(String worker) {
        GitProcess.checked(repoDir, "worktree", "remove", "--force", worktreePath(worker).toString());
    }

    /**
     * Reconciles worktrees at worker start: those whose task has no live claim are removed when clean
     * and fully merged into the target, and reported (kept) otherwise.
     *
     * @param hasLiveClaim given the worker name of a worktree and its branch, whether a live task claims it
     */
    public List<ReconcileReport> reconcile(java.util.function.BiPredicate<String, String> hasLiveClaim) {
        Path root = repoDir.resolve(".wvo").resolve("worktrees");
        List<ReconcileReport> reports = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            GitProcess.run(repoDir, "worktree", "prune");
            return reports;
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + root, e);
        }
        for (Path wt : dirs) {
            String worker = wt.getFileName().toString();
            if (!FileNames.isPlain(worker)) {
                continue; // no worker's: wvo never made it, so it is not wvo's to remove
            }
            try (Git git = Git.open(wt.toFile())) {
                String branch = git.getRepository().getBranch();
                if (hasLiveClaim.test(worker, branch)) {
                    continue;
                }
                boolean dirty = !git.status().call().isClean();
                boolean unmerged = !isMergedInto(git.getRepository(), branch, targetBranch);
                if (dirty || unmerged) {
                    reports.add(new ReconcileReport(wt, branch, dirty, unmerged, false));
                } else {
                    remove(worker);
                    reports.add(new ReconcileReport(wt, branch, false, false, true));
                }
            } catch (IOException | org.eclipse.jgit.api.errors.GitAPIException e) {
                throw new IllegalStateException("Cannot inspect worktree " + wt + ": " + e.getMessage(), e);
            }
        }
        GitProcess.run(repoDir, "worktree", "prune");
        return reports;
    }

    static boolean isMergedInto(Repository repo, String branch, String target) throws IOException {
        ObjectId b = repo.resolve("refs/heads/" + branch);
        ObjectId t = repo.resolve("refs/heads/" + target);
        if (b == null || t == null) {
            return b == null;
        }
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit bc = walk.parseCommit(b);
            RevCommit tc = walk.parseCommit(t);
            return walk.isMergedInto(bc, tc);
        }
    }

    /** Convenience for callers that only know claimed worker names. */
    public List<ReconcileReport> reconcileByWorker(Predicate<String> workerHasLiveClaim) {
        return reconcile((worker, branch) -> workerHasLiveClaim.test(worker));
    }
}
