package dev.wvo.cli;

import dev.wvo.accounts.ClockTime;
import dev.wvo.accounts.RateLimitBoard;
import dev.wvo.fs.StateDir;
import dev.wvo.lock.FileLockManager;
import dev.wvo.worker.WorkerRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code wvo up} while every account is limited: like the shell's {@code spawn}, it starts no
 * worker that would only park, and says why (the first reset and its reason) and what to do.
 */
class UpWhileAllLimitedTest {

    @TempDir
    Path dir;

    @Test
    void up_startsNoWorker_whileEveryAccountIsLimited_andSaysUntilWhenAndWhy() throws Exception {
        Path state = dir.resolve("state");
        Path work = Files.createDirectories(dir.resolve("work"));
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
        Files.writeString(state.resolve("config.yaml"), """
                accounts:
                  - {name: work, backend: shell, env: {SHELL_ACCOUNT: work}}
                  - {name: night, backend: shell, env: {SHELL_ACCOUNT: night}}
                """);
        Instant workReset = Instant.now().plus(Duration.ofHours(2));
        try (FileLockManager locks = FileLockManager.builder(state.resolve("locks")).releaseOnShutdown(false).build()) {
            RateLimitBoard board = new RateLimitBoard(state, locks, Clock.systemUTC());
            board.mark("shell:work", workReset, "w9", "usage limit");
            board.mark("shell:night", workReset.plus(Duration.ofHours(1)), "w9", "usage limit");
        }

        Cli.Result up = Cli.inState(state, "--plugins", ReactorPlugins.folderIn(dir).toString(), "up", "--workers", "2",
                "--stagger", "0s", "--agent", "shell", "--workdir", work.toString());

        assertThat(up.exitCode()).as(up.out() + up.err()).isEqualTo(1);
        for (String id : new String[] {"pool-1", "pool-2"}) {
            assertThat(up.err()).contains("wvo: " + id + " not started: all agents are limited until "
                    + ClockTime.of(workReset) + " (shell:work resets first: usage limit), so a new worker would only wait",
                    "wvo limits clear ACCOUNT");
        }
        assertThat(up.out()).doesNotContain("started");
        assertThat(new WorkerRegistry(new StateDir(state).workers()).list()).isEmpty();
        assertThat(state.resolve("workers").resolve("pool-1.log")).doesNotExist();
    }
}
