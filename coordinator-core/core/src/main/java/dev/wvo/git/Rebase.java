package dev.wvo.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * A branch's own commits replayed onto a new base in the object database, as {@code git rebase
 * --onto NEW OLD BRANCH} would, with the merge code's own {@link ResolveMerger} (each commit a
 * three-way merge against its parent) and nobody's working tree touched. A commit whose change the
 * new base already holds is dropped, as git drops it. The branch ref is not moved here: the caller
 * moves it once it decided the result lands.
 */
final class Rebase {

    /**
     * What replaying gave.
     *
     * @param tip           the new tip; null when it conflicted or cannot be replayed
     * @param conflictPaths the paths of the commit that did not apply, when it conflicted
     * @param hunks         their conflicting hunks ({@link ConflictHunks}), new base first
     * @param replayable    false when the branch holds a merge commit: that is not replayed, and
     *                      the caller keeps the branch as it is
     */
    record Result(ObjectId tip, List<String> conflictPaths, String hunks, boolean replayable) {
        boolean clean() {
            return tip != null;
        }
    }

    private Rebase() {
    }

    /**
     * Replays the commits of {@code tip} that neither {@code upstream} nor {@code onto} holds onto {@code onto}.
     *
     * @param ontoName   how the hunks name the new base (the target, or the branch below)
     * @param branchName how they name the replayed branch
     * @param committer  the committer of the new commits; each keeps its author and message
     */
    static Result replay(Repository repo, ObjectId tip, ObjectId upstream, ObjectId onto, String ontoName,
                         String branchName, PersonIdent committer) throws IOException {
        List<RevCommit> own = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repo)) {
            walk.sort(RevSort.TOPO, true);
            walk.sort(RevSort.REVERSE, true);
            walk.markStart(walk.parseCommit(tip));
            walk.markUninteresting(walk.parseCommit(upstream));
            walk.markUninteresting(walk.parseCommit(onto));
            for (RevCommit c : walk) {
                if (c.getParentCount() != 1) {
                    return new Result(null, List.of(), "", false);
                }
                own.add(c);
            }
        }
        try (RevWalk walk = new RevWalk(repo); ObjectInserter ins = repo.newObjectInserter()) {
            RevCommit current = walk.parseCommit(onto);
            for (RevCommit c : own) {
                RevCommit commit = walk.parseCommit(c);
                ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(repo, true);
                merger.setBase(commit.getParent(0));
                if (!merger.merge(current, commit)) {
                    List<String> paths = new ArrayList<>(merger.getUnmergedPaths());
                    if (merger.getFailingPaths() != null) {
                        merger.getFailingPaths().keySet().stream().filter(p -> !paths.contains(p)).forEach(paths::add);
                    }
                    paths.sort(String::compareTo);
                    return new Result(null, paths, ConflictHunks.of(merger, ontoName, branchName), true);
                }
                if (merger.getResultTreeId().equals(current.getTree())) {
                    continue; // the new base holds this change already
                }
                CommitBuilder cb = new CommitBuilder();
                cb.setTreeId(merger.getResultTreeId());
                cb.setParentId(current);
                cb.setAuthor(commit.getAuthorIdent());
                cb.setCommitter(committer);
                cb.setEncoding(commit.getEncoding());
                cb.setMessage(commit.getFullMessage());
                ObjectId id = ins.insert(cb);
                ins.flush();
                current = walk.parseCommit(id);
            }
            return new Result(current, List.of(), "", true);
        }
    }
}
