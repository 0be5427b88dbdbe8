package dev.wvo.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * wvo as a user runs it on a repository: a roadmap in {@code state/} beside the repository, and N
 * {@code wvo worker --agent claude --worktree always} started through {@code ./wvo}, each exiting
 * when nothing is left ({@code --exit-when-idle}): each in a JVM of its own, as N terminals run
 * them, or all N hosted in one JVM ({@code wvo worker --workers N}).
 */
final class WvoWorkers implements Orchestrator {

    private final Path launcher;
    private final boolean oneJvm;

    /** @param oneJvm whether the N workers are hosted in one JVM rather than one JVM each */
    WvoWorkers(Path launcher, boolean oneJvm) {
        this.launcher = launcher;
        this.oneJvm = oneJvm;
    }

    @Override
    public String name() {
        return oneJvm ? "wvo-1jvm" : "wvo";
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
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= workers; i++) {
            ids.add("w" + i);
        }
        if (oneJvm) {
            return List.of(worker(dir, repo, String.join(",", ids)));
        }
        return ids.stream().map(id -> worker(dir, repo, id)).toList();
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

    /** A {@code wvo worker} process hosting the workers of {@code ids} ({@code a,b,c}). */
    private List<String> worker(Path dir, Path repo, String ids) {
        return List.of(launcher.toString(), "worker", "--state", dir.resolve("state").toString(), "--id", ids,
                "--agent", "claude", "--exit-when-idle", "--workdir", repo.toString(), "--worktree", "always");
    }
}
