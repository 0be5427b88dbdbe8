package dev.wvo.cli;

import dev.wvo.config.Config;
import dev.wvo.config.WorktreeMode;
import dev.wvo.config.WorktreeSettings;
import dev.wvo.git.MergeOutcome;
import dev.wvo.roadmap.RoadmapBoardStore;
import dev.wvo.worker.WorkerServices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code wvo merge-queue next}: lands the first ready entry by hand, exactly as a worker's drain
 * lands it (under the {@code merge-queue} lock, the test command run, the outcome applied to the
 * task), whether or not any worker runs.
 */
@Command(name = "next", header = "Land the first ready entry of the queue now, with or without workers running.",
        description = "The repository and target branch are those of the worktree: section of config.yaml (the "
                + "repository: --repo DIR, else the one containing the current directory). Exit 0 when it landed, "
                + "restacked or nothing was ready, 1 when it conflicted, failed its test, or waits for the checkout "
                + "to be clean.")
final class MergeQueueNextCommand implements Callable<Integer> {

    /** Named in the events of what this command lands. */
    static final String WHO = "merge-queue-next";

    @Spec
    private CommandSpec spec;

    @Option(names = "--repo", paramLabel = "DIR",
            description = "The git repository. Default: worktree.repo of config.yaml, else the one containing the current directory.")
    private Path repo;

    @Override
    public Integer call() {
        Clock clock = Clock.systemUTC();
        WvoCommand global = WvoCommand.of(spec);
        Config config = global.config();
        WorktreeSettings fromFile = config.worktree();
        // the queue holds entries only where workers ran with worktrees, perhaps from --worktree without the file
        WorktreeSettings settings = fromFile.withOverrides(
                Optional.of(fromFile.enabled() ? fromFile.mode() : WorktreeMode.ALWAYS),
                Optional.ofNullable(repo).map(Path::toAbsolutePath));
        PrintWriter out = spec.commandLine().getOut();
        Optional<MergeOutcome> outcome;
        try (StateAccess state = StateAccess.open(global, "wvo-merge-queue-next", clock)) {
            WorkerServices services = WorkerServices.builder(state.dir(), state.locks(), clock)
                    .roadmap(new RoadmapBoardStore(state.store()))
                    .config(config)
                    .worktrees(settings, Path.of("").toAbsolutePath())
                    .terminal(line -> {
                        out.println(line);
                        out.flush();
                    })
                    .build();
            outcome = services.workspace().landNext(WHO);
        } catch (IllegalStateException e) {
            throw new CommandFailure(ExitCodes.FAILURE, e.getMessage(), e);
        }
        if (outcome.isEmpty()) {
            out.println("Nothing to land: no queued entry is ready (its task not done, or a dependency not merged; "
                    + "see `wvo merge-queue list`), or another process is merging.");
            out.flush();
            return ExitCodes.OK;
        }
        MergeOutcome o = outcome.get();
        String what = o.entry().branch() + " (" + o.entry().taskId() + ", entry " + o.entry().id() + ")";
        out.println(switch (o.kind()) {
            case FAST_FORWARD, MERGE_COMMIT, REBASED -> "Landed " + what + switch (o.kind()) {
                case FAST_FORWARD -> " by fast-forward";
                case REBASED -> " rebased onto the moved target";
                default -> " with a merge commit";
            } + " at " + o.entry().mergedCommit().substring(0, 7)
                    + (o.checkoutUpdated() ? "; your checkout was updated" : "");
            case RESTACKED -> "Restacked " + what + " onto the new tip of the branch below it; nothing was ready to land";
            case CONFLICT -> "Not landed: " + what + " conflicts in " + o.conflictPaths() + "; see `wvo task show "
                    + o.entry().taskId() + "`";
            case TEST_FAILED -> "Not landed: " + what + " failed the test command; see `wvo task show "
                    + o.entry().taskId() + "`";
            case TARGET_CHECKED_OUT_DIRTY -> "Not landed: the checkout of the target branch has uncommitted changes "
                    + o.conflictPaths() + "; commit or stash them and run `wvo merge-queue next` again";
        });
        out.flush();
        return o.landed() || o.kind() == MergeOutcome.Kind.RESTACKED ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
