package dev.wvo.worker;

import dev.wvo.conflict.ArtifactConflict;
import dev.wvo.conflict.AttemptId;
import dev.wvo.fs.StateDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which attempts that ran at the same time as one conflict with it, and on which paths. */
class AttemptConflictsTest {

    @TempDir
    Path root;

    @Test
    void anOverlappingAttemptOnTheSamePath_conflicts_andOneOnOtherPathsIsLeftOut() throws Exception {
        StateDir state = new StateDir(root.resolve("state"));
        Instant start = Instant.now().minusSeconds(60);
        attempt(state, "A", start, "src/a.txt", "one\n");
        attempt(state, "C", start, "src/c.txt", "three\n");
        AttemptRecord mine = attempt(state, "B", start, "src/a.txt", "two\n");

        List<ArtifactConflict> conflicts = AttemptConflicts.involving(state, root, mine);

        assertThat(conflicts).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo(Path.of("src", "a.txt").toString());
            assertThat(c.attempts()).containsExactlyInAnyOrder(new AttemptId("A", 1), new AttemptId("B", 1));
        });
    }

    @Test
    void overlappingAttemptsThatShareNoPath_haveNoConflict() throws Exception {
        StateDir state = new StateDir(root.resolve("state"));
        Instant start = Instant.now().minusSeconds(60);
        attempt(state, "A", start, "src/a.txt", "one\n");
        attempt(state, "B", start, "src/b.txt", "two\n");
        AttemptRecord mine = attempt(state, "C", start, "src/c.txt", "three\n");

        assertThat(AttemptConflicts.involving(state, root, mine)).isEmpty();
    }

    /** A successful attempt of {@code task} that changed {@code path}, its copy kept as the worker keeps it. */
    private AttemptRecord attempt(StateDir state, String task, Instant start, String path, String content) throws Exception {
        Path work = Files.createDirectories(root.resolve("work-" + task));
        Files.createDirectories(work.resolve(path).getParent());
        Files.writeString(work.resolve(path), content);
        StateDir.AttemptDir dir = state.attempt(task, 1);
        Files.createDirectories(dir.directory());
        List<String> kept = AttemptConflicts.keepChangedFiles(work, dir, List.of(path));
        AttemptRecord record = AttemptRecord.started(task, 1, "w-" + task, "shell", start, work, Optional.empty())
                .finished(Instant.now(), "success", kept, "", null, "shell", List.of());
        record.writeTo(dir);
        return record;
    }
}
