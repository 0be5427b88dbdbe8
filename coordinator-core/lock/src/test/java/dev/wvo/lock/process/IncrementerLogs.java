package dev.wvo.lock.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the {@link CounterIncrementer} processes logged: the counter values they wrote with their
 * tokens, the witnesses they took over from processes killed inside, and the stale holders their
 * lock managers reclaimed.
 *
 * @param done      every logged increment, ordered by the count it wrote
 * @param takeovers pids whose witness was found and taken over
 * @param reclaims  {@code "<pid> <staleness>"} of every stale holder removed
 * @param overlaps  pids of live processes a lenient worker found inside and pushed out
 */
record IncrementerLogs(List<CounterFile.Value> done, List<Long> takeovers, List<String> reclaims,
                       List<Long> overlaps) {

    static IncrementerLogs parse(List<Path> logs) throws IOException {
        List<CounterFile.Value> done = new ArrayList<>();
        List<Long> takeovers = new ArrayList<>();
        List<String> reclaims = new ArrayList<>();
        List<Long> overlaps = new ArrayList<>();
        for (Path log : logs) {
            for (String line : Files.readAllLines(log, StandardCharsets.US_ASCII)) {
                String[] f = line.split(" ");
                switch (f[0]) {
                    case "done" -> done.add(new CounterFile.Value(Long.parseLong(f[1]), Long.parseLong(f[2])));
                    case "takeover" -> takeovers.add(Long.parseLong(f[1]));
                    case "reclaim" -> reclaims.add(f[1] + " " + f[2]);
                    case "overlap" -> overlaps.add(Long.parseLong(f[1]));
                    default -> throw new IOException("Unexpected line in " + log + ": '" + line + "'");
                }
            }
        }
        done.sort(Comparator.comparingLong(CounterFile.Value::count));
        return new IncrementerLogs(List.copyOf(done), List.copyOf(takeovers), List.copyOf(reclaims),
                List.copyOf(overlaps));
    }

    long doneCount() {
        return done.size();
    }

    /**
     * Logged increments that the final counter does not cover: a count above it means a write
     * was lost (the counter went back), a token above it means a stale holder wrote last.
     */
    List<CounterFile.Value> notCoveredBy(CounterFile.Value last) {
        return done.stream().filter(d -> d.count() > last.count() || d.token() > last.token()).toList();
    }

    /** Pairs of neighbouring logged increments (by count) that break "counts distinct, tokens rising". */
    List<String> orderViolations() {
        List<String> violations = new ArrayList<>();
        for (int i = 1; i < done.size(); i++) {
            CounterFile.Value a = done.get(i - 1);
            CounterFile.Value b = done.get(i);
            if (a.count() == b.count() || a.token() >= b.token()) {
                violations.add(a + " then " + b);
            }
        }
        return violations;
    }
}
