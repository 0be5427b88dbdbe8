package dev.wvo.git;

import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.Sequence;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeFormatter;
import org.eclipse.jgit.merge.MergeResult;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The conflicting hunks of a branch merged with the target, as git would mark them in the file
 * ({@code <<<<<<<}, {@code =======}, {@code >>>>>>>}) with a few lines around each and the line
 * where it starts: what an agent sent back after a conflict needs to see to resolve it, computed
 * in the object database as the queue computed the merge (nobody's working tree is touched).
 */
final class ConflictHunks {

    /** Lines shown before and after each conflict. */
    private static final int CONTEXT = 3;
    /** A prompt is no place for a whole generated file: the hunks stop after this many characters. */
    static final int MAX_CHARS = 8000;

    private ConflictHunks() {
    }

    /** The hunks of {@code branch} merged into {@code target}; empty when it merges cleanly or cannot be read. */
    static String of(Path repoDir, String target, String branch) {
        try (Repository repo = new FileRepositoryBuilder().findGitDir(repoDir.toFile()).setMustExist(true).build();
             RevWalk walk = new RevWalk(repo)) {
            ObjectId ours = repo.resolve("refs/heads/" + target);
            ObjectId theirs = repo.resolve("refs/heads/" + branch);
            if (ours == null || theirs == null) {
                return "";
            }
            ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(repo, true);
            if (merger.merge(walk.parseCommit(ours), walk.parseCommit(theirs))) {
                return "";
            }
            return of(merger, target, branch);
        } catch (IOException | RuntimeException e) {
            return ""; // the paths alone still go back; the hunks are a help, not a condition
        }
    }

    /**
     * The hunks of a merge that failed, {@code ours} first: also a step of a rebase, whose base is
     * the replayed commit's parent rather than the two sides' merge base.
     */
    static String of(ResolveMerger failed, String ours, String theirs) {
        try {
            StringBuilder out = new StringBuilder();
            for (Map.Entry<String, MergeResult<? extends Sequence>> e : new TreeMap<>(failed.getMergeResults()).entrySet()) {
                if (!e.getValue().containsConflicts()) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                MergeResult<RawText> result = (MergeResult<RawText>) e.getValue();
                ByteArrayOutputStream marked = new ByteArrayOutputStream();
                new MergeFormatter().formatMerge(marked, result, List.of("base", ours, theirs), StandardCharsets.UTF_8);
                appendHunks(out, e.getKey(), marked.toString(StandardCharsets.UTF_8));
                if (out.length() > MAX_CHARS) {
                    return out.substring(0, MAX_CHARS) + "\n(more conflicts left out)\n";
                }
            }
            return out.toString();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static void appendHunks(StringBuilder out, String path, String marked) {
        List<String> lines = marked.lines().toList();
        int i = 0;
        while (i < lines.size()) {
            if (!lines.get(i).startsWith("<<<<<<< ")) {
                i++;
                continue;
            }
            int end = i;
            while (end < lines.size() && !lines.get(end).startsWith(">>>>>>> ")) {
                end++;
            }
            int from = Math.max(0, i - CONTEXT);
            int to = Math.min(lines.size() - 1, end + CONTEXT);
            out.append("--- ").append(path).append(" (from line ").append(from + 1).append(")\n");
            for (int k = from; k <= to; k++) {
                out.append(lines.get(k)).append('\n');
            }
            i = end + 1;
        }
    }
}
