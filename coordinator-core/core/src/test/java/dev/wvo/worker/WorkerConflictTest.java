package dev.wvo.worker;

import dev.wvo.fs.StateDir;
import dev.wvo.events.Event;
import dev.wvo.events.EventReader;
import dev.wvo.events.EventType;
import dev.wvo.lock.FileLockManager;
import dev.wvo.schedule.InMemoryBoard;
import dev.wvo.spi.AgentBackend;
import dev.wvo.spi.AgentOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import static dev.wvo.schedule.InMemoryBoard.task;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two workers whose attempts overlap in time change the same file: the later one to finish
 * finds the conflict, logs it, and is blocked when the changes cannot be reconciled.
 */
class WorkerConflictTest {

    @TempDir
    Path root;
    private Path state;
    private Path work;
    private FileLockManager locks;

    @BeforeEach
    void setUp() throws Exception {
        state = Files.createDirectories(root.resolve("state"));
        work = Files.createDirectories(root.resolve("work"));
        locks = FileLockManager.builder(state.resolve("locks")).releaseOnShutdown(false).build();
    }

    @AfterEach
    void tearDown() {
        locks.close();
    }

    /** "first" writes and finishes while "second" runs; "second" then writes its own version. */
    private List<Event> runBoth(String secondsWrite, boolean append) throws Exception {
        InMemoryBoard board = new InMemoryBoard(List.of(task("first", 1, List.of(), List.of("src/a"), false, 0),
                task("second", 0, List.of(), List.of("src/b"), false, 1)));
        CountDownLatch secondStarted = new CountDownLatch(1);
        CountDownLatch firstDone = new CountDownLatch(1);
        Path notes = work.resolve("NOTES.md");
        AgentBackend backend = new FakeAgent("fake", (run, output) -> {
            if (run.task().id().equals("first")) {
                secondStarted.await();
                Files.writeString(notes, "alpha\n");
                return AgentOutcome.success(0, "wrote alpha").withChangedFiles(List.of("NOTES.md"));
            }
            secondStarted.countDown();
            firstDone.await();
            if (append) {
                Files.writeString(notes, secondsWrite, StandardOpenOption.APPEND);
            } else {
                Files.writeString(notes, secondsWrite);
            }
            // the shell way of reporting changed files
            Files.writeString(Path.of(run.environment().get("WVO_CHANGED_FILES")), "NOTES.md\n");
            return AgentOutcome.success(0, "wrote " + secondsWrite.strip());
        });
        Thread[] threads = new Thread[2];
        for (int i = 0; i < 2; i++) {
            WorkerSettings settings = new WorkerSettings("w" + i, List.of("fake"), null, List.of(), List.of(), true, 1, false,
                    Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMillis(100), work, Map.of());
            Worker worker = new Worker(settings, WorkerServices.builder(new StateDir(state), locks, Clock.systemUTC())
                    .roadmap(board).plugins(n -> Optional.of(backend), n -> Optional.empty())
                    .context(new WorkerTest.NoContext()).build());
            threads[i] = new Thread(worker::run);
            threads[i].start();
        }
        // "first" has priority, so w0 or w1 takes it; the other takes "second"; first's completion opens the latch
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "done".equals(board.get("first").status()));
        firstDone.countDown();
        for (Thread t : threads) {
            t.join(30_000);
        }
        this.lastBoard = board;
        return EventReader.in(state).readAll().events();
    }

    private InMemoryBoard lastBoard;

    @Test
    void laterVersionContainsTheEarlier_supersetIsSuggested_andTheTaskIsDone() throws Exception {
        List<Event> events = runBoth("beta\n", true);
        List<Event> conflicts = events.stream().filter(e -> e.is(EventType.CONFLICT)).toList();
        assertThat(conflicts).hasSize(1);
        assertThat(conflicts.get(0).task()).isEqualTo("second");
        assertThat(conflicts.get(0).details().toString()).contains("NOTES.md").containsIgnoringCase("superset");
        assertThat(lastBoard.get("second").status()).isEqualTo("done");
        assertThat(state.resolve("artifacts/second/1/files/NOTES.md")).hasContent("alpha\nbeta");
    }

    @Test
    void divergingVersions_areEscalated_andTheTaskIsBlocked() throws Exception {
        List<Event> events = runBoth("gamma\n", false);
        assertThat(events.stream().filter(e -> e.is(EventType.CONFLICT))).hasSize(1);
        assertThat(lastBoard.get("second").status()).isEqualTo("blocked");
        assertThat(lastBoard.get("first").status()).isEqualTo("done");
    }
}
