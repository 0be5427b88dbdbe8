package dev.wvo.doctor;

import dev.wvo.fs.StateDir;
import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.HostIdentity;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockMode;
import dev.wvo.lock.ProcessLiveness;
import dev.wvo.lock.ProcessRef;
import dev.wvo.roadmap.Roadmap;
import dev.wvo.roadmap.RoadmapReader;
import dev.wvo.schedule.WorkerPresence;
import dev.wvo.accounts.RateLimitBoard;
import dev.wvo.worker.WorkerControl;
import dev.wvo.worker.WorkerRecord;
import dev.wvo.worker.WorkerRegistry;
import dev.wvo.worker.WorkerStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.wvo.doctor.StateDirectoryCheckTest.goodState;
import static dev.wvo.doctor.StateDirectoryCheckTest.only;
import static org.assertj.core.api.Assertions.assertThat;

class LockAndLeftoverCheckTest {

    private static final long DEAD_PID = 999_999_999L;
    private static final ProcessLiveness DEAD_PID_IS_DEAD = (pid, started) -> pid != DEAD_PID;

    @TempDir
    Path state;
    private FileLockManager observer;

    @BeforeEach
    void setUp() throws IOException {
        goodState(state);
        observer = FileLockManager.builder(state.resolve("locks")).liveness(DEAD_PID_IS_DEAD).releaseOnShutdown(false).build();
    }

    @AfterEach
    void tearDown() {
        observer.close();
    }

    /** Runs {@code held} while a process that is then judged dead holds {@code resource}, and leaves the lock behind. */
    private void lockOfDeadProcess(String resource) {
        FileLockManager ghost = FileLockManager.builder(state.resolve("locks"))
                .process(new ProcessRef(HostIdentity.current(), DEAD_PID, Instant.EPOCH))
                .liveness(DEAD_PID_IS_DEAD).releaseOnShutdown(false).heartbeatInterval(Duration.ZERO).build();
        LockHandle handle = ghost.tryAcquire(resource, LockMode.EXCLUSIVE).orElseThrow();
        assertThat(handle.isValid()).isTrue();
        // closing the manager would release the lock: a dead process never does
    }

    private Optional<Roadmap> roadmap() {
        return Optional.of(RoadmapReader.read(state.resolve("roadmap.yaml")));
    }

    @Test
    void cleanState_isOk() {
        assertThat(new LockHealthCheck(observer).run(roadmap())).extracting(Finding::status).containsOnly(Verdict.OK);
        assertThat(new OrphanCheck(state, observer, Clock.systemUTC()).run(roadmap()))
                .singleElement().extracting(Finding::status).isEqualTo(Verdict.OK);
    }

    @Test
    void liveLock_isOk() {
        try (LockHandle held = observer.tryAcquire("build", LockMode.EXCLUSIVE).orElseThrow()) {
            Finding locks = only(new LockHealthCheck(observer).run(roadmap()), "locks");
            assertThat(locks.status()).isEqualTo(Verdict.OK);
            assertThat(locks.detail()).contains("1 held by live processes");
        }
    }

    @Test
    void lockOfDeadProcess_isStaleWithTheReason() {
        lockOfDeadProcess("build");
        Finding stale = only(new LockHealthCheck(observer).run(roadmap()), "stale lock");
        assertThat(stale.status()).isEqualTo(Verdict.WARN);
        assertThat(stale.detail()).contains("build", "pid " + DEAD_PID, "the process is gone");
        assertThat(stale.fix()).contains("wvo lock break 'build'");
    }

    @Test
    void garbageLockFile_isReported() throws IOException {
        Files.createDirectories(state.resolve("locks"));
        Files.writeString(state.resolve("locks").resolve("junk.lock"), "{ half");
        Finding garbage = only(new LockHealthCheck(observer).run(roadmap()), "garbage lock file");
        assertThat(garbage.status()).isEqualTo(Verdict.WARN);
        assertThat(garbage.detail()).startsWith("junk: ");
    }

    @Test
    void claimOfDeadWorker_isStaleAndSuggestsReclaim() throws IOException {
        Files.writeString(state.resolve("roadmap.yaml"), """
                version: 2
                tasks:
                  - id: a
                    status: in_progress
                    claim: {worker: ghost, claimed_at: "2026-11-22T10:00:00Z", attempt: 1}
                  - id: b
                    status: in_progress
                    claim: {worker: alive, claimed_at: "2026-11-22T10:00:00Z", attempt: 2}
                """);
        lockOfDeadProcess(WorkerPresence.resourceOf("ghost"));
        try (LockHandle alive = new WorkerPresence(observer).register("alive").orElseThrow()) {
            Finding claim = only(new LockHealthCheck(observer).run(roadmap()), "stale claim");
            assertThat(claim.status()).isEqualTo(Verdict.WARN);
            assertThat(claim.detail()).contains("task a", "worker ghost", "attempt 1");
            assertThat(claim.fix()).startsWith("wvo reclaim");
        }
    }

    @Test
    void workerFileOfWorkerThatIsGone_isAnOrphan() {
        WorkerRegistry registry = new WorkerRegistry(state.resolve("workers"));
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        registry.write(new WorkerRecord("ghost", DEAD_PID, "host-a", "shell", now, now, WorkerStatus.IDLE,
                null, null, null, null, List.of()));
        lockOfDeadProcess(WorkerPresence.resourceOf("ghost"));
        Finding orphan = only(new OrphanCheck(state, observer, Clock.systemUTC()).run(roadmap()), "worker file");
        assertThat(orphan.status()).isEqualTo(Verdict.WARN);
        assertThat(orphan.detail()).contains("ghost", "is not running");
        assertThat(orphan.fix()).isEqualTo("rm " + registry.fileOf("ghost"));
    }

    @Test
    void workerFileOfLiveWorker_isNoOrphan() {
        WorkerRegistry registry = new WorkerRegistry(state.resolve("workers"));
        Instant now = Instant.now();
        registry.write(new WorkerRecord("w1", ProcessHandle.current().pid(), "here", "shell", now, now,
                WorkerStatus.IDLE, null, null, null, null, List.of()));
        try (LockHandle alive = new WorkerPresence(observer).register("w1").orElseThrow()) {
            assertThat(new OrphanCheck(state, observer, Clock.systemUTC()).run(roadmap()))
                    .singleElement().extracting(Finding::status).isEqualTo(Verdict.OK);
        }
    }

    @Test
    void controlRequestsForUnknownWorkers_artifactsOfUnknownTasks_andOldTempFiles_areOrphans() throws IOException {
        WorkerControl control = new WorkerControl(new StateDir(state));
        control.request("nobody", WorkerControl.Request.STOP);
        control.request(WorkerControl.ALL, WorkerControl.Request.PAUSE);
        Files.createDirectories(state.resolve("artifacts/a/1"));
        Files.createDirectories(state.resolve("artifacts/removed-task/1"));
        Files.createDirectories(state.resolve("artifacts/also-removed/2"));
        Path oldTemp = Files.writeString(state.resolve(".roadmap.yaml.0123456789abcdef.tmp"), "half");
        Files.setLastModifiedTime(oldTemp, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        Files.writeString(state.resolve(".context.md.fedcba9876543210.tmp"), "being written now");

        List<Finding> findings = new OrphanCheck(state, observer, Clock.systemUTC()).run(roadmap());

        Finding request = only(findings, "control request");
        assertThat(request.detail()).contains("nobody");
        assertThat(only(findings, "artifacts").detail()).startsWith("2 artifact director(ies)");
        Finding temps = only(findings, "temp files");
        assertThat(temps.detail()).startsWith("1 leftover temp file(s)").contains(oldTemp.toString());
        assertThat(findings).extracting(Finding::status).containsOnly(Verdict.WARN);
    }

    @Test
    void rateLimitedBackend_warnsUntilWhen() {
        RateLimitBoard board = new RateLimitBoard(state, observer, Clock.systemUTC());
        assertThat(new RateLimitCheck(board).run()).singleElement().extracting(Finding::status).isEqualTo(Verdict.OK);
        Instant until = Instant.now().plus(Duration.ofHours(1));
        board.mark("claude", until, "worker1", "usage limit reached");

        Finding limit = only(new RateLimitCheck(board).run(), "rate limit claude");
        assertThat(limit.status()).isEqualTo(Verdict.WARN);
        assertThat(limit.detail()).contains(until.toString(), "worker1", "usage limit reached");
    }
}
