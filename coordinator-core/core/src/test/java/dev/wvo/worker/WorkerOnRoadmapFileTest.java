package dev.wvo.worker;

import dev.wvo.fs.StateDir;
import dev.wvo.lock.FileLockManager;
import dev.wvo.roadmap.Roadmap;
import dev.wvo.roadmap.RoadmapReader;
import dev.wvo.spi.AgentBackend;
import dev.wvo.spi.AgentOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The worker on a real roadmap file: claims and results land in the YAML, other text untouched. */
class WorkerOnRoadmapFileTest {

    @TempDir
    Path state;

    @Test
    void workerRunsANativeRoadmap_andTheFileKeepsCommentsAndUnknownFields() throws Exception {
        String original = """
                # our roadmap: comments stay
                version: 2
                tasks:
                  - id: A
                    title: First
                    owner_note: keep me   # unknown field, kept
                    owns: [a]
                  - id: B
                    title: Second
                    dependencies: [A]
                    owns: [b]
                """;
        Files.writeString(state.resolve("roadmap.yaml"), original);
        AgentBackend ok = new FakeAgent("fake", (run, output) -> {
            output.line("did " + run.task().id());
            return AgentOutcome.success(0, "did " + run.task().id()).withChangedFiles(List.of("out/" + run.task().id()));
        });
        try (FileLockManager locks = FileLockManager.builder(state.resolve("locks")).releaseOnShutdown(false).build()) {
            WorkerSettings settings = new WorkerSettings(null, List.of("fake"), null, List.of(), List.of(), true, 0, true,
                    Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMillis(100), state, Map.of());
            new Worker(settings, WorkerServices.builder(new StateDir(state), locks, Clock.systemUTC())
                    .plugins(n -> Optional.of(ok), n -> Optional.empty()).context(new WorkerTest.NoContext()).build())
                    .run();
        }
        Roadmap after = RoadmapReader.read(state.resolve("roadmap.yaml"));
        assertThat(after.tasks()).extracting(t -> t.status()).containsExactly("done", "done");
        assertThat(after.task("A").orElseThrow().claim()).isNull();
        assertThat(after.task("A").orElseThrow().fields().get("result").toString()).contains("outcome=done", "did A");
        assertThat(after.task("A").orElseThrow().fields()).containsEntry("owner_note", "keep me");
        String text = after.text();
        assertThat(text).startsWith("# our roadmap: comments stay\nversion: 2\n");
        assertThat(text).contains("owner_note: keep me   # unknown field, kept");
        assertThat(state.resolve("roadmap.yaml.bak")).exists();
    }
}
