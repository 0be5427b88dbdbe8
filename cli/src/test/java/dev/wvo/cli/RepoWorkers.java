package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A state directory, a real repository on {@code main} (wvo's merge drivers set up, no commit yet)
 * and {@code wvo worker} JVMs on it with the shell backend: what the process tests of worktrees,
 * the merge queue and readonly tasks share. The worker options beyond its id, the agent, the
 * plugins and the working directory are the test's.
 */
final class RepoWorkers {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The user's own git configuration must not change what a worker's git does. */
    private static final Map<String, String> GIT_ENV = Map.of("GIT_CONFIG_GLOBAL", "/dev/null", "GIT_CONFIG_NOSYSTEM", "1");

    final Path dir;
    final Path state;
    final Path plugins;
    final GitRepo repo;

    RepoWorkers(Path dir) throws Exception {
        this.dir = dir;
        state = dir.resolve("state");
        plugins = ReactorPlugins.folderIn(dir);
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
        repo = GitRepo.create(Files.createDirectories(dir.resolve("repo")));
    }

    /** Starts {@code wvo worker --id NAME --agent shell} in the repository, with {@code options} after. */
    CliProcess worker(String name, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("--state", state.toString(), "worker", "--id", name, "--agent",
                "shell", "--plugins", plugins.toString(), "--workdir", repo.dir.toString()));
        args.addAll(List.of(options));
        return CliProcess.start(dir, name, GIT_ENV, args.toArray(String[]::new));
    }

    /** Adds a task titled {@code Task <id>} that runs {@code command}, with {@code more} options of task add. */
    void addTask(String id, String command, String... more) {
        List<String> args = new ArrayList<>(List.of("--title", "Task " + id, "--command", command));
        args.addAll(List.of(more));
        Cli.addTask(state, id, args.toArray(String[]::new));
    }

    /** {@code wvo task show ID --json}. */
    JsonNode task(String id) throws Exception {
        return JSON.readTree(Cli.inState(state, "task", "show", id, "--json").out());
    }
}
