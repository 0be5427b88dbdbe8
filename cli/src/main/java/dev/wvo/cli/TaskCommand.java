package dev.wvo.cli;

import picocli.CommandLine.Model.CommandSpec;

import java.util.List;


/** {@code wvo task}: the tasks of the roadmap. Its model is built in code ({@link CodeBuiltCommand}): {@code task list} runs through it. */
final class TaskCommand extends CommandGroup implements CodeBuiltCommand {

    /**
     * The commands under {@code task}, in the order help lists them, added by {@code Main} (not
     * named in the model, which picocli would build for every run): {@code task list} needs
     * only itself.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(TaskAddCommand.class, TaskListCommand.class,
            TaskShowCommand.class, TaskResetCommand.class, TaskResolveCommand.class);

    private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name("task");

    TaskCommand() {
        spec.usageMessage()
                .header("Add, list, show and reset the tasks of <state>/roadmap.yaml.")
                .description("Every change is one roadmap transaction under the roadmap lock, written atomically; "
                        + "comments and formatting of the file are kept.");
    }

    @Override
    public CommandSpec spec() {
        return spec;
    }
}
