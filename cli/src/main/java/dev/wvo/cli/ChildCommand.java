package dev.wvo.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The user's COMMAND as a child process: started from an argument vector (no shell), sharing
 * this process's stdin, stdout and stderr, with extra environment variables.
 */
final class ChildCommand {

    private final Process process;

    private ChildCommand(Process process) {
        this.process = process;
    }

    /**
     * @throws CommandFailure with exit code 127 if the program is not found, 126 if it cannot be
     *                        executed, as a shell would report it
     */
    static ChildCommand start(List<String> argv, Map<String, String> extraEnvironment) {
        ProcessBuilder builder = new ProcessBuilder(argv).inheritIO();
        builder.environment().putAll(extraEnvironment);
        try {
            return new ChildCommand(builder.start());
        } catch (IOException e) {
            throw cannotStart(argv.get(0), e);
        }
    }

    /** Waits for the command to end and returns its exit status (128 + signal if killed by one). */
    int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    long pid() {
        return process.pid();
    }

    /**
     * Asks the command to end (SIGTERM), and kills it (SIGKILL) if it is still running after
     * {@code grace}. Returns once it has ended.
     */
    void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toNanos(), TimeUnit.NANOSECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
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
