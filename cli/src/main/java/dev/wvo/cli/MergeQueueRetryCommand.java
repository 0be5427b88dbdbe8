package dev.wvo.cli;

import dev.wvo.git.MergeEntry;
import dev.wvo.git.MergeQueueRequests;
import dev.wvo.git.MergeQueueStore;
import dev.wvo.roadmap.RoadmapBoardStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code wvo merge-queue retry ID}. */
@Command(name = "retry",
        header = "Put a conflicting or failed entry back in the queue (after fixing its branch by hand).",
        description = "The entry becomes queued again and its task done with merge: queued (a blocked task is "
                + "unblocked); the next worker lands it, or reports the conflict again.")
final class MergeQueueRetryCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The entry's id, as `wvo merge-queue list` shows it.")
    private String id;

    @Override
    public Integer call() {
        Clock clock = Clock.systemUTC();
        MergeEntry entry;
        try (StateAccess state = StateAccess.open(WvoCommand.of(spec), "wvo-merge-queue", clock)) {
            entry = new MergeQueueRequests(MergeQueueStore.in(state.dir().root(), clock),
                    new RoadmapBoardStore(state.store())).retry(id);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.FAILURE, e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Queued " + entry.branch() + " (" + entry.taskId() + ") again as entry " + entry.id()
                + "; task " + entry.taskId() + " is done with merge: queued.");
        out.flush();
        return ExitCodes.OK;
    }
}
