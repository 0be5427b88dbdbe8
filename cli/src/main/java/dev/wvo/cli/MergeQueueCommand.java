package dev.wvo.cli;

import picocli.CommandLine.Command;

/** {@code wvo merge-queue}: the task branches waiting to land on the target branch. */
@Command(name = "merge-queue",
        header = "List, retry and drop the task branches queued for merging (worktree mode).",
        description = "Entries are files in <state>/merge-queue, written when a task that ran in a git worktree "
                + "succeeds; workers land them one at a time. See docs/worktrees.md.",
        subcommands = {MergeQueueListCommand.class, MergeQueueRetryCommand.class, MergeQueueDropCommand.class})
final class MergeQueueCommand extends CommandGroup {
}
