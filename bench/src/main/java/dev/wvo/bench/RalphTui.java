package dev.wvo.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The peer, ralph-tui (npm {@code ralph-tui}, run by npm's {@code bun}; both pinned in
 * {@code bench/peer/package-lock.json}), as its documentation runs it unattended on a PRD:
 * {@code ralph-tui run --headless --prd prd.json --parallel N --direct-merge}, its json tracker,
 * its claude agent, commits by the engine ({@code autoCommit}), the API key passed through its
 * environment filter, and {@code .ralph-tui/} kept out of git. One process coordinates all N
 * workers, each in a git worktree of its own, and merges their commits onto {@code main}.
 */
final class RalphTui implements Orchestrator {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path bin;

    /** @param bin the {@code node_modules/.bin} holding {@code ralph-tui} and {@code bun} */
    RalphTui(Path bin) {
        this.bin = bin;
    }

    @Override
    public String name() {
        return "ralph-tui";
    }

    @Override
    public void prepare(Path dir, Path repo, List<AgentTask> tasks) throws Exception {
        ObjectNode prd = JSON.createObjectNode().put("name", "side-by-side benchmark");
        ArrayNode stories = prd.putArray("userStories");
        for (AgentTask task : tasks) {
            ObjectNode story = stories.addObject().put("id", task.id()).put("title", task.title())
                    .put("description", task.description()).put("priority", 1).put("passes", false);
            story.putArray("acceptanceCriteria").add(task.file() + " exists");
            story.putArray("dependsOn");
        }
        Files.writeString(repo.resolve("prd.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(prd));
        Files.createDirectories(repo.resolve(".ralph-tui"));
        Files.writeString(repo.resolve(".ralph-tui/config.toml"), """
                # written by SideBySideBenchmark: json tracker, claude agent, engine commits
                configVersion = "2.1"
                tracker = "json"
                agent = "claude"
                autoCommit = true
                envPassthrough = ["ANTHROPIC_API_KEY"]
                """);
        Git.run(repo, "add", "prd.json");
        Git.run(repo, "commit", "-q", "-m", "Add the PRD");
    }

    @Override
    public List<List<String>> coordinators(Path dir, Path repo, int workers) {
        return List.of(List.of(bin.resolve("ralph-tui").toString(), "run", "--headless", "--no-setup", "--no-notify",
                "--cwd", repo.toString(), "--prd", repo.resolve("prd.json").toString(), "--parallel",
                String.valueOf(workers), "--direct-merge"));
    }

    /** {@code ralph-tui} starts with {@code #!/usr/bin/env bun}: npm's bun beside it. */
    @Override
    public List<Path> path() {
        return List.of(bin);
    }

    /** {@code ralph-tui resume}, with {@code --force} past the lock the killed process left. */
    @Override
    public Optional<List<String>> recovery(Path dir, Path repo) {
        return Optional.of(List.of(bin.resolve("ralph-tui").toString(), "resume", "--headless", "--force", "--cwd",
                repo.toString()));
    }
}
