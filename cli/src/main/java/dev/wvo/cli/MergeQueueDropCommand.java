package dev.wvo.cli;

import dev.wvo.git.MergeEntry;
import dev.wvo.git.MergeQueueRequests;
import picocli.CommandLine.Command;

/** {@code wvo merge-queue drop ID}. */
@Command(name = "drop",
        header = "Remove an entry from the merge queue; its branch is kept.",
        description = "The task keeps its status and loses its merge: field: a done task then counts as done for its "
                + "dependents (as if you merged the branch yourself); a blocked one stays blocked until "
                + "`wvo task reset`. The branch stays in git until you delete it.")
final class MergeQueueDropCommand extends MergeQueueRequestCommand {

    @Override
    MergeEntry apply(MergeQueueRequests requests, String id) {
        return requests.drop(id);
    }

    @Override
    String report(MergeEntry entry) {
        return "Dropped entry " + entry.id() + " (" + entry.taskId() + "). Branch " + entry.branch()
                + " is kept (delete it with `git branch -D " + entry.branch() + "`); task " + entry.taskId()
                + " keeps its status, without a merge: field.";
    }
}
