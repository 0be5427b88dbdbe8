package dev.wvo.cli;

import picocli.CommandLine.Command;


/** {@code wvo task}: the tasks of the roadmap. */
@Command(name = "task",
        header = "Add, list, show and reset the tasks of <state>/roadmap.yaml.",
        description = "Every change is one roadmap transaction under the roadmap lock, written atomically; "
                + "comments and formatting of the file are kept.",
        subcommands = {TaskAddCommand.class, TaskListCommand.class, TaskShowCommand.class, TaskResetCommand.class,
                TaskResolveCommand.class})
final class TaskCommand extends CommandGroup {
}
