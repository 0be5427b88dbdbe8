package dev.wvo.cli;

import dev.wvo.lock.FileLockManager;
import dev.wvo.spi.TaskView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The simple context notes: which sections a prompt gets, and where entries go. */
class SimpleContextNotesTest {

    @TempDir
    Path dir;

    private static TaskView task(String id, String domain, String epic) {
        return new TaskView(id, "t", null, "pending", domain, epic, 0, List.of(), List.of(), List.of(), false, null, null,
                null, 1, Map.of());
    }

    @Test
    void relevantTo_picksSectionsMentioningTheTask_andItsUpdates() throws Exception {
        Path file = Files.writeString(dir.resolve("context.md"), """
                # Shared context

                ## Storage
                The core domain keeps files atomic.

                ## Web
                Nothing here for it.

                ## Recent Updates
                - w1: a done
                - w2: other done
                """);
        try (FileLockManager locks = FileLockManager.builder(dir.resolve("locks")).build()) {
            SimpleContextNotes notes = new SimpleContextNotes(file, locks, Clock.systemUTC());

            assertThat(notes.relevantTo(task("a", "core", null)))
                    .containsExactly("## Storage", "The core domain keeps files atomic.", "", "- w1: a done");
        }
    }

    @Test
    void taskFinished_appendsUnderRecentUpdates_beforeTheNextSection() throws Exception {
        Path file = Files.writeString(dir.resolve("context.md"), "# C\n\n## Recent Updates\n- old\n\n## Later\ntext\n");
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC);
        try (FileLockManager locks = FileLockManager.builder(dir.resolve("locks")).build()) {
            new SimpleContextNotes(file, locks, clock).taskFinished(task("a", null, null), "w1", "done", "built\nit");
        }

        assertThat(Files.readString(file)).isEqualTo(
                "# C\n\n## Recent Updates\n- old\n- 2026-11-23T00:00:00Z w1: a done: built it\n\n## Later\ntext\n");
    }

    @Test
    void withEntry_addsTheSectionWhenMissing() {
        assertThat(SimpleContextNotes.withEntry("# C\nnotes\n", "- e")).isEqualTo("# C\nnotes\n\n## Recent Updates\n- e\n");
    }
}
