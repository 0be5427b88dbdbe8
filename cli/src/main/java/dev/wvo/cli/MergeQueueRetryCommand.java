package dev.wvo.cli;

import dev.wvo.git.MergeEntry;
import dev.wvo.git.MergeQueueRequests;
import picocli.CommandLine.Command;

/** {@code wvo merge-queue retry ID}. */
@Command(name = "retry",
        header = "Put a conflicting or failed entry back in the queue (after fixing its branch by hand).",
        description = "The entry becomes queued again and its task done with merge: queued (a blocked task is "
                + "unblocked); the next worker lands it, or reports the conflict again.")
final class MergeQueueRetryCommand extends MergeQueueRequestCommand {

    @Override
    MergeEntry apply(MergeQueueRequests requests, String id) {
        return requests.retry(id);
    }

    @Override
    String report(MergeEntry entry) {
        return "Queued " + entry.branch() + " (" + entry.taskId() + ") again as entry " + entry.id()
                + "; task " + entry.taskId() + " is done with merge: queued.";
    }
}
