package dev.wvo.cli.shell;

import dev.wvo.accounts.ClockTime;
import dev.wvo.accounts.RateLimitBoard;
import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockMode;
import dev.wvo.schedule.WorkerPresence;
import dev.wvo.worker.WorkerRecord;
import dev.wvo.worker.WorkerRegistry;
import dev.wvo.worker.WorkerStatus;
import dev.wvo.fs.StateDir;
import dev.wvo.status.StatusSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's merge-queue panel and conflict counts, drawn from a real state directory. */
class DashboardTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path state;

    private void queueEntry(String id, String task, String enqueuedAt, String status, String paths, String tail)
            throws IOException {
        Files.createDirectories(state.resolve("merge-queue"));
        Files.writeString(state.resolve("merge-queue/" + id + ".json"), """
                {"id": "%s", "taskId": "%s", "branch": "wvo/w1/%s", "priority": 0, "enqueuedAt": "%s",
                 "status": "%s", "conflictPaths": %s, "failureTail": %s, "mergedCommit": null}
                """.formatted(id, task, task, enqueuedAt, status, paths, tail));
    }

    private List<String> render() {
        try (FileLockManager locks = FileLockManager.builder(state.resolve("locks")).releaseOnShutdown(false).build()) {
            return Dashboard.render(StatusSnapshot.read(new StatusSnapshot.Source(new StateDir(state), "file", ""), locks,
                    Clock.fixed(NOW, ZoneOffset.UTC)), 0, 200, 5);
        }
    }

    @Test
    void mergeQueue_listsTheEntriesToActOnFirst_thenTheQueuedOnes_andCountsTheMerged() throws IOException {
        Files.writeString(state.resolve("roadmap.yaml"), """
                version: 2
                tasks:
                  - id: T-1
                    title: One
                    status: done
                conflicts:
                  - task: T-1
                    field: title
                    ours: One
                    theirs: Uno
                """);
        queueEntry("1-a", "T-1", "2026-11-22T09:59:00Z", "QUEUED", "[]", "null");
        queueEntry("2-b", "T-2", "2026-11-22T09:58:00Z", "CONFLICT", "[\"src/App.java\"]", "null");
        queueEntry("3-c", "T-3", "2026-11-22T09:57:00Z", "MERGED", "[]", "null");

        List<String> lines = render();

        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("Merge queue").endsWith("1 merged"));
        int panel = lines.indexOf(lines.stream().filter(l -> l.startsWith("Merge queue")).findFirst().orElseThrow());
        assertThat(lines.get(panel + 2)).containsPattern("T-2\\s+wvo/w1/T-2\\s+CONFLICT\\s+2m00s\\s+src/App.java");
        assertThat(lines.get(panel + 3)).containsPattern("T-1\\s+wvo/w1/T-1\\s+QUEUED\\s+1m00s");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("Limits").endsWith("conflicts: 1 roadmap, 1 merge"));
    }

    @Test
    void anEmptyQueue_drawsNoPanel() {
        assertThat(render()).noneMatch(l -> l.startsWith("Merge queue")).noneMatch(l -> l.contains("conflicts:"));
    }

    @Test
    void everyAccountOfTheLiveWorkersLimited_saysAllAgentsLimitedUntilTheFirstReset() throws IOException {
        Files.writeString(state.resolve("roadmap.yaml"), "version: 2\ntasks: []\n");
        Instant now = Instant.now();
        Instant reset = now.plusSeconds(3600);
        try (FileLockManager locks = FileLockManager.builder(state.resolve("locks")).owner("w1").build();
             LockHandle ignored = locks.tryAcquire(WorkerPresence.resourceOf("w1"), LockMode.EXCLUSIVE).orElseThrow()) {
            new WorkerRegistry(state.resolve("workers")).write(new WorkerRecord("w1", ProcessHandle.current().pid(), "vm",
                    "claude:work", now, now, WorkerStatus.PARKED, null, null, null, null, List.of(), List.of("claude:work", "codex")));
            RateLimitBoard board = new RateLimitBoard(state, locks, Clock.systemUTC());
            board.mark("codex", reset.plusSeconds(600), "w1", "usage limit");
            assertThat(Dashboard.render(StatusSnapshot.read(new StatusSnapshot.Source(new StateDir(state), "file", ""),
                    locks, Clock.systemUTC()), 0, 200, 5)).noneMatch(l -> l.contains("All agents limited"));

            board.mark("claude:work", reset, "w1", "session limit");
            List<String> lines = Dashboard.render(StatusSnapshot.read(new StatusSnapshot.Source(new StateDir(state), "file",
                    ""), locks, Clock.systemUTC()), 0, 200, 5);

            assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("!! All agents limited until "
                    + ClockTime.of(reset) + " (claude:work resets first)"));
            assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("Limits").contains("claude:work limited until",
                    "codex limited until"));
        }
    }
}
