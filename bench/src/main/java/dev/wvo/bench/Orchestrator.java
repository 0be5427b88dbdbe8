package dev.wvo.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A tool that has several real coding agents work through a list of tasks in one git repository
 * and lands their work on {@code main}: wvo's workers, and the peer it is compared with
 * (ralph-tui). {@link SideBySideBenchmark} gives each the same repository, the same tasks and the
 * same agent ({@code claude} against the scripted model API), and measures its coordinator
 * processes, never the agents.
 */
interface Orchestrator {

    /** How the figures name it. */
    String name();

    /**
     * Writes the tool's own task list and settings for {@code tasks}, in {@code dir} (the run's
     * scratch folder) or in {@code repo}, whichever the tool needs; nothing run yet.
     */
    void prepare(Path dir, Path repo, List<AgentTask> tasks) throws Exception;

    /**
     * The command lines of its coordinator processes for {@code workers} parallel workers, each of
     * which exits by itself once no task is left: one per worker for wvo, one in all for ralph-tui.
     */
    List<List<String>> coordinators(Path dir, Path repo, int workers);

    /** Folders the tool needs first on the {@code PATH} (its runtime), besides the agent's. */
    List<Path> path();

    /** What a user runs after a coordinator crashed to finish the rest, if the tool has such a step. */
    Optional<List<String>> recovery(Path dir, Path repo);

    /**
     * One task: its agent is asked to create {@code out/ID.txt}.
     *
     * @param id its name ({@code T1}, {@code T2}, ...)
     */
    record AgentTask(String id) {

        String file() {
            return "out/" + id + ".txt";
        }

        String title() {
            return "Create " + file();
        }

        String description() {
            return "Write the file " + file() + ".";
        }
    }
}
