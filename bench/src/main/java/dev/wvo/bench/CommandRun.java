package dev.wvo.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of a command line program, timed: its wall time, and the CPU time (user + system) of the
 * whole process tree it started, which the shell's {@code times} builtin reads from
 * {@code getrusage(RUSAGE_CHILDREN)} to the millisecond. The command runs under {@code bash}, whose
 * own few milliseconds of wall time are the same for every command measured.
 *
 * @param wallNanos wall time, from starting the command to its exit
 * @param cpuNanos  user + system CPU time of the command and everything it started
 */
record CommandRun(long wallNanos, long cpuNanos) {

    private static final Pattern TIMES = Pattern.compile("(\\d+)m([\\d.]+)s (\\d+)m([\\d.]+)s");

    /** Runs {@code command} in {@code dir}, its output discarded; fails if it does not exit with 0. */
    static CommandRun of(Path dir, List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("bash", "-c",
                "\"$@\" >/dev/null 2>&1 || { echo \"exit $?\"; exit 1; }; times", "bash"));
        wrapped.addAll(command);
        try {
            long start = System.nanoTime();
            Process p = new ProcessBuilder(wrapped).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = p.waitFor();
            long wall = System.nanoTime() - start;
            if (status != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
            }
            // `times` prints the shell's own times, then its children's
            String[] lines = output.strip().split("\n");
            Matcher m = TIMES.matcher(lines[lines.length - 1]);
            if (!m.matches()) {
                throw new IllegalStateException("cannot read `times` output: " + output);
            }
            double seconds = Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2))
                    + Integer.parseInt(m.group(3)) * 60 + Double.parseDouble(m.group(4));
            return new CommandRun(wall, Math.round(seconds * 1e9));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
