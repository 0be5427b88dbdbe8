package dev.wvo.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** {@code wvo lock}: the named locks under {@code <state>/locks}. */
@Command(name = "lock",
        header = "Take, list and break the named locks in <state>/locks.",
        description = "Locks are files in <state>/locks shared by every process that uses the same state "
                + "directory. See docs/lock-protocol.md.",
        subcommands = {LockExecCommand.class, LockListCommand.class, LockBreakCommand.class})
final class LockCommand extends CommandGroup {

    /** A lock's name as given on the command line: an empty one is a wrong command line (exit 2). */
    static String resourceName(CommandSpec command, String name) {
        if (name.isEmpty()) {
            throw new CommandLine.ParameterException(command.commandLine(),
                    "RESOURCE must not be empty: name the lock, with any text");
        }
        return name;
    }
}
