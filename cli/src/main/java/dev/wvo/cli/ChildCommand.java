package dev.wvo.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The user's COMMAND as a child process: started from an argument vector (no shell), sharing
 * this process's stdin, stdout and stderr, with extra environment variables, and ended together
 * with every process it starts ({@link MarkedProcesses}).
 */
final class ChildCommand {

    /** Marks COMMAND and every process it starts, so that orphans are found too. */
    static final String MARK_ENV = "WVO_LOCK_EXEC_ID";
    private static final long POLL_MILLIS = 50;
    /** How long the processes COMMAND left behind run before wvo says what it waits for. */
    private static final Duration QUIET_WAIT = Duration.ofSeconds(1);

    private final Process process;
    private final MarkedProcesses started;

    private ChildCommand(Process process, MarkedProcesses started) {
        this.process = process;
        this.started = started;
    }

    /**
     * @throws CommandFailure with exit code 127 if the program is not found, 126 if it cannot be
     *                        executed, as a shell would report it
     */
    static ChildCommand start(List<String> argv, Map<String, String> extraEnvironment) {
        ProcessBuilder builder = new ProcessBuilder(argv).inheritIO();
        builder.environment().putAll(extraEnvironment);
        String mark = UUID.randomUUID().toString();
        builder.environment().put(MARK_ENV, mark);
        try {
            Process process = builder.start();
            return new ChildCommand(process, new MarkedProcesses(process, MARK_ENV, mark));
        } catch (IOException e) {
            throw cannotStart(argv.get(0), e);
        }
    }

    /**
     * Waits for the command to end, then for every process it started that still runs, and
     * returns the command's exit status (128 + signal if killed by one). So, like {@code flock(1)},
     * whose lock stays held while any process that inherited it lives, the caller's lock outlives
     * everything the command started: {@code sh -c 'long-job &'} holds it until the job ends.
     *
     * @param waiting told once, if processes the command left behind still run after a second
     */
    int waitFor(Consumer<List<ProcessHandle>> waiting) throws InterruptedException {
        int status = process.waitFor();
        long told = System.nanoTime() + QUIET_WAIT.toNanos();
        for (List<ProcessHandle> left = started.running(); !left.isEmpty(); left = started.running()) {
            if (told != 0 && System.nanoTime() - told > 0) {
                waiting.accept(left);
                told = 0;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return status;
    }

    /**
     * Asks the command and every process it started to end (SIGTERM), and kills (SIGKILL) those
     * still running after {@code grace}. Returns once they have all ended.
     */
    void stop(Duration grace) {
        List<ProcessHandle> running = started.running();
        running.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            while (!running.isEmpty() && deadline - System.nanoTime() > 0) {
                Thread.sleep(POLL_MILLIS);
                running = started.running();
            }
            while (!running.isEmpty()) {
                running.forEach(ProcessHandle::destroyForcibly);
                Thread.sleep(POLL_MILLIS);
                running = started.running();
            }
        } catch (InterruptedException e) {
            started.running().forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        }
    }

    private static CommandFailure cannotStart(String program, IOException e) {
        Path found = locate(program);
        if (found != null && Files.isRegularFile(found) && !Files.isExecutable(found)) {
            return new CommandFailure(ExitCodes.COMMAND_NOT_EXECUTABLE, "cannot execute " + found
                    + ": permission denied; make it executable (chmod +x) or run it through its interpreter", e);
        }
        if (found == null || !Files.exists(found)) {
            String where = program.contains("/") ? "" : " in PATH";
            return new CommandFailure(ExitCodes.COMMAND_NOT_FOUND, "command not found" + where + ": " + program
                    + "; check its spelling, or give its path");
        }
        return new CommandFailure(ExitCodes.COMMAND_NOT_EXECUTABLE, "cannot execute " + program + ": " + e.getMessage(), e);
    }

    /** Where a shell would find the program: its path if it has a slash, else the first PATH entry that has it. */
    private static Path locate(String program) {
        if (program.contains("/")) {
            return Path.of(program);
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
