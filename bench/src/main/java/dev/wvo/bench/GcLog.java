package dev.wvo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pauses in a JVM's {@code -Xlog:gc:file=...} log so far: how many, how many of them full
 * collections, their time, and the heap the last one left (in use, committed). A worker's
 * collections are not visible from outside otherwise: the launcher turns the JVM's perf data off.
 *
 * @param pauses      collections so far
 * @param fullPauses  full collections among them
 * @param pauseMillis their pauses added up
 * @param heapAfterMb heap in use after the last one
 * @param committedMb heap committed after the last one
 */
record GcLog(int pauses, int fullPauses, double pauseMillis, int heapAfterMb, int committedMb) {

    /** {@code [0.345s][info][gc] GC(3) Pause Young (Allocation Failure) 12M->5M(20M) 1.234ms} */
    private static final Pattern PAUSE = Pattern.compile("Pause (Young|Full)\\b.* (\\d+)M->(\\d+)M\\((\\d+)M\\) ([\\d.]+)ms");

    /** The JVM option that writes the log {@link #read(Path)} reads. */
    static String option(Path file) {
        return "-Xlog:gc:file=" + file;
    }

    static GcLog read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            return new GcLog(0, 0, 0, 0, 0);
        }
        int pauses = 0;
        int full = 0;
        double millis = 0;
        int after = 0;
        int committed = 0;
        for (String line : lines) {
            Matcher m = PAUSE.matcher(line);
            if (m.find()) {
                pauses++;
                full += m.group(1).equals("Full") ? 1 : 0;
                after = Integer.parseInt(m.group(3));
                committed = Integer.parseInt(m.group(4));
                millis += Double.parseDouble(m.group(5));
            }
        }
        return new GcLog(pauses, full, millis, after, committed);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d collections (%d full), %.1f ms paused, heap after the last %d MB of %d MB committed",
                pauses, fullPauses, pauseMillis, heapAfterMb, committedMb);
    }
}
