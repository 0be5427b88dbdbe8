package dev.wvo.cli;

import dev.wvo.cli.render.TerminalText;
import dev.wvo.config.WorktreeSettings;
import dev.wvo.fs.FileNames;
import dev.wvo.lock.FileLockManager;
import dev.wvo.worker.WorkerSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a worker runs with, as {@code wvo worker} takes it and the shell's {@code spawn} passes it
 * on: the one declaration of these options, so that both read, check, complete and document them
 * alike.
 */
final class WorkerRunOptions {

    // not required by picocli: the subcommands (stop, pause, resume) take no --agent
    @Option(names = "--agent", paramLabel = "NAME", description = "The agent backend (shell, claude, codex, ...). Required to run a worker.")
    private String agent;

    @Option(names = "--fallback", split = ",", paramLabel = "NAME",
            description = "Backends to use, in order, while the ones before are rate-limited.")
    private List<String> fallbacks = new ArrayList<>();

    @Option(names = "--policy", paramLabel = "NAME",
            description = "The partition policy (domain, epic). Default: domain with --domains, epic with --epics, else none.")
    private String policy;

    @Option(names = "--domains", split = ",", paramLabel = "NAME", description = "Domains this worker prefers.")
    private List<String> domains = new ArrayList<>();

    @Option(names = "--epics", split = ",", paramLabel = "NAME", description = "Epics this worker prefers.")
    private List<String> epics = new ArrayList<>();

    @Option(names = "--no-fallback-to-others",
            description = "Only take tasks of the preferred domains or epics, even when they have none runnable.")
    private boolean noFallbackToOthers;

    @Option(names = "--max-tasks", paramLabel = "N", description = "Stop after N tasks finished (done, failed or "
            + "blocked; a task given back because every backend was rate-limited does not count). Default: no limit.")
    private int maxTasks;

    @Option(names = "--exit-when-idle", description = "Exit once nothing is in progress or runnable, instead of waiting for work.")
    private boolean exitWhenIdle;

    @Option(names = "--lease", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Lease of this worker's locks; other hosts judge it dead this long after its last renewal. "
                    + "At least 1s; default: 30s.")
    private Duration lease = FileLockManager.DEFAULT_LEASE;

    @Option(names = "--task-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long one attempt may run. Default: 1h.")
    private Duration taskTimeout = Duration.ofHours(1);

    @Option(names = "--stall-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long an agent may print nothing before it counts as stalled. Default: 15m.")
    private Duration stallTimeout = Duration.ofMinutes(15);

    @Option(names = "--profile", paramLabel = "NAME",
            description = "A profile of <state>/config.yaml: per-backend settings such as another account's config_dir (claude) or home (codex).")
    private String profile;

    @Option(names = "--set", paramLabel = "BACKEND.KEY=VALUE",
            description = "A backend setting, over config.yaml and the profile (repeatable): claude.model=opus, "
                    + "claude.permission_mode=acceptEdits, claude.allowed_tools=..., claude.extra_args=..., "
                    + "codex.sandbox=workspace-write, shell.command_template=...")
    private List<String> sets = new ArrayList<>();

    @Option(names = "--workdir", paramLabel = "DIR", description = "Where agents run. Default: the current directory.")
    private Path workdir = Path.of("");

    @Mixin
    private WorktreeOptions worktree = new WorktreeOptions();


    /**
     * These options as typed on {@code command}'s line: each matched option of the command (not the
     * inherited global ones, nor those named in {@code commandsOwn}) with its values, to pass on to
     * a worker started in the background.
     */
    static List<String> typedIn(CommandSpec command, Set<String> commandsOwn) {
        List<String> arguments = new ArrayList<>();
        for (OptionSpec option : new LinkedHashSet<>(command.commandLine().getParseResult().matchedOptions())) {
            if (option.inherited() || commandsOwn.contains(option.longestName())) {
                continue;
            }
            if (option.arity().max() == 0) {
                arguments.add(option.longestName());
            } else {
                option.originalStringValues().forEach(v -> arguments.addAll(List.of(option.longestName(), v)));
            }
        }
        return arguments;
    }

    /** The backend given with {@code --agent}, or null. */
    String agent() {
        return agent;
    }

    String profile() {
        return profile;
    }

    List<String> sets() {
        return sets;
    }

    Duration lease() {
        return lease;
    }

    /** config.yaml's {@code worktree:} section with {@code --worktree} and {@code --repo} over it. */
    WorktreeSettings worktree(WorktreeSettings fromFile) {
        return worktree.settings(fromFile);
    }

    /**
     * The worker's settings: these options over the backends' settings of config.yaml.
     *
     * @param id       the worker id, or null for the first free one
     * @param idleWait the longest wait between looks at the roadmap when nothing changes
     * @throws CommandFailure exit 2 for a value out of range
     */
    WorkerSettings settings(String id, Map<String, Map<String, String>> backendSettings, Duration idleWait) {
        List<String> agents = new ArrayList<>(List.of(agent));
        fallbacks.stream().filter(f -> !agents.contains(f)).forEach(agents::add);
        String chosenPolicy = policy;
        if (chosenPolicy == null && !domains.isEmpty()) {
            chosenPolicy = "domain";
        } else if (chosenPolicy == null && !epics.isEmpty()) {
            chosenPolicy = "epic";
        }
        if (id != null) {
            FileNames.problem("--id", id).ifPresent(problem -> {
                throw new CommandFailure(ExitCodes.USAGE, TerminalText.line(problem));
            });
        }
        if (!Files.isDirectory(workdir.toAbsolutePath())) {
            // a worker that cannot start agents once marked every task blocked within two seconds
            throw new CommandFailure(ExitCodes.USAGE, "--workdir " + workdir + " is not a directory: give the directory "
                    + "the agents work in (default: the current one)");
        }
        if (maxTasks < 0) {
            throw new CommandFailure(ExitCodes.USAGE, "--max-tasks must not be negative, not " + maxTasks);
        }
        return new WorkerSettings(id, agents, chosenPolicy, domains, epics, !noFallbackToOthers, maxTasks, exitWhenIdle,
                taskTimeout, stallTimeout, idleWait, workdir.toAbsolutePath(), backendSettings, profile);
    }
}
