package dev.wvo.cli;

import dev.wvo.cli.render.TerminalText;
import dev.wvo.roadmap.RoadmapTask;
import dev.wvo.schedule.FirstClaims;
import dev.wvo.schedule.OwnershipPaths;
import dev.wvo.spi.GitWorkTrees;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code wvo task add}: appends a pending task to the roadmap. */
@Command(name = "add",
        header = "Add a pending task to the roadmap.",
        description = "Appends the task after the last one, in one transaction. An id already in the roadmap is "
                + "refused; a dependency on an id not (yet) in the roadmap is added with a warning, and the task "
                + "does not run until that task exists.")
final class TaskAddCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The new task's id.")
    private String id;

    @Option(names = "--title", required = true, paramLabel = "TEXT", description = "A one-line title.")
    private String title;

    @Option(names = "--description", paramLabel = "TEXT", description = "What to do, for the agent's prompt.")
    private String description;

    @Option(names = "--depends-on", split = ",", paramLabel = "ID", description = "Tasks that must be done first.")
    private List<String> dependencies = new ArrayList<>();

    @Option(names = "--priority", paramLabel = "N", description = "Higher runs first (default 0).")
    private Integer priority;

    @Option(names = "--domain", paramLabel = "NAME", description = "The domain, for --policy domain.")
    private String domain;

    @Option(names = "--epic", paramLabel = "NAME", description = "The epic, for --policy epic.")
    private String epic;

    @Option(names = "--readonly", description = "The task only reads (shared locks); changing files fails it.")
    private boolean readonly;

    /** Commas separate --owns entries, except inside a glob's {a,b} or [a,b]. */
    private static final String OWNS_SEPARATOR = ",(?![^{\\[]*[}\\]])";

    @Option(names = "--owns", split = OWNS_SEPARATOR, splitSynopsisLabel = ",", paramLabel = "PATH",
            description = "Paths or globs the task changes, relative to the project root (an absolute path inside the "
                    + "project is made relative); overlapping tasks do not run at once. Default: the whole workspace.")
    private List<String> owns = new ArrayList<>();

    @Option(names = "--command", paramLabel = "CMD", description = "A shell command (for the shell backend).")
    private String command;

    @Option(names = "--agent", paramLabel = "NAME", description = "The backend this task prefers.")
    private String agent;

    @Option(names = "--worker", paramLabel = "ID", description = "Only the worker with this id may run the task.")
    private String worker;

    @Option(names = "--account", paramLabel = "NAME",
            description = "Only a worker on this account may run the task: NAME of its --agent BACKEND:NAME (as an account: of "
                    + "config.yaml's pool gives it), else its --profile.")
    private String account;

    @Option(names = "--max-attempts", paramLabel = "N",
            description = "Attempts before the task is blocked for a person (default " + RoadmapTask.DEFAULT_MAX_ATTEMPTS + ").")
    private Integer maxAttempts;

    @Override
    public Integer call() {
        requireTypeable("a task id", id);
        for (String dependency : dependencies) {
            if (dependency.isBlank()) {
                throw new CommandFailure(ExitCodes.USAGE, "--depends-on has an empty entry (two commas, or \"\"); "
                        + "name the tasks that must be done first, separated by commas");
            }
            requireTypeable("--depends-on", dependency);
            if (dependency.equals(id)) {
                throw new CommandFailure(ExitCodes.USAGE, "--depends-on " + id + ": a task cannot depend on itself");
            }
        }
        if (maxAttempts != null && maxAttempts < 1) {
            throw new CommandFailure(ExitCodes.USAGE, "--max-attempts must be at least 1, not " + maxAttempts);
        }
        List<String> owned = owned();
        Map<String, Object> fields = fields(owned);
        List<String> unknown;
        try (StateAccess state = StateAccess.open(WvoCommand.of(spec), "wvo-task-add", Clock.systemUTC())) {
            unknown = state.store().update((roadmap, editor, log) -> {
                roadmap.task(id).ifPresent(existing -> {
                    throw new CommandFailure(ExitCodes.FAILURE, "task " + id + " exists already at "
                            + roadmap.file() + ":" + existing.line() + "; choose another id");
                });
                editor.add(fields);
                return dependencies.stream().filter(d -> roadmap.task(d).isEmpty()).toList();
            });
        }
        PrintWriter err = spec.commandLine().getErr();
        for (String dep : unknown) {
            err.println("wvo: warning: " + id + " depends on " + dep + ", which is not in the roadmap; "
                    + id + " will not run until " + dep + " is added");
        }
        err.flush();
        PrintWriter out = spec.commandLine().getOut();
        out.println("Added " + TerminalText.line(id) + ": " + TerminalText.line(title));
        out.flush();
        return ExitCodes.OK;
    }

    /** Refuses an id that is blank, padded with spaces, or holds a character a terminal would act on ({@link TerminalText}). */
    private static void requireTypeable(String what, String value) {
        if (value.isBlank()) {
            throw new CommandFailure(ExitCodes.USAGE, what + " must not be blank");
        }
        if (!value.strip().equals(value)) {
            throw new CommandFailure(ExitCodes.USAGE, what + " '" + value + "' must not start or end with spaces");
        }
        if (!TerminalText.line(value).equals(value)) {
            // a control character, or a direction override that shows the id other than it is
            throw new CommandFailure(ExitCodes.USAGE, what + " '" + TerminalText.line(value) + "' has a control "
                    + "character, which a terminal would act on and nobody can type; leave it out");
        }
    }

    /**
     * The --owns entries in their one spelling, relative to the project root; an entry that is
     * not valid (a broken glob, a path outside the project) is refused before anything is written.
     */
    private List<String> owned() {
        Path root = projectRoot();
        List<String> owned = new ArrayList<>();
        for (String entry : owns) {
            String relative = entry;
            if (entry.startsWith("/")) {
                Path absolute = Path.of(entry).normalize();
                if (!absolute.startsWith(root)) {
                    throw new CommandFailure(ExitCodes.USAGE, "--owns '" + entry + "' is outside the project " + root
                            + "; name paths inside it, relative to it");
                }
                relative = absolute.equals(root) ? "." : root.relativize(absolute).toString();
            }
            String problem = OwnershipPaths.problemOf(relative).orElse(null);
            if (problem != null) {
                throw new CommandFailure(ExitCodes.USAGE, "--owns '" + entry + "': " + problem);
            }
            String normal = OwnershipPaths.normalize(relative);
            if (!owned.contains(normal)) {
                owned.add(normal);
            }
        }
        return owned;
    }

    /** The top of the git work tree that holds the current directory, or the current directory. */
    private static Path projectRoot() {
        Path here = Path.of("").toAbsolutePath().normalize();
        return GitWorkTrees.topOf(here).orElse(here);
    }

    private Map<String, Object> fields(List<String> owned) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", id);
        fields.put("title", title);
        if (description != null) {
            fields.put("description", description);
        }
        fields.put("status", "pending");
        if (!dependencies.isEmpty()) {
            fields.put("dependencies", dependencies.stream().distinct().toList());
        }
        if (priority != null) {
            fields.put("priority", priority);
        }
        if (domain != null) {
            fields.put("domain", domain);
        }
        if (epic != null) {
            fields.put("epic", epic);
        }
        if (readonly) {
            fields.put("readonly", true);
        }
        if (!owned.isEmpty()) {
            fields.put("owns", List.copyOf(owned));
        }
        if (command != null) {
            fields.put("command", command);
        }
        if (agent != null) {
            fields.put("agent", agent);
        }
        if (worker != null) {
            fields.put(FirstClaims.WORKER_FIELD, worker);
        }
        if (account != null) {
            fields.put(FirstClaims.ACCOUNT_FIELD, account);
        }
        if (maxAttempts != null) {
            fields.put("max_attempts", maxAttempts);
        }
        return fields;
    }
}
