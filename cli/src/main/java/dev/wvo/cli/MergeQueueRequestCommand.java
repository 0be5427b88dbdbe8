package dev.wvo.cli;

import dev.wvo.cli.render.TerminalText;
import dev.wvo.git.MergeEntry;
import dev.wvo.git.MergeQueueRequests;
import dev.wvo.git.MergeQueueStore;
import dev.wvo.roadmap.RoadmapBoardStore;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;

/** What {@code wvo merge-queue retry} and {@code drop} share: one request on one entry, under the roadmap lock. */
abstract class MergeQueueRequestCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The entry's id, as `wvo merge-queue list` shows it.")
    private String id;

    /** Carries out the request on entry {@code id}; an unknown or unsuitable entry is an IllegalArgumentException. */
    abstract MergeEntry apply(MergeQueueRequests requests, String id);

    /** What to tell the person afterwards. */
    abstract String report(MergeEntry entry);

    @Override
    public Integer call() {
        Clock clock = Clock.systemUTC();
        MergeEntry entry;
        try (StateAccess state = StateAccess.open(WvoCommand.of(spec), "wvo-merge-queue", clock)) {
            entry = apply(new MergeQueueRequests(MergeQueueStore.in(state.dir().root(), clock),
                    new RoadmapBoardStore(state.store())), id);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.FAILURE, e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(TerminalText.line(report(entry))); // it names the task, anyone's text
        out.flush();
        return ExitCodes.OK;
    }
}
