package dev.wvo.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 21, defects 4, 13, 15 and 16 with real wvo JVMs: state files a person or a runaway program
 * made huge, foreign things at lock names, a broken glob and a huge dependency cycle written by
 * hand. Each command says what is wrong in a line and goes on where it can; none runs out of a
 * 64 MiB heap.
 */
@Tag("process")
class HostileStateProcessTest {

    private static final List<String> SMALL_HEAP = List.of("-Xmx64m");

    @TempDir
    Path dir;

    private Path state;

    @BeforeEach
    void init() {
        state = dir.resolve("state");
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
    }

    private CliProcess wvo(String name, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("--state", state.toString()));
        all.addAll(List.of(args));
        return CliProcess.startUnder(List.of(), SMALL_HEAP, dir, name, Map.of(), all.toArray(String[]::new));
    }

    @Test
    void hugeFilesAndLinksAtStateNames_eachCommandSaysSo_orCleansUp_withinASmallHeap() throws Exception {
        Path locks = state.resolve("locks");
        sparse(locks.resolve("roadmap.lock"), 3L << 30);
        Path victim = Files.writeString(dir.resolve("victim.txt"), "a person's file");
        Files.createSymbolicLink(locks.resolve("context.guard"), victim);
        Files.createSymbolicLink(locks.resolve("rate-limits.lock"), Files.createDirectory(dir.resolve("a-directory")));
        Files.writeString(state.resolve("events.jsonl"), "{\"junk\":\"" + "x".repeat(2 << 20) + "\"}\n");

        CliProcess add = wvo("add", "task", "add", "T1", "--title", "t");
        assertThat(add.exitCode()).as(add.stderr()).isZero();
        CliProcess note = wvo("note", "context", "add", "a note");
        assertThat(note.exitCode()).as(note.stderr()).isZero();
        CliProcess list = wvo("list", "lock", "list");
        assertThat(list.exitCode()).as(list.stderr()).isZero();
        CliProcess events = wvo("events", "events");
        assertThat(events.exitCode()).as(events.stderr()).isZero();
        assertThat(events.stderr()).contains("events.jsonl:1: skipped, a line of 2097163 bytes, longer than an event can be");

        assertThat(victim).hasContent("a person's file");
        assertThat(Files.size(locks.resolve("context.guard"))).isLessThan(100);
        assertThat(locks.resolve("rate-limits.lock")).as("debris, removed by the first manager").doesNotExist();
        assertThat(dir.resolve("a-directory")).as("what the link pointed at").isDirectory();

        sparse(state.resolve("context.md"), 3L << 30);
        CliProcess huge = wvo("huge", "context", "add", "another");
        assertThat(huge.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(huge.stderr()).isEqualTo("wvo: " + state.resolve("context.md") + ": it is 3 GiB, more than the 64 MiB "
                + "such a file can be: wvo did not write it so (a runaway program, or another file put in its place). "
                + "Move it away and restore the last good version, for example from git\n");
    }

    /** Defect 4: a broken glob written by hand made every other worker exit 1. */
    @Test
    void aBrokenGlobWrittenByHand_keepsOnlyItsOwnTaskFromRunning() throws Exception {
        Path plugins = ReactorPlugins.folderIn(dir);
        Files.writeString(state.resolve("roadmap.yaml"), "version: 2\ntasks:\n"
                + "  - {id: A, title: a, owns: ['{a'], command: 'echo A >> ran'}\n"
                + "  - {id: B, title: b, owns: ['src//x'], command: 'echo B >> ran'}\n"
                + "  - {id: C, title: c, owns: ['src/*/y'], command: 'echo C >> ran'}\n");

        CliProcess worker = wvo("worker", "worker", "--id", "w1", "--agent", "shell", "--plugins", plugins.toString(),
                "--workdir", dir.toString(), "--exit-when-idle");

        assertThat(worker.exitCode()).as(worker.stderr()).isZero();
        assertThat(Files.readAllLines(dir.resolve("ran"))).containsExactlyInAnyOrder("B", "C");
        CliProcess list = wvo("list", "task", "list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.stderr()).contains(":3: owns '{a': not a valid glob");
    }

    /** Defect 16: a 5,000-task cycle made `task list` print 220 MB of warnings. */
    @Test
    void aCycleThroughFiveThousandTasks_isOneLineOfWarning() throws Exception {
        StringBuilder roadmap = new StringBuilder("version: 2\ntasks:\n");
        for (int i = 0; i < 5000; i++) {
            roadmap.append("  - {id: T").append(i).append(", title: t, dependencies: [T").append((i + 1) % 5000).append("]}\n");
        }
        Files.writeString(state.resolve("roadmap.yaml"), roadmap);

        CliProcess list = wvo("list", "task", "list");

        assertThat(list.exitCode()).isZero();
        assertThat(list.stderr().lines().toList()).singleElement()
                .satisfies(line -> assertThat(line).contains("dependency cycle of 5000 tasks T0 -> T1").hasSizeLessThan(400));
    }

    private static void sparse(Path file, long length) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(length);
        }
    }
}
