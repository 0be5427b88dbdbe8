package dev.wvo.plugins.agentshell;

import dev.wvo.spi.AgentBackend;
import dev.wvo.spi.AgentOutcome;
import dev.wvo.spi.AgentProcess;
import dev.wvo.spi.AgentRun;
import dev.wvo.spi.OutputSink;
import org.pf4j.Extension;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a task's {@code command} with {@code sh -c}; exit 0 is success. Tasks without a command
 * run the configured {@code command_template} instead. The command is the user's own shell code;
 * what wvo knows of the task reaches it only as environment variables ({@code WVO_TASK_ID},
 * {@code WVO_TASK_TITLE}, {@code WVO_ATTEMPT}, and the worker's {@code WVO_WORKER_ID},
 * {@code WVO_STATE}), never spliced into the command text.
 */
@Extension
public class ShellBackend implements AgentBackend {

    private static final Path SHELL = Path.of("/bin/sh");

    @Override
    public String name() {
        return "shell";
    }

    @Override
    public Availability availability() {
        return Files.isExecutable(SHELL) ? Availability.yes(SHELL.toString())
                : Availability.no(SHELL + " not found: the shell backend needs a POSIX shell");
    }

    /** A command's exit code is its whole answer: it may succeed without changing a file. */
    @Override
    public boolean expectsChanges() {
        return false;
    }

    @Override
    public AgentOutcome run(AgentRun run, OutputSink output) throws InterruptedException {
        String command = run.task().command() != null ? run.task().command() : run.setting("command_template", null);
        if (command == null || command.isBlank()) {
            // the task may be for an agent: this worker cannot run it, and the task is not at fault
            return AgentOutcome.cannotStart("task " + run.task().id() + " has no command, and the shell backend has no "
                    + "command_template: give the task a `command:`, set backends.shell.command_template in config.yaml, "
                    + "or run such tasks with an agent (wvo worker --agent claude)");
        }
        Map<String, String> env = new HashMap<>(run.environment());
        env.put("WVO_TASK_ID", run.task().id());
        env.put("WVO_TASK_TITLE", run.task().title());
        env.put("WVO_ATTEMPT", Integer.toString(run.task().attempt()));
        AgentProcess.Result result;
        try {
            result = AgentProcess.of(List.of(SHELL.toString(), "-c", command), run.workingDirectory(), env, Set.of())
                    .run(run.timeout(), run.stallTimeout(), output::line, output::line);
        } catch (UncheckedIOException e) {
            return AgentOutcome.cannotStart(e.getMessage()); // no shell process ran: nothing of the task's
        }
        String last = result.tail().isEmpty() ? "" : result.tail().get(result.tail().size() - 1);
        return AgentOutcome.ofStopped(result, run).orElseGet(() -> result.exitCode() == 0
                ? AgentOutcome.success(0, last)
                : AgentOutcome.failure(result.exitCode(), "exit " + result.exitCode() + (last.isEmpty() ? "" : ": " + last)));
    }
}
