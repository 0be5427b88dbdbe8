package dev.wvo.cli;

import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockMode;
import dev.wvo.lock.LockTimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 21, defect 22: what a person can fix is said in one line, with what to do and the right
 * exit status; never "unexpected error: &lt;Java class&gt;". The full disk, with a real file system
 * that fills up, is {@code FullDiskProcessTest}.
 */
class UserFixableErrorsTest {

    @TempDir
    Path state;

    @BeforeEach
    void init() {
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
    }

    @Test
    void aContextThatIsNotUtf8_namesFileLineAndColumn_forAddAndShow() throws Exception {
        Files.write(state.resolve("context.md"), new byte[] {'#', ' ', 'x', '\n', (byte) 0xFF, (byte) 0xFE, '\n'});

        for (String[] command : new String[][] {{"context", "add", "hello"}, {"context", "show"}}) {
            Cli.Result r = Cli.inState(state, command);
            assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(r.err()).isEqualTo("wvo: " + state.resolve("context.md") + ":2:1: not UTF-8 text (byte 0xFF); "
                    + "save it as UTF-8, or restore it from a backup or from git\n");
        }
    }

    @Test
    void aRoadmapThatDoesNotParse_isItsFileLineAndColumn_notAnUnexpectedError() throws Exception {
        Files.writeString(state.resolve("roadmap.yaml"), "tasks:\n  - id: [unclosed\n");

        Cli.Result r = Cli.inState(state, "task", "add", "X", "--title", "x");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).startsWith("wvo: " + state.resolve("roadmap.yaml") + ":3:1: YAML syntax")
                .doesNotContain("unexpected", "Exception");
    }

    @Test
    void anEmptyLockName_isAWrongCommandLine() {
        for (String[] command : new String[][] {{"lock", "exec", "", "--", "true"}, {"lock", "break", ""}}) {
            Cli.Result r = Cli.inState(state, command);
            assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).startsWith("wvo: RESOURCE must not be empty").doesNotContain("unexpected");
        }
    }

    /** The locked-roadmap message named `wvo lock break roadmap`, which refuses a live holder. */
    @Test
    void aLockHeldLongerThanTheCommandWaits_namesTheHolder_andSuggestsWhatWorks() throws Exception {
        try (FileLockManager holder = FileLockManager.builder(state.resolve("locks")).owner("git-pull")
                .releaseOnShutdown(false).build();
             FileLockManager waiter = FileLockManager.builder(state.resolve("locks")).releaseOnShutdown(false).build()) {
            LockHandle held = holder.tryAcquire("roadmap", LockMode.EXCLUSIVE).orElseThrow();
            LockTimeoutException timeout = null;
            try {
                waiter.acquire("roadmap", LockMode.EXCLUSIVE, Duration.ofMillis(50));
            } catch (LockTimeoutException e) {
                timeout = e;
            }
            assertThat(timeout).isNotNull();

            UserErrors.Explained explained = UserErrors.explain(
                    new IllegalStateException("The roadmap is locked", timeout), Clock.systemUTC()).orElseThrow();

            assertThat(explained.exitCode()).isEqualTo(ExitCodes.LOCK_NOT_ACQUIRED);
            assertThat(explained.message()).startsWith("lock 'roadmap' is held by git-pull (pid " + ProcessHandle.current().pid())
                    .contains("token " + held.token(), "nothing was changed", "'wvo lock list'",
                            "'wvo lock break --force roadmap'");
        }
    }

    @Test
    void fileSystemFailures_nameTheFile_andSayWhatToDoAboutTheUsualCauses() {
        FileSystemException full = new FileSystemException("state/.roadmap.yaml.token-3.tmp", null, "No space left on device");

        assertThat(UserErrors.explain(new UncheckedIOException("Cannot write state/roadmap.yaml: " + full.getMessage(), full),
                Clock.systemUTC())).hasValueSatisfying(e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCodes.FAILURE);
                    assertThat(e.message()).isEqualTo("Cannot write state/roadmap.yaml: state/.roadmap.yaml.token-3.tmp: "
                            + "No space left on device. The disk is full: free space on it and run the command again; "
                            + "nothing was changed");
                });
        assertThat(UserErrors.explain(new IllegalStateException("a bug"), Clock.systemUTC())).isEmpty();
    }
}
