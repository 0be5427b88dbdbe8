package dev.wvo.worker;

import dev.wvo.config.ConflictStrategy;
import dev.wvo.fs.StateDir;
import dev.wvo.config.WorktreeMode;
import dev.wvo.config.WorktreeSettings;
import dev.wvo.git.TestRepositories;
import dev.wvo.lock.FileLockManager;
import dev.wvo.roadmap.RoadmapReader;
import dev.wvo.spi.AgentBackend;
import dev.wvo.spi.AgentOutcome;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layout users have: {@code state/} inside the repository and tracked in git, so the roadmap
 * the workers write is a modified tracked file of the user's checkout all the time. That is wvo's
 * own churn, not the user's work in progress: merges still land and the checkout follows them,
 * with the roadmap's edits kept. Merge commits carry the injected clock's time.
 */
class WorktreeStateInRepositoryTest {

    @TempDir
    Path tmp;

    @Test
    void mergesLandWhileWorkersKeepWritingTheTrackedRoadmap() throws Exception {
        Path repo = tmp.resolve("repo");
        Path state = repo.resolve("state");
        TestRepositories.init(repo, Map.of("a.txt", "a\n",
                ".gitignore", "state/locks/\nstate/workers/\nstate/artifacts/\n",
                "state/roadmap.yaml", """
                        tasks:
                          - {id: A, title: change a, owns: [a.txt]}
                          - {id: B, title: add b, owns: [b.txt], dependencies: [A]}
                        """));
        Clock clock = Clock.fixed(Instant.parse("2030-01-02T03:04:05Z"), ZoneOffset.UTC);
        AgentBackend writer = new FakeAgent("writer", (run, output) -> {
            String file = run.task().id().equals("A") ? "a.txt" : "b.txt";
            Files.writeString(run.workingDirectory().resolve(file), run.task().id() + " was here\n");
            return AgentOutcome.success(0, "wrote " + file);
        });
        try (FileLockManager locks = FileLockManager.builder(state.resolve("locks")).releaseOnShutdown(false).build()) {
            WorktreeSettings always = new WorktreeSettings(WorktreeMode.ALWAYS, Optional.empty(), Optional.empty(),
                    Optional.empty(), WorktreeSettings.DEFAULT_TEST_TIMEOUT, ConflictStrategy.REBASE, false);
            WorkerSettings settings = new WorkerSettings("w1", List.of("writer"), null, List.of(), List.of(), true, 0,
                    true, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMillis(50), repo, Map.of());
            new Worker(settings, WorkerServices.builder(new StateDir(state), locks, clock)
                    .plugins(n -> Optional.of(writer), n -> Optional.empty()).worktrees(always, repo)
                    .context(new WorkerTest.NoContext()).build()).run();
        }
        assertThat(RoadmapReader.read(state.resolve("roadmap.yaml")).tasks())
                .extracting(t -> t.fields().get("merge")).containsExactly("merged", "merged");
        assertThat(Files.readString(repo.resolve("a.txt"))).isEqualTo("A was here\n");
        assertThat(Files.readString(repo.resolve("b.txt"))).isEqualTo("B was here\n");
        try (Git git = Git.open(repo.toFile())) {
            // the roadmap's local edits are still there, uncommitted: wvo never commits the user's state for them
            assertThat(git.status().call().getModified()).containsExactly("state/roadmap.yaml");
            git.log().call().forEach(c -> {
                if (c.getParentCount() == 2) {
                    assertThat(c.getCommitterIdent().getWhenAsInstant()).isEqualTo(clock.instant());
                }
            });
        }
    }
}
