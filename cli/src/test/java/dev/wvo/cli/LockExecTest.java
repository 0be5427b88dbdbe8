package dev.wvo.cli;

import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LockExecTest {

    @TempDir
    Path dir;

    private Path state() {
        return dir.resolve("state");
    }

    private FileLockManager holder(String owner) {
        return FileLockManager.builder(state().resolve("locks")).owner(owner).releaseOnShutdown(false).build();
    }

    @Test
    void exec_exitsWithTheCommandsExitCode() {
        assertThat(Cli.inState(state(), "lock", "exec", "r", "--", "sh", "-c", "exit 0").exitCode()).isZero();
        assertThat(Cli.inState(state(), "lock", "exec", "r", "--", "sh", "-c", "exit 3").exitCode()).isEqualTo(3);
        assertThat(Cli.inState(state(), "lock", "exec", "r", "--", "sh", "-c", "exit 75").exitCode()).isEqualTo(75);
    }

    @Test
    void exec_commandKilledBySignal_exitsWith128PlusSignal() {
        assertThat(Cli.inState(state(), "lock", "exec", "r", "--", "sh", "-c", "kill -TERM $$").exitCode())
                .isEqualTo(ExitCodes.SIGNAL_BASE + 15);
    }

    @Test
    void exec_givesTheCommandTokenAndResource_tokensIncrease() throws IOException {
        Path seen = dir.resolve("seen");
        for (int i = 0; i < 3; i++) {
            Cli.Result r = Cli.inState(state(), "lock", "exec", "my resource/1", "--",
                    "sh", "-c", "echo \"$WVO_LOCK_TOKEN $WVO_LOCK_RESOURCE\" >> \"$1\"", "sh", seen.toString());
            assertThat(r.exitCode()).isZero();
        }
        List<String> lines = Files.readAllLines(seen);
        assertThat(lines).hasSize(3).allSatisfy(l -> assertThat(l).endsWith(" my resource/1"));
        List<Long> tokens = lines.stream().map(l -> Long.parseLong(l.substring(0, l.indexOf(' ')))).toList();
        assertThat(tokens).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void exec_releasesTheLockWhenTheCommandEnds() {
        assertThat(Cli.inState(state(), "lock", "exec", "r", "--", "sh", "-c", "exit 9").exitCode()).isEqualTo(9);
        try (FileLockManager other = holder("other")) {
            assertThat(other.tryAcquire("r", LockMode.EXCLUSIVE)).isPresent();
        }
    }

    @Test
    void exec_lockHeldElsewhere_timeoutZero_exits75NamingTheHolder() {
        try (FileLockManager other = holder("agent-7");
             LockHandle held = other.tryAcquire("roadmap", LockMode.EXCLUSIVE).orElseThrow()) {
            Cli.Result r = Cli.inState(state(), "lock", "exec", "roadmap", "--timeout", "0", "--", "true");
            assertThat(r.exitCode()).isEqualTo(ExitCodes.LOCK_NOT_ACQUIRED);
            assertThat(r.err()).startsWith("wvo: exclusive lock 'roadmap' not acquired at once: held by agent-7 (pid "
                    + ProcessHandle.current().pid()).contains("token " + held.token()).contains("--timeout");
            assertThat(r.err().strip().lines()).hasSize(1);
        }
    }

    @Test
    void exec_lockHeldElsewhere_shortTimeout_exits75() {
        try (FileLockManager other = holder("agent-7");
             LockHandle held = other.tryAcquire("roadmap", LockMode.EXCLUSIVE).orElseThrow()) {
            Cli.Result r = Cli.inState(state(), "lock", "exec", "roadmap", "--timeout", "150ms", "--", "true");
            assertThat(r.exitCode()).isEqualTo(ExitCodes.LOCK_NOT_ACQUIRED);
            assertThat(r.err()).contains("not acquired within 150ms").contains("agent-7");
        }
    }

    @Test
    void exec_verbose_saysWhoItWaitsFor() {
        try (FileLockManager other = holder("agent-7");
             LockHandle held = other.tryAcquire("roadmap", LockMode.EXCLUSIVE).orElseThrow()) {
            Cli.Result r = Cli.inState(state(), "--verbose", "lock", "exec", "roadmap", "--timeout", "100ms", "--", "true");
            assertThat(r.exitCode()).isEqualTo(ExitCodes.LOCK_NOT_ACQUIRED);
            assertThat(r.err()).startsWith("wvo: waiting for lock 'roadmap' held by agent-7 (pid ")
                    .contains(", for at most 100ms\n");
        }
    }

    @Test
    void exec_shared_runsAlongsideAnotherSharedHolder_butNotAnExclusiveOne() {
        try (FileLockManager other = holder("reader")) {
            try (LockHandle shared = other.tryAcquire("cache", LockMode.SHARED).orElseThrow()) {
                assertThat(Cli.inState(state(), "lock", "exec", "cache", "--shared", "--timeout", "0", "--", "true").exitCode())
                        .isZero();
                assertThat(Cli.inState(state(), "lock", "exec", "cache", "--timeout", "0", "--", "true").exitCode())
                        .isEqualTo(ExitCodes.LOCK_NOT_ACQUIRED);
            }
        }
    }

    @Test
    void exec_ownerOption_isRecordedAsTheHolder() throws IOException {
        Path listing = dir.resolve("listing.json");
        Cli.Result r = Cli.inState(state(), "lock", "exec", "r", "--owner", "worker-3", "--",
                "sh", "-c", "cat \"$1\"/locks/r.lock > \"$2\"", "sh", state().toString(), listing.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(Files.readString(listing)).contains("worker-3");
    }

    @Test
    void exec_commandNotFound_exits127AndReleasesTheLock() {
        Cli.Result r = Cli.inState(state(), "lock", "exec", "r", "--", "no-such-command-wvo");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.COMMAND_NOT_FOUND);
        assertThat(r.err()).isEqualTo("wvo: command not found in PATH: no-such-command-wvo; check its spelling, or give its path\n");
        try (FileLockManager other = holder("other")) {
            assertThat(other.tryAcquire("r", LockMode.EXCLUSIVE)).isPresent();
        }
    }

    @Test
    void exec_commandNotExecutable_exits126() throws IOException {
        Path script = Files.writeString(dir.resolve("script.sh"), "echo hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        Cli.Result r = Cli.inState(state(), "lock", "exec", "r", "--", script.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.COMMAND_NOT_EXECUTABLE);
        assertThat(r.err()).contains("cannot execute " + script).contains("chmod +x");
    }

    @Test
    void exec_badDuration_exits2WithAClearMessage() {
        Cli.Result r = Cli.inState(state(), "lock", "exec", "r", "--timeout", "5x", "--", "true");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("wvo: Invalid value for option '--timeout': '5x' is not a duration")
                .contains("500ms, 30s, 5m");
    }

    /** Issue 21, defect 18: 1ms printed "wvo: null", 10ms started and lost its lock at once. */
    @ParameterizedTest
    @ValueSource(strings = {"0", "1ms", "10ms", "999ms"})
    void exec_leaseBelowASecond_exits2SayingWhyAndWhatToUse(String lease) {
        Cli.Result r = Cli.inState(state(), "lock", "exec", "r", "--lease", lease, "--", "true");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("wvo: --lease ").contains("is too short", "Use at least 1s");
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(Cli.inState(state(), "init").exitCode()).isZero();
        Cli.Result worker = Cli.inState(state(), "worker", "--agent", "shell", "--lease", lease);
        assertThat(worker.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(worker.err()).contains("is too short", "Use at least 1s");
    }

    @Test
    void exec_optionOfTheCommandWithoutDoubleDash_exits2AndSuggestsIt() {
        Cli.Result r = Cli.inState(state(), "lock", "exec", "r", "ls", "-l");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Unknown option: '-l'").contains("put -- before COMMAND");
    }

    @Test
    void exec_withoutCommand_exits2() {
        Cli.Result r = Cli.inState(state(), "lock", "exec", "r");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("COMMAND");
    }
}
