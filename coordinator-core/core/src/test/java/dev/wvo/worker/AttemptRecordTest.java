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

    private static void write(StateDir state, String task, Instant writtenAt) throws Exception {
        StateDir.AttemptDir dir = state.attempt(task, 1);
        Files.createDirectories(dir.directory());
        AttemptRecord.started(task, 1, "w1", "shell", writtenAt.minusSeconds(60), dir.directory(), Optional.empty())
                .finished(writtenAt, "success", List.of("a.txt"), "", null, "shell", List.of()).writeTo(dir);
        Files.setLastModifiedTime(dir.record(), FileTime.from(writtenAt));
    }
}
