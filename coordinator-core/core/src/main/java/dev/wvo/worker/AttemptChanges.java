package dev.wvo.worker;

import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.patch.FileHeader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.util.io.DisabledOutputStream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an attempt did in git, read with JGit from its record: the commits on its branch since its
 * base, and the files changed since that base with their added and removed lines (a diff stat).
 *
 * <p>When the attempt's working directory still has its branch checked out, the files are those of
 * the working tree, so uncommitted and new files count; otherwise (its worktree was removed, or
 * another task's branch is checked out there now) they are those of the branch's last commit.
 * Paths under {@code excluded} directories (the state directory, {@code .wvo/} worktrees) are left
 * out: they change with every attempt and say nothing about this one.
 *
 * @param branch  the attempt's branch, or null when it ran on a detached {@code HEAD}
 * @param base    the commit it started from
 * @param commits its commits, newest first, each as {@code abbreviated-id subject}
 * @param files   the changed files
 */
record AttemptChanges(String branch, String base, List<String> commits, List<FileStat> files) {

    /** One changed file: its path and how many lines it gained and lost ({@code binary} has no line counts). */
    record FileStat(String path, int added, int removed, boolean binary) {
        String describe() {
            return path + (binary ? " (binary)" : " (+" + added + " -" + removed + ")");
        }
    }

    /**
     * The changes of the attempt recorded in {@code record}; empty when it recorded no git base or
     * its repository cannot be read from its working directory or {@code fallbackDirectory}.
     */
    static Optional<AttemptChanges> of(AttemptRecord record, Path fallbackDirectory, List<Path> excluded) {
        if (record.base() == null) {
            return Optional.empty();
        }
        Path workDir = record.workingDirectory() == null ? null : Path.of(record.workingDirectory());
        boolean workDirExists = workDir != null && Files.isDirectory(workDir);
        try (Repository repo = GitPosition.open(workDirExists ? workDir : fallbackDirectory)) {
            if (repo == null) {
                return Optional.empty();
            }
            ObjectId base = repo.resolve(record.base() + "^{commit}");
            if (base == null) {
                return Optional.empty();
            }
            String current = repo.isBare() ? null : repo.getFullBranch();
            String currentBranch = current != null && current.startsWith("refs/heads/") ? Repository.shortenRefName(current) : null;
            boolean workTreeIsTheAttempts = workDirExists && !repo.isBare() && Objects.equals(record.branch(), currentBranch);
            ObjectId tip = record.branch() != null ? repo.resolve("refs/heads/" + record.branch())
                    : workTreeIsTheAttempts ? repo.resolve("HEAD") : null;
            List<String> commits = tip == null ? List.of() : commitsBetween(repo, base, tip);
            List<FileStat> files = workTreeIsTheAttempts ? diff(repo, base, new FileTreeIterator(repo), excluded)
                    : tip == null ? List.of() : diff(repo, base, treeOf(repo, tip), excluded);
            return Optional.of(new AttemptChanges(record.branch(), base.abbreviate(7).name(), commits, files));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // the brief goes without the git part rather than failing the next attempt
        }
    }

    int added() {
        return files.stream().mapToInt(FileStat::added).sum();
    }

    int removed() {
        return files.stream().mapToInt(FileStat::removed).sum();
    }

    private static List<String> commitsBetween(Repository repo, ObjectId base, ObjectId tip) throws IOException {
        List<String> out = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repo)) {
            walk.markStart(walk.parseCommit(tip));
            walk.markUninteresting(walk.parseCommit(base));
            for (RevCommit c : walk) {
                out.add(c.abbreviate(7).name() + " " + c.getShortMessage());
            }
        }
        return out;
    }

    private static AbstractTreeIterator treeOf(Repository repo, ObjectId commit) throws IOException {
        try (RevWalk walk = new RevWalk(repo); ObjectReader reader = repo.newObjectReader()) {
            CanonicalTreeParser tree = new CanonicalTreeParser();
            tree.reset(reader, walk.parseCommit(commit).getTree());
            return tree;
        }
    }

    private static List<FileStat> diff(Repository repo, ObjectId base, AbstractTreeIterator after, List<Path> excluded)
            throws IOException {
        List<String> skipped = excludedPrefixes(repo, excluded);
        List<FileStat> out = new ArrayList<>();
        try (DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
            diff.setRepository(repo);
            diff.setDetectRenames(true);
            for (DiffEntry entry : diff.scan(treeOf(repo, base), after)) {
                String path = entry.getChangeType() == DiffEntry.ChangeType.DELETE ? entry.getOldPath() : entry.getNewPath();
                if (skipped.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"))) {
                    continue;
                }
                FileHeader header = diff.toFileHeader(entry);
                int added = 0;
                int removed = 0;
                for (Edit edit : header.toEditList()) {
                    added += edit.getLengthB();
                    removed += edit.getLengthA();
                }
                boolean binary = header.getPatchType() != FileHeader.PatchType.UNIFIED;
                out.add(new FileStat(path, added, removed, binary));
            }
        }
        return out;
    }

    /** The excluded directories as paths relative to the work tree, for those inside it. */
    private static List<String> excludedPrefixes(Repository repo, List<Path> excluded) {
        List<String> prefixes = new ArrayList<>(List.of(".wvo"));
        if (repo.isBare()) {
            return prefixes;
        }
        Path top = real(repo.getWorkTree().toPath());
        for (Path p : excluded) {
            Path abs = real(p);
            if (abs.startsWith(top) && !abs.equals(top)) {
                prefixes.add(top.relativize(abs).toString().replace('\\', '/'));
            }
        }
        return prefixes;
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
