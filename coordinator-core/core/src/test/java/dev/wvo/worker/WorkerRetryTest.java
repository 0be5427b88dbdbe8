package dev.wvo.worker;

import dev.wvo.fs.StateDir;
import dev.wvo.config.Config;
import dev.wvo.lock.FileLockManager;
import dev.wvo.schedule.InMemoryBoard;
import dev.wvo.spi.AgentBackend;
import dev.wvo.spi.AgentOutcome;
import dev.wvo.spi.AgentRun;
import dev.wvo.spi.OutputSink;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.wvo.schedule.InMemoryBoard.task;
import static org.assertj.core.api.Assertions.assertThat;

/** A failed attempt, then its retry in the worker loop: the retry's prompt and run carry what the first left. */
class WorkerRetryTest {

    @TempDir
    Path root;
    private Path state;
    private Path work;
    private FileLockManager locks;

    @BeforeEach
    void setUp() throws Exception {
        state = Files.createDirectories(root.resolve("state"));
        work = Files.createDirectories(root.resolve("work"));
        try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
            Files.writeString(work.resolve("app.txt"), "v1\n");
            git.add().addFilepattern(".").call();
            PersonIdent who = new PersonIdent("Test", "test@example.com");
            git.commit().setMessage("base").setAuthor(who).setCommitter(who).call();
        }
        locks = FileLockManager.builder(state.resolve("locks")).releaseOnShutdown(false).build();
    }

    @AfterEach
    void tearDown() {
        locks.close();
    }

    /** Fails its first attempt after changing app.txt and adding notes.txt; succeeds after. */
    static final class FailsOnce implements AgentBackend {
        final List<AgentRun> runs = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public Availability availability() {
            return Availability.yes("in the test");
        }

        @Override
        public AgentOutcome run(AgentRun run, OutputSink output) {
            runs.add(run);
            if (runs.size() > 1) {
                return AgentOutcome.success(0, "done");
            }
            try {
                Files.writeString(run.workingDirectory().resolve("app.txt"), "v2\nmore\n");
                Files.writeString(run.workingDirectory().resolve("notes.txt"), "half a plan\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            output.line("edited app.txt");
            output.line("the build broke in app.txt line 2");
            return AgentOutcome.failure(1, "exit 1: build failed").withSession("sess-42");
        }
    }

    @Test
    void retry_isToldWhatTheFailedAttemptChangedAndWhy_andResumesItsSession() throws Exception {
        Files.writeString(state.resolve("config.yaml"), "retry:\n  brief_lines: 30\n  resume_session: true\n");
        FailsOnce backend = new FailsOnce();
        InMemoryBoard board = new InMemoryBoard(List.of(task("T1", 0, List.of(), List.of("app.txt"), false, 0)));
        worker(board, backend).run();

        assertThat(board.get("T1").status()).isEqualTo("done");
        assertThat(backend.runs).hasSize(2);
        assertThat(backend.runs.get(0).resumeSession()).isNull();
        assertThat(backend.runs.get(1).resumeSession()).isEqualTo("sess-42");
        String prompt = backend.runs.get(1).prompt();
        assertThat(prompt).contains("This is attempt 2 of this task.", "The previous attempt ended without the task being done",
                "Attempt 1 (fake, worker w1) failed: exit 1: build failed", "app.txt (+2 -1)", "notes.txt (+1 -0)",
                "  the build broke in app.txt line 2");
        Path second = new StateDir(state).attempt("T1", 2).directory();
        assertThat(prompt).contains(Files.readString(second.resolve("previous-attempt.md")));
        assertThat(Files.readString(second.resolve("prompt.txt"))).isEqualTo(prompt);

        AttemptRecord first = AttemptRecord.readFrom(new StateDir(state).attempt("T1", 1)).orElseThrow();
        assertThat(first.outcome()).isEqualTo("failure");
        assertThat(first.sessionId()).isEqualTo("sess-42");
        assertThat(first.summary()).isEqualTo("exit 1: build failed");
        assertThat(first.branch()).isEqualTo("main");
        assertThat(first.workingDirectory()).isEqualTo(work.toAbsolutePath().normalize().toString());
        assertThat(backend.runs.get(0).prompt()).doesNotContain("previous attempt");
    }

    @Test
    void withoutResume_theRetryStartsFresh_butIsStillBriefed() throws Exception {
        FailsOnce backend = new FailsOnce();
        InMemoryBoard board = new InMemoryBoard(List.of(task("T1", 0, List.of(), List.of("app.txt"), false, 0)));
        worker(board, backend).run();
        assertThat(backend.runs.get(1).resumeSession()).isNull();
        assertThat(backend.runs.get(1).prompt()).contains("notes.txt (+1 -0)");
    }

    private Worker worker(InMemoryBoard board, AgentBackend backend) {
        WorkerSettings settings = new WorkerSettings("w1", List.of(backend.name()), null, List.of(), List.of(), true, 0, true,
                Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMillis(200), work, Map.of());
        return new Worker(settings, WorkerServices.builder(new StateDir(state), locks, Clock.systemUTC())
                .roadmap(board).plugins(name -> Optional.of(backend), name -> Optional.empty())
                .config(Config.read(state.resolve("config.yaml"))).context(new WorkerTest.NoContext()).build());
    }
}
