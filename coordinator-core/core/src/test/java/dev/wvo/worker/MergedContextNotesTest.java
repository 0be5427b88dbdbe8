package dev.wvo.worker;

import dev.wvo.context.ContextStores;
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
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class MergedContextNotesTest {

    @TempDir
    Path state;

    private static TaskView task(String id, String epic, String domain) {
        return TaskView.builder(id).title("Title " + id).status("in_progress").domain(domain).epic(epic).build();
    }

    @Test
    void promptContext_isTheSectionsMentioningTheTask_andTheNewestLogEntries() throws Exception {
        Files.writeString(state.resolve("context.md"), """
                # Shared context

                ## Recent Updates
                - 2026-11-20: older note
                - 2026-11-21: newer note

                ## Payments
                T7 must keep the ledger append-only.

                ## Unrelated
                Nothing about this task.
                """);
        List<String> warnings = new CopyOnWriteArrayList<>();
        try (FileLockManager locks = FileLockManager.builder(state.resolve("locks")).releaseOnShutdown(false).build()) {
            MergedContextNotes notes = new MergedContextNotes(ContextStores.of(state, locks),
                    Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC), warnings::add);
            List<String> lines = notes.relevantTo(task("T7", null, null));
            assertThat(lines).contains("## Recent Updates", "- 2026-11-21: newer note", "## Payments",
                    "T7 must keep the ledger append-only.");
            assertThat(String.join("\n", lines)).doesNotContain("Unrelated");

            notes.taskFinished(task("T7", null, null), "worker2", "done", "ledger kept append-only");
            String after = Files.readString(state.resolve("context.md"));
            assertThat(after).contains("worker2 finished T7 (Title T7): done — ledger kept append-only");
            assertThat(after.indexOf("worker2 finished T7")).as("newest first, in the file's own log section")
                    .isLessThan(after.indexOf("newer note"));
            assertThat(warnings).isEmpty();
        }
    }

    @Test
    void theProjectsSections_reachEveryPrompt_firstAndWhole() throws Exception {
        StringBuilder longRules = new StringBuilder();
        for (int i = 1; i <= 70; i++) {
            longRules.append("- rule ").append(i).append('\n');
        }
        Files.writeString(state.resolve("context.md"), """
                # Shared context

                ## Unrelated
                Nothing about this task.

                ## Project
                Build: mvn -q verify. Never push to main.

                ## Safety rules (every prompt)
                """ + longRules + """
                ## Payments
                T7 must keep the ledger append-only.
                """);
        try (FileLockManager locks = FileLockManager.builder(state.resolve("locks")).releaseOnShutdown(false).build()) {
            MergedContextNotes notes = new MergedContextNotes(ContextStores.of(state, locks), Clock.systemUTC(),
                    warning -> { });
            List<String> other = notes.relevantTo(task("T99", null, null));
            assertThat(other).startsWith("## Project", "Build: mvn -q verify. Never push to main.");
            assertThat(other).contains("## Safety rules (every prompt)", "- rule 70");
            assertThat(String.join("\n", other)).doesNotContain("Unrelated", "Payments");
            List<String> t7 = notes.relevantTo(task("T7", null, null));
            assertThat(t7).contains("## Project", "- rule 70", "T7 must keep the ledger append-only.");
        }
    }
}
