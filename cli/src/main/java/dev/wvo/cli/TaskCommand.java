package dev.wvo.cli;

import picocli.CommandLine.Command;

import java.util.List;


/** {@code wvo task}: the tasks of the roadmap. */
@Command(name = "task",
        header = "Add, list, show and reset the tasks of <state>/roadmap.yaml.",
        description = "Every change is one roadmap transaction under the roadmap lock, written atomically; "
                + "comments and formatting of the file are kept.")
final class TaskCommand extends CommandGroup {

    /**
     * The commands under {@code task}, in the order help lists them, added by {@code Main} (not
     * named in the annotation, which picocli would build for every run): {@code task list} needs
     * only itself.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(TaskAddCommand.class, TaskListCommand.class,
            TaskShowCommand.class, TaskResetCommand.class, TaskResolveCommand.class);
}
