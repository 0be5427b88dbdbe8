package dev.wvo.cli;

import dev.wvo.accounts.ClockTime;
import dev.wvo.accounts.RateLimitBoard;
import dev.wvo.fs.StateDir;
import dev.wvo.lock.FileLockManager;
import dev.wvo.worker.WorkerRegistry;
import org.junit.jupiter.api.BeforeEach;
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
 * worker that would only park, and says why (the first reset and its reason) and what to do; its
 * {@code --dry-run} says so beforehand, and {@code wvo worker --dry-run} that the worker would park.
 */
class UpWhileAllLimitedTest {

    @TempDir
    Path dir;
    private Path state;
    private Path work;
    private String plugins;
    private Instant workReset;

    @BeforeEach
    void limitEveryAccount() throws Exception {
        state = dir.resolve("state");
        work = Files.createDirectories(dir.resolve("work"));
        plugins = ReactorPlugins.folderIn(dir).toString();
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
        Files.writeString(state.resolve("config.yaml"), """
                accounts:
                  - {name: work, backend: shell, env: {SHELL_ACCOUNT: work}}
                  - {name: night, backend: shell, env: {SHELL_ACCOUNT: night}}
                """);
        workReset = Instant.now().plus(Duration.ofHours(2));
        try (FileLockManager locks = FileLockManager.builder(state.resolve("locks")).releaseOnShutdown(false).build()) {
            RateLimitBoard board = new RateLimitBoard(state, locks, Clock.systemUTC());
            board.mark("shell:work", workReset, "w9", "usage limit");
            board.mark("shell:night", workReset.plus(Duration.ofHours(1)), "w9", "usage limit");
        }
    }

    private String why() {
        return "all agents are limited until " + ClockTime.of(workReset) + " (shell:work resets first: usage limit), "
                + "so a new worker would only wait";
    }

    @Test
    void up_startsNoWorker_whileEveryAccountIsLimited_andSaysUntilWhenAndWhy() {
        Cli.Result up = Cli.inState(state, "--plugins", plugins, "up", "--workers", "2", "--stagger", "0s", "--agent",
                "shell", "--workdir", work.toString());

        assertThat(up.exitCode()).as(up.out() + up.err()).isEqualTo(1);
        for (String id : new String[] {"pool-1", "pool-2"}) {
            assertThat(up.err()).contains("wvo: " + id + " not started: " + why(), "wvo limits clear ACCOUNT");
        }
        assertThat(up.out()).doesNotContain("started");
        assertThat(new WorkerRegistry(new StateDir(state).workers()).list()).isEmpty();
        assertThat(state.resolve("workers").resolve("pool-1.log")).doesNotExist();
    }

    @Test
    void dryRuns_sayBeforehand_thatUpWouldNotStartIt_andThatAWorkerWouldPark() {
        Cli.Result up = Cli.inState(state, "--plugins", plugins, "up", "--dry-run", "--agent", "shell", "--workdir",
                work.toString());
        assertThat(up.exitCode()).as(up.out() + up.err()).isEqualTo(1);
        assertThat(up.out()).contains("problem: pool-1: would not start: " + why());

        Cli.Result worker = Cli.inState(state, "--plugins", plugins, "worker", "--dry-run", "--agent", "shell:night",
                "--workdir", work.toString());
        assertThat(worker.exitCode()).as(worker.out() + worker.err()).isZero();
        assertThat(worker.out()).contains("parks at once: all agents are limited until "
                + ClockTime.of(workReset.plus(Duration.ofHours(1))) + " (shell:night resets first)");
    }
}
