package dev.wvo.git;

import dev.wvo.spi.AgentProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The merge queue's test command, run on a merge result in a temporary detached worktree before
 * the target moves. It runs through the process runner agents run in ({@link AgentProcess}):
 * argv only, standard input closed, and the whole process tree stopped at the timeout or when the
 * merging thread is interrupted, so that a hung suite cannot hold the merge-queue lock forever.
 * Its whole output is kept in a log file of the attempt that made the branch; the queue entry
 * keeps its end.
 */
public final class MergeTest {

    private static final int TAIL_CHARS = 4000;

    private final List<String> command;
    private final Duration timeout;
    private final Function<MergeEntry, Path> logFile;

    /**
     * @param command the program and its arguments
     * @param timeout how long it may run before its process tree is stopped and the merge fails its test
     * @param logFile where the output of the run on an entry's merge goes (its attempt's artifacts)
     */
    public MergeTest(List<String> command, Duration timeout, Function<MergeEntry, Path> logFile) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("A test command needs at least the program to run");
        }
        this.command = List.copyOf(command);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.logFile = Objects.requireNonNull(logFile, "logFile");
    }

    /**
     * How one run ended.
     *
     * @param passed whether the command exited with 0 within the timeout
     * @param tail   the end of its output; for a stopped run, first a line saying why
     * @param log    the file holding the whole output
     */
    record Verdict(boolean passed, String tail, Path log) {
    }

    /**
     * Runs the command in a temporary worktree of {@code commit}, which is removed afterwards.
     *
     * @throws InterruptedException if interrupted; the process tree is stopped and the worktree removed first
     */
    Verdict run(Path repoDir, String commit, MergeEntry entry) throws IOException, InterruptedException {
        Path tmp = Files.createTempDirectory("wvo-merge-test-");
        Files.delete(tmp);
        GitProcess.checked(repoDir, "worktree", "add", "--detach", tmp.toString(), commit);
        Path log = logFile.apply(entry);
        Files.createDirectories(log.getParent());
        try (Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            return verdict(execute(tmp, lines(out)), log);
        } finally {
            GitProcess.run(repoDir, "worktree", "remove", "--force", tmp.toString());
            GitProcess.run(repoDir, "worktree", "prune");
        }
    }

    private AgentProcess.Result execute(Path directory, Consumer<String> output) throws InterruptedException {
        try {
            return AgentProcess.of(command, directory, Map.of(), Set.of()).run(timeout, timeout, output, output);
        } catch (UncheckedIOException e) {
            // a command that cannot start fails the merge like a failing one: the next attempt reads why
            output.accept(e.getMessage());
            return new AgentProcess.Result(AgentProcess.Ending.EXITED, -1, List.of(e.getMessage()), List.of(), null);
        }
    }

    private Verdict verdict(AgentProcess.Result result, Path log) {
        String tail = String.join("\n", result.tail());
        tail = tail.length() <= TAIL_CHARS ? tail : tail.substring(tail.length() - TAIL_CHARS);
        if (result.ending() != AgentProcess.Ending.EXITED) {
            // the first line is what the task's summary and the merge event show
            return new Verdict(false, "the test command ran past worktree.test_timeout (" + timeout.toSeconds()
                    + " s) and was stopped; its output is in " + log + "\n" + tail, log);
        }
        return new Verdict(result.exitCode() == 0, tail, log);
    }

    /** Each line of both streams into {@code out}, in arrival order; the two readers write in turn. */
    private static Consumer<String> lines(Writer out) {
        return line -> {
            synchronized (out) {
                try {
                    out.write(line);
                    out.write('\n');
                } catch (IOException e) {
                    // the reader must go on draining the pipe, or the command blocks on it; the tail still has the end
                }
            }
        };
    }
}
