package dev.wvo.cli.shell;

import dev.wvo.lock.FileLockManager;
import dev.wvo.fs.StateDir;
import dev.wvo.status.StatusSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** The shell's status and dashboard show the tasks wvo blocked for a person. */
class ShellAttentionTest {

    @TempDir
    Path state;

    private FileLockManager locks;

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(state.resolve("roadmap.yaml"), """
                version: 2
                tasks:
                  - id: stuck
                    title: Keeps stalling
                    status: blocked
                    attempts: 3
                    reactions: {stalled: 3}
                    result:
                      outcome: blocked
                      finished_at: '2026-11-22T10:00:00Z'
                      summary: 'needs attention: stalled 3 times, more than reactions.stalled.max (2) allows'
                  - id: waiting
                    title: Blocked on purpose
                    status: blocked
                  - id: again
                    title: Changed nothing once
                    attempts: 1
                    result:
                      outcome: failed
                      finished_at: '2026-11-22T10:00:00Z'
                      summary: 'no changes: the agent ended without changing a file'
                """);
        locks = FileLockManager.builder(state.resolve("locks")).releaseOnShutdown(false).build();
    }

    @AfterEach
    void tearDown() {
        locks.close();
    }

    @Test
    void status_namesTheTaskAndWhy_butNotATaskWrittenBlocked() {
        StringWriter out = new StringWriter();
        ShellSession session = new ShellSession(ShellFixture.commands(state, locks, ShellFixture.noLauncher(state)),
                state.resolve(".shell-history"));
        assertThat(session.runPlain(new BufferedReader(new StringReader("status\n")), new PrintWriter(out, true)))
                .isZero();

        assertThat(out.toString()).contains("Needs attention (see wvo doctor)")
                .containsPattern("stuck\\s+needs attention: stalled 3 times").doesNotContain("waiting");
    }

    @Test
    void dashboard_listsTheTasksThatNeedAttention() {
        StatusSnapshot s = StatusSnapshot.read(new StatusSnapshot.Source(new StateDir(state), "file", ""), locks,
                Clock.systemUTC());

        assertThat(s.tasks().needsAttention()).extracting(a -> a.id()).containsExactly("stuck");
        assertThat(Dashboard.render(s, 0, 200, 5)).anyMatch(l -> l.contains("needs attention: stuck"))
                .anyMatch(l -> l.contains("Retrying again (1/3): no changes: the agent ended without changing a file"));
    }
}
