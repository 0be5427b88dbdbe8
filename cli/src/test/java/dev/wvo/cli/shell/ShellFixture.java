package dev.wvo.cli.shell;

import dev.wvo.cli.Main;
import dev.wvo.cli.ShellCommand;
import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockMode;
import dev.wvo.schedule.WorkerPresence;
import dev.wvo.worker.WorkerRecord;
import dev.wvo.worker.WorkerRegistry;
import dev.wvo.worker.WorkerStatus;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A state directory as the shell tests need it: a roadmap of three tasks (one in progress by
 * worker-1), a live worker-1 and a dead worker-2, a lock on {@code src/app} and a context file.
 */
final class ShellFixture implements AutoCloseable {

    private final FileLockManager locks;
    private final LockHandle presence;
    private final LockHandle appLock;

    ShellFixture(Path state) throws IOException {
        Files.writeString(state.resolve("roadmap.yaml"), """
                version: 2
                tasks:
                  - id: alpha-setup
                    title: Set up the build
                    status: done
                  - id: beta-api
                    title: Write the API
                    status: in_progress
                    claim:
                      worker: worker-1
                      claimed_at: '2026-11-22T09:58:00Z'
                      attempt: 1
                  - id: gamma-docs
                    title: Document it
                    status: pending
                    dependencies: [beta-api]
                """);
        Files.writeString(state.resolve("context.md"), "# Context\n\nUse Java 17.\n");
        locks = FileLockManager.builder(state.resolve("locks")).releaseOnShutdown(false).build();
        presence = new WorkerPresence(locks).register("worker-1").orElseThrow();
        appLock = locks.tryAcquire("src/app", LockMode.EXCLUSIVE).orElseThrow();
        WorkerRegistry registry = new WorkerRegistry(state.resolve("workers"));
        Instant now = Instant.now();
        registry.write(new WorkerRecord("worker-1", ProcessHandle.current().pid(), "host", "shell", now, now,
                WorkerStatus.WORKING, "beta-api", 1, now.minusSeconds(75), null, List.of()));
        registry.write(new WorkerRecord("worker-2", 1, "host", "shell", now, now,
                WorkerStatus.IDLE, null, null, null, null, List.of()));
    }

    /**
     * The shell's commands over {@code state}, as {@code wvo --state STATE shell} has them.
     *
     * @param launcher what starts spawned workers
     */
    static ShellCommands commands(Path state, LockManager locks, WorkerLauncher launcher) {
        CommandLine wvo = Main.newCommandLine(Map.of());
        wvo.parseArgs("--state", state.toString());
        return ShellCommand.commands(wvo.getCommand(), locks, launcher);
    }

    /** A launcher that must never be reached. */
    static WorkerLauncher noLauncher(Path state) {
        return new WorkerLauncher(List.of("false"), List.of(), state, state);
    }

    @Override
    public void close() {
        appLock.close();
        presence.close();
        locks.close();
    }
}
