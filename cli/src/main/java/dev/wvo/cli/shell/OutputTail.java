package dev.wvo.cli.shell;

import dev.wvo.fs.StateDir;
import dev.wvo.status.StatusSnapshot;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The end of an attempt's agent output, for the workers panel (its last line) and for following
 * a worker. An attempt with pipeline stages or fallback hops writes one {@code output.log} per
 * stage or hop in subdirectories; the one written last is the live one. What an agent printed
 * is shown as text: escape sequences and control characters are removed, so that output cannot
 * move the cursor or recolour the dashboard.
 */
public final class OutputTail {

    /** How much of the end of a log is read at most: enough for a screen of long lines. */
    static final int TAIL_BYTES = 256 * 1024;
    /** How much of the end is read first; more only when the lines asked for are longer. */
    private static final int FIRST_BYTES = 8 * 1024;
    private static final Pattern ESCAPES = Pattern.compile("\u001b\\[[0-9;?]*[ -/]*[@-~]|\u001b[@-_]|[\\p{Cntrl}&&[^\t]]");

    private OutputTail() {
    }

    /**
     * What the views show of the workers' output.
     *
     * @param last        per working worker, the last non-blank line its agent printed
     * @param followed    the end of the followed worker's output (empty when none is followed)
     * @param followedDir the attempt directory of the followed worker, to watch for new output;
     *                    empty when none is followed or it has no task (the last lines of the
     *                    others are read again on the view's tick: agents print many times a
     *                    second, and a file-system notice for each line costs more than a read
     *                    a second)
     */
    public record Lines(Map<String, String> last, List<String> followed, List<Path> followedDir) {
    }

    /**
     * Reads the output of every working worker.
     *
     * @param followed      the worker whose output is followed, or null
     * @param followedLines how many of its last lines to read
     */
    public static Lines of(StateDir state, List<StatusSnapshot.WorkerLine> workers, String followed, int followedLines) {
        Map<String, String> last = new HashMap<>();
        List<Path> dirs = new ArrayList<>();
        List<String> tail = List.of();
        for (StatusSnapshot.WorkerLine w : workers) {
            if (w.record().task() == null || w.record().attempt() == null) {
                continue;
            }
            boolean isFollowed = w.id().equals(followed);
            if (isFollowed) {
                dirs.add(state.attempt(w.record().task(), w.record().attempt()).directory());
            }
            List<String> lines = liveLog(state, w.record().task(), w.record().attempt())
                    .map(l -> lastLines(l, isFollowed ? followedLines : 1)).orElse(List.of());
            lines.stream().filter(l -> !l.isBlank()).reduce((a, b) -> b).ifPresent(l -> last.put(w.id(), l));
            if (isFollowed) {
                tail = lines;
            }
        }
        return new Lines(last, tail, dirs);
    }

    /** The live output file of attempt {@code attempt} of {@code task}, if it has written one. */
    static Optional<Path> liveLog(StateDir state, String task, int attempt) {
        Path dir = state.attempt(task, attempt).directory();
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(dir, 2)) {
            return files.filter(p -> p.getFileName().toString().equals("output.log")).filter(Files::isRegularFile)
                    .max(Comparator.comparing(OutputTail::modified));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a directory removed while listed: nothing to show this time
        }
    }

    /**
     * The last lines of {@code log}, as text; empty if it cannot be read. Reads the end of the
     * file, 8 KB first and more only while that holds fewer than {@code count} whole non-blank
     * lines (up to {@link #TAIL_BYTES}): an agent's log grows to megabytes, and the views read
     * every working worker's last line every second.
     */
    static List<String> lastLines(Path log, int count) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            for (int size = (int) Math.min(length, FIRST_BYTES); ; size = (int) Math.min(Math.min(length, TAIL_BYTES),
                    2L * size)) {
                byte[] bytes = new byte[size];
                file.seek(length - size);
                file.readFully(bytes);
                List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
                boolean whole = size == length;
                if (!whole && !lines.isEmpty()) {
                    lines = lines.subList(1, lines.size()); // the first line is cut
                }
                boolean enough = lines.stream().filter(l -> !l.isBlank()).count() >= count;
                if (enough || whole || size >= TAIL_BYTES) {
                    return lines.subList(Math.max(0, lines.size() - count), lines.size()).stream()
                            .map(OutputTail::clean).toList();
                }
            }
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The text of a line as a terminal may show it: no escape sequences, tabs as spaces. */
    public static String clean(String line) {
        return ESCAPES.matcher(line).replaceAll("").replace('\t', ' ');
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
