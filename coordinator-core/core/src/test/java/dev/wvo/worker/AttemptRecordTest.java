package dev.wvo.worker;

import dev.wvo.fs.StateDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AttemptRecordTest {

    @TempDir
    Path root;

    @Test
    void endedSince_leavesOutUnreadTheAttemptsWhoseRecordWasLastWrittenBeforeThen() throws Exception {
        StateDir state = new StateDir(root);
        Instant now = Instant.now();
        write(state, "OLD", now.minus(Duration.ofHours(3)));
        write(state, "LATE", now.minus(Duration.ofMinutes(2))); // within the slack for a lagging file clock
        write(state, "NEW", now);

        assertThat(AttemptRecord.endedSince(state, now).stream().map(l -> l.record().task()))
                .containsExactlyInAnyOrder("LATE", "NEW");
    }

    @Test
    void endedSince_listsNoTaskDirectoryLastChangedBeforeThen() throws Exception {
        StateDir state = new StateDir(root);
        Instant now = Instant.now();
        write(state, "FRESH", now);
        write(state, "STILL", now);
        // a record newer than its task directory: only a directory listed would find it
        Files.setLastModifiedTime(state.taskArtifacts("STILL"), FileTime.from(now.minus(Duration.ofHours(3))));

        assertThat(AttemptRecord.endedSince(state, now).stream().map(l -> l.record().task())).containsExactly("FRESH");
    }

    @Test
    void endedSince_findsAnAttemptThatStartedLongBeforeThenAndEndedSince() throws Exception {
        StateDir state = new StateDir(root);
        Instant now = Instant.now();
        Instant start = now.minus(Duration.ofHours(3));
        StateDir.AttemptDir dir = state.attempt("LONG", 1);
        AttemptRecord started = AttemptRecord.started("LONG", 1, "w1", "shell", start, dir.directory(), Optional.empty());
        started.writeTo(dir);
        // as if it had been written then: the attempt's directory and record made three hours ago
        Files.setLastModifiedTime(dir.record(), FileTime.from(start));
        Files.setLastModifiedTime(state.taskArtifacts("LONG"), FileTime.from(start));

        started.finished(now, "success", List.of("a.txt"), "", null, "shell", List.of()).writeTo(dir);

        assertThat(AttemptRecord.endedSince(state, now.minusSeconds(1)).stream().map(l -> l.record().task()))
                .containsExactly("LONG");
    }

    @Test
    void writeTo_movesItsTaskDirectoryTimeForwardToTheAttemptsLatestTime_neverBack() throws Exception {
        StateDir state = new StateDir(root);
        Instant now = Instant.now();
        StateDir.AttemptDir dir = state.attempt("T", 2);
        AttemptRecord started = AttemptRecord.started("T", 2, "w1", "shell", now.minusSeconds(60), dir.directory(),
                Optional.empty());
        started.writeTo(dir);
        Path task = state.taskArtifacts("T");
        Files.setLastModifiedTime(task, FileTime.from(now.minus(Duration.ofHours(1))));

        started.finished(now.plusSeconds(3600), "success", List.of(), "", null, "shell", List.of()).writeTo(dir);
        assertThat(Files.getLastModifiedTime(task).toInstant()).isEqualTo(now.plusSeconds(3600));

        started.writeTo(dir);
        assertThat(Files.getLastModifiedTime(task).toInstant()).isEqualTo(now.plusSeconds(3600));
    }

    private static void write(StateDir state, String task, Instant writtenAt) throws Exception {
        StateDir.AttemptDir dir = state.attempt(task, 1);
        Files.createDirectories(dir.directory());
        AttemptRecord.started(task, 1, "w1", "shell", writtenAt.minusSeconds(60), dir.directory(), Optional.empty())
                .finished(writtenAt, "success", List.of("a.txt"), "", null, "shell", List.of()).writeTo(dir);
        Files.setLastModifiedTime(dir.record(), FileTime.from(writtenAt));
    }
}
