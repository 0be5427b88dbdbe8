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

/** {@code wvo merge-queue drop ID}. */
@Command(name = "drop",
        header = "Remove an entry from the merge queue; its branch is kept.",
        description = "The task keeps its status and loses its merge: field: a done task then counts as done for its "
                + "dependents (as if you merged the branch yourself); a blocked one stays blocked until "
                + "`wvo task reset`. The branch stays in git until you delete it.")
final class MergeQueueDropCommand implements Callable<Integer> {

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
                    new RoadmapBoardStore(state.store())).drop(id);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.FAILURE, e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Dropped entry " + entry.id() + " (" + entry.taskId() + "). Branch " + entry.branch()
                + " is kept (delete it with `git branch -D " + entry.branch() + "`); task " + entry.taskId()
                + " keeps its status, without a merge: field.");
        out.flush();
        return ExitCodes.OK;
    }
}
