package dev.wvo.cli;

import dev.wvo.config.WorktreeSettings;
import dev.wvo.git.Cleanup;
import dev.wvo.git.MergeQueueStore;
import dev.wvo.git.TaskWorktrees;
import dev.wvo.roadmap.RoadmapBoardStore;
import dev.wvo.schedule.WorkerPresence;
import dev.wvo.cli.render.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code wvo cleanup}: the task worktrees and branches wvo left behind, removed where nothing of value is lost. */
@Command(name = "cleanup", header = "Remove the task worktrees and wvo/ branches left behind; keep (and say why) any that holds work.",
        description = "A worktree is kept when its worker is alive, it has uncommitted changes, or its branch has commits "
                + "not on the target; a wvo/ branch is kept when it is checked out somewhere, waits in the merge queue, "
                + "belongs to a task that has not landed, or has commits not on the target. The repository is the one of "
                + "worktree.repo in config.yaml, --repo DIR, or the one containing the current directory. --json prints "
                + "{\"repo\", \"worktrees\": [...], \"branches\": [...]}, each item {\"name\", \"removed\", \"kept_because\"}.")
final class CleanupCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--keep-worktrees", description = "Leave every worktree as it is; clean only branches.")
    private boolean keepWorktrees;

    @Option(names = "--repo", paramLabel = "DIR", description = "The git repository. Default: the one containing the current directory.")
    private Path repo;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() {
        Clock clock = Clock.systemUTC();
        WvoCommand global = WvoCommand.of(spec);
        WorktreeSettings settings = global.config().worktree();
        Path where = repo != null ? repo.toAbsolutePath() : settings.repo().orElse(Path.of("").toAbsolutePath());
        TaskWorktrees worktrees;
        try {
            worktrees = TaskWorktrees.forDirectory(where, settings.targetBranch());
        } catch (IllegalStateException e) {
            throw new CommandFailure(ExitCodes.FAILURE, "no git repository contains " + where + "; give --repo DIR", e);
        }
        PrintWriter out = spec.commandLine().getOut();
        Cleanup.Report report;
        try (StateAccess state = StateAccess.open(global, "wvo-cleanup", clock)) {
            WorkerPresence presence = new WorkerPresence(state.locks());
            report = new Cleanup(worktrees, MergeQueueStore.in(state.dir().root(), clock),
                    new RoadmapBoardStore(state.store())).run(presence::isAlive, keepWorktrees);
        } catch (IllegalStateException e) {
            throw new CommandFailure(ExitCodes.FAILURE, e.getMessage(), e);
        }
        if (json.on()) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("repo", worktrees.repoDir().toString());
            root.put("worktrees", items(report.worktrees()));
            root.put("branches", items(report.branches()));
            Json.print(out, root);
            return ExitCodes.OK;
        }
        report.worktrees().forEach(i -> out.println((i.removed() ? "removed worktree " : "kept worktree ") + i.name()
                + (i.removed() ? "" : ": " + i.keptBecause())));
        report.branches().forEach(i -> out.println((i.removed() ? "deleted branch " : "kept branch ") + i.name()
                + (i.removed() ? "" : ": " + i.keptBecause())));
        if (report.worktrees().isEmpty() && report.branches().isEmpty()) {
            out.println("Nothing to clean up in " + worktrees.repoDir() + ".");
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static List<Map<String, Object>> items(List<Cleanup.Item> items) {
        return items.stream().map(i -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", i.name());
            item.put("removed", i.removed());
            item.put("kept_because", i.keptBecause());
            return item;
        }).toList();
    }
}
