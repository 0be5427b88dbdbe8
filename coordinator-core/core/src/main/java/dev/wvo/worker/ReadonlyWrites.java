package dev.wvo.worker;

import dev.wvo.schedule.OwnershipPaths;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a {@code readonly} attempt wrote, so that an attempt that changed files is not accepted.
 * Taken as a snapshot of the working tree before the run (every file git sees as changed or
 * untracked, with its content id, and {@code HEAD}) and compared with one after it.
 *
 * <p>Readonly tasks run beside writers: in a directory shared with them, a file that changed may
 * be a writer's. So a change there counts only where no writer may have made it: under the
 * readonly task's own {@code owns} (its shared locks keep every writer out), or, for a task that
 * reads the whole workspace, outside every path a writer owns. In a worktree of its own every
 * change is the attempt's.
 */
final class ReadonlyWrites {

    private final Path workdir;
    private final List<String> excludedPrefixes;
    private final Snapshot before;

    private ReadonlyWrites(Path workdir, List<String> excludedPrefixes, Snapshot before) {
        this.workdir = workdir;
        this.excludedPrefixes = excludedPrefixes;
        this.before = before;
    }

    /**
     * The snapshot before a readonly attempt runs in {@code workdir}.
     *
     * @param excluded directories whose changes are wvo's own (the state directory), absolute
     */
    static ReadonlyWrites before(Path workdir, List<Path> excluded) {
        Snapshot snapshot = Snapshot.of(workdir);
        List<String> prefixes = new ArrayList<>(List.of(".wvo"));
        if (snapshot != null) {
            for (Path p : excluded) {
                Path abs = real(p);
                if (abs.startsWith(snapshot.top) && !abs.equals(snapshot.top)) {
                    prefixes.add(snapshot.top.relativize(abs).toString().replace('\\', '/'));
                }
            }
        }
        return new ReadonlyWrites(workdir, List.copyOf(prefixes), snapshot);
    }

    /**
     * The files the attempt wrote, sorted; empty when it wrote none.
     *
     * @param reported     the files the agent reported changing (always counted)
     * @param readScope    the task's {@code owns}: git's changes count only inside them (empty: everywhere)
     * @param writersOwn   paths writers may change beside it, whose changes are not the attempt's
     *                     (empty in a worktree of its own)
     */
    List<String> written(List<String> reported, List<String> readScope, Collection<String> writersOwn) {
        Set<String> out = new TreeSet<>(reported);
        Snapshot after = before == null ? null : Snapshot.of(workdir);
        if (after == null) {
            return List.copyOf(out);
        }
        Set<String> paths = new HashSet<>(before.files.keySet());
        paths.addAll(after.files.keySet());
        for (String path : paths) {
            if (!Objects.equals(before.files.get(path), after.files.get(path)) && counts(path, readScope, writersOwn)) {
                out.add(path);
            }
        }
        if (!Objects.equals(before.head, after.head)) {
            out.add("HEAD (moved from " + abbreviate(before.head) + " to " + abbreviate(after.head) + ")");
        }
        return List.copyOf(out);
    }

    private boolean counts(String path, List<String> readScope, Collection<String> writersOwn) {
        if (excludedPrefixes.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"))) {
            return false;
        }
        if (!readScope.isEmpty()) {
            return readScope.stream().anyMatch(own -> OwnershipPaths.overlap(own, path));
        }
        return writersOwn.stream().noneMatch(own -> OwnershipPaths.overlap(own, path));
    }

    private static String abbreviate(String id) {
        return id == null ? "none" : id.substring(0, Math.min(7, id.length()));
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    /** The work tree's top, {@code HEAD}, and each changed or untracked file with its content id (or {@link #MISSING}). */
    private record Snapshot(Path top, String head, Map<String, String> files) {

        /** A tracked file that was deleted; a path absent from the map is as committed. */
        private static final String MISSING = "missing";

        /** Null when {@code dir} is in no git work tree, or it cannot be read: then only reports count. */
        static Snapshot of(Path dir) {
            try (Repository repo = GitPosition.open(dir)) {
                if (repo == null || repo.isBare()) {
                    return null;
                }
                Path top = real(repo.getWorkTree().toPath());
                ObjectId head = repo.resolve("HEAD");
                Status status = new Git(repo).status().call();
                Map<String, String> files = new HashMap<>();
                for (Collection<String> set : List.of(status.getUncommittedChanges(), status.getUntracked())) {
                    for (String path : set) {
                        Path file = top.resolve(path);
                        files.put(path, Files.isRegularFile(file) ? contentId(file) : MISSING);
                    }
                }
                return new Snapshot(top, head == null ? null : head.name(), files);
            } catch (IOException | GitAPIException | RuntimeException e) {
                return null;
            }
        }

        private static String contentId(Path file) throws IOException {
            try (ObjectInserter.Formatter f = new ObjectInserter.Formatter()) {
                return f.idFor(Constants.OBJ_BLOB, Files.readAllBytes(file)).name();
            }
        }
    }
}
