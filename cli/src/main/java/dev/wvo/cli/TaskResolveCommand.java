package dev.wvo.cli;

import dev.wvo.gitmerge.RoadmapConflict;
import dev.wvo.gitmerge.RoadmapConflict.Side;
import dev.wvo.gitmerge.RoadmapConflicts;
import dev.wvo.lock.LockManager;
import dev.wvo.roadmap.Roadmap;
import dev.wvo.roadmap.RoadmapException;
import dev.wvo.roadmap.RoadmapStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code wvo task resolve}: settles one conflict a roadmap merge recorded under {@code conflicts:},
 * by taking one side's value or a value of one's own, and removes its entry.
 */
@Command(name = "resolve",
        header = "Settle a conflict a git merge left in the roadmap.",
        description = "Applies the value taken to the task's field and removes the entry from the roadmap's "
                + "`conflicts:` list, under the roadmap lock. Without --field, settles a task deleted on one side "
                + "and changed on the other: taking the deleting side deletes it. See docs/git-merge.md.")
final class TaskResolveCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The task.")
    private String taskId;

    @Option(names = "--field", paramLabel = "F",
            description = "The field in conflict. Default: the task itself (deleted on one side, changed on the other).")
    private String field = RoadmapConflict.WHOLE_TASK;

    @Option(names = "--take", required = true, paramLabel = "ours|theirs|VALUE",
            description = "ours or theirs, or a YAML value of your own (a field only; `null` removes the field).")
    private String take;

    @Override
    public Integer call() {
        WvoCommand global = WvoCommand.of(spec);
        try {
            Files.createDirectories(global.lockDirectory());
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.FAILURE, "Cannot create " + global.lockDirectory() + ": " + e.getMessage(), e);
        }
        try (LockManager locks = LockBackends.open(global,
                LockBackends.Options.defaults().owner("wvo-task-resolve").releasingOnShutdown())) {
            new RoadmapStore(global.state(), locks).update((roadmap, editor, log) -> editor.replaceText(settle(roadmap)));
        } catch (RoadmapException | IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.FAILURE, e.getMessage(), e);
        }
        spec.commandLine().getOut().println("Settled " + taskId
                + (RoadmapConflict.WHOLE_TASK.equals(field) ? "" : " " + field) + " with " + take + ".");
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    private String settle(Roadmap roadmap) {
        String side = take.strip().toLowerCase(Locale.ROOT);
        if (side.equals("ours") || side.equals("theirs")) {
            return RoadmapConflicts.resolve(roadmap, taskId, field, side.equals("ours") ? Side.OURS : Side.THEIRS);
        }
        if (RoadmapConflict.WHOLE_TASK.equals(field)) {
            throw new CommandFailure(ExitCodes.USAGE, "A deleted-or-changed task takes --take ours or --take theirs, "
                    + "not '" + take + "'; to set a field, give --field");
        }
        return RoadmapConflicts.resolve(roadmap, taskId, field, RoadmapConflicts.parseValue(take));
    }
}
