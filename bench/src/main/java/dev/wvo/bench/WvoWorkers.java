package dev.wvo.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * wvo as a user runs it on a repository: a roadmap in {@code state/} beside the repository, and N
 * {@code wvo worker --agent claude --worktree always} started through {@code ./wvo}, each its own
 * JVM, each exiting when nothing is left ({@code --exit-when-idle}).
 */
final class WvoWorkers implements Orchestrator {

    private final Path launcher;

    WvoWorkers(Path launcher) {
        this.launcher = launcher;
    }

    @Override
    public String name() {
        return "wvo";
    }

    @Override
    public void prepare(Path dir, Path repo, List<AgentTask> tasks) throws Exception {
        StringBuilder yaml = new StringBuilder("version: 2\ntasks:\n");
        for (AgentTask task : tasks) {
            yaml.append("  - id: ").append(task.id()).append("\n    title: ").append(task.title())
                    .append("\n    description: ").append(task.description())
                    .append("\n    owns: [").append(task.file()).append("]\n");
        }
        Path roadmap = dir.resolve("roadmap.yaml");
        Files.writeString(roadmap, yaml.toString());
        Launcher.run(launcher, "init", "--from", roadmap.toString(), "--state", dir.resolve("state").toString());
    }

    @Override
    public List<List<String>> coordinators(Path dir, Path repo, int workers) {
        List<List<String>> commands = new ArrayList<>();
        for (int i = 1; i <= workers; i++) {
            commands.add(worker(dir, repo, "w" + i));
        }
        return commands;
    }

    /** Only Java, which the launcher finds itself. */
    @Override
    public List<Path> path() {
        return List.of();
    }

    /** One more worker: a crashed worker's task comes back to whichever worker runs next. */
    @Override
    public Optional<List<String>> recovery(Path dir, Path repo) {
        return Optional.of(worker(dir, repo, "w-after-crash"));
    }

    private List<String> worker(Path dir, Path repo, String id) {
        return List.of(launcher.toString(), "worker", "--state", dir.resolve("state").toString(), "--id", id,
                "--agent", "claude", "--exit-when-idle", "--workdir", repo.toString(), "--worktree", "always");
    }
}
