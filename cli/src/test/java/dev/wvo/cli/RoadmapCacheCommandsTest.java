package dev.wvo.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wvo.roadmap.RoadmapCache;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a roadmap large enough to be kept in {@code locks/roadmap.cache}, {@code status}, {@code task
 * list} and {@code task show} print exactly what a run that parses the file prints: from an
 * unchanged file, and after a command changed one task (the cache spliced).
 */
class RoadmapCacheCommandsTest {

    @TempDir
    static Path dir;
    private static Path state;
    private static Path cache;

    @BeforeAll
    static void bigState() throws IOException {
        state = dir.resolve("state");
        Path roadmap = dir.resolve("roadmap.yaml");
        String claimedAt = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        StringBuilder text = new StringBuilder("version: 2\ntasks:\n");
        for (int i = 0; text.length() < RoadmapCache.WORTH_KEEPING + 10_000; i++) {
            text.append("  - id: T").append(i).append("\n    title: \"Task number ").append(i).append(": émigré ✓\"\n");
            if (i % 3 == 0) {
                text.append("    status: done\n");
            } else if (i % 7 == 0) {
                text.append("    status: in_progress\n    claim:\n      worker: w").append(i % 4)
                        .append("\n      claimed_at: \"").append(claimedAt).append("\"\n      attempt: 1\n");
            }
            text.append("    priority: ").append(i % 5).append("\n    owns: [src/m").append(i % 9).append("/f")
                    .append(i).append(".ts]\n");
            if (i > 0) {
                text.append("    dependencies:\n      - T").append(i / 2).append('\n');
            }
            if (i % 500 == 1) {
                text.append("      - missing-").append(i).append('\n'); // a warning of an entry
            }
            text.append("    description: |\n      Line one of ").append(i).append("\n      line two\n");
        }
        Files.writeString(roadmap, text);
        assertThat(Cli.inState(state, "init", "--from", roadmap.toString()).exitCode()).isZero();
        cache = state.resolve("locks/roadmap.cache");
    }

    @Test
    void statusAndTaskList_printTheSameFromTheCache_asFromAParse() throws IOException {
        Files.deleteIfExists(cache);
        List<String> parsed = outputs();
        assertThat(cache).as("written by the run that parsed").exists();
        assertThat(outputs()).as("read from the cache").isEqualTo(parsed);

        Cli.Result reset = Cli.inState(state, "task", "reset", "T7", "--force");
        assertThat(reset.exitCode()).as(reset.err()).isZero();
        List<String> spliced = outputs();
        Files.delete(cache);
        assertThat(spliced).as("after a change of one task").isEqualTo(outputs());
    }

    @Test
    void taskList_afterAChange_judgesAnew_notFromTheJudgementKeptBefore() throws IOException {
        Files.deleteIfExists(cache);
        Cli.Result before = Cli.inState(state, "task", "list");
        assertThat(Cli.inState(state, "task", "list").out()).as("the judgement kept").isEqualTo(before.out());
        // T35 is in progress; T70 and T71 wait for it, and say so
        Cli.Result reset = Cli.inState(state, "task", "reset", "T35", "--force");
        assertThat(reset.exitCode()).as(reset.err()).isZero();

        String afterTheChange = Cli.inState(state, "task", "list").out(); // the first reader since the change
        assertThat(afterTheChange).isNotEqualTo(before.out()).contains("waits for T35 (pending)");
        String again = Cli.inState(state, "task", "list").out();
        Files.delete(cache);
        assertThat(afterTheChange).as("as a run that parses").isEqualTo(Cli.inState(state, "task", "list").out())
                .isEqualTo(again);
    }

    private static List<String> outputs() throws IOException {
        ObjectNode status = (ObjectNode) Cli.json(state, "status", "--json");
        status.remove("generated_at"); // and the ages, which the clock moves between two runs
        String statusJson = status.toString().replaceAll("\"age_seconds\":\\d+", "");
        Cli.Result list = Cli.inState(state, "task", "list");
        Cli.Result show = Cli.inState(state, "task", "show", "T7", "--json");
        return List.of(statusJson, list.out(), list.err(), Cli.inState(state, "task", "list", "--json").out(),
                show.out());
    }
}
