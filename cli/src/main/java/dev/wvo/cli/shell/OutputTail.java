package dev.wvo.cli.shell;

import dev.wvo.fs.StateDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
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
final class OutputTail {

    /** How much of the end of a log is read: enough for a screen of long lines. */
    static final int TAIL_BYTES = 256 * 1024;
    private static final Pattern ESCAPES = Pattern.compile("\u001b\\[[0-9;?]*[ -/]*[@-~]|\u001b[@-_]|[\\p{Cntrl}&&[^\t]]");

    private OutputTail() {
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

    /** The last lines of {@code log}, as text; empty if it cannot be read. */
    static List<String> lastLines(Path log, int count) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            int size = (int) Math.min(length, TAIL_BYTES);
            byte[] bytes = new byte[size];
            file.seek(length - size);
            file.readFully(bytes);
            List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().map(OutputTail::clean).toList();
            if (size < length && !lines.isEmpty()) {
                lines = lines.subList(1, lines.size()); // the first line is cut
            }
            return lines.subList(Math.max(0, lines.size() - count), lines.size());
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The text of a line as a terminal may show it: no escape sequences, tabs as spaces. */
    static String clean(String line) {
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
