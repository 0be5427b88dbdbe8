package dev.wvo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a worker's time goes between two work items of {@link ThroughputBenchmark}, item by item:
 * each item's start and end come from its own stamps in the work log, and its claim and
 * completion from wvo's event log ({@code claim} and {@code complete} events carry the time they
 * were made, inside their roadmap transaction). For two items one worker ran one after the other:
 *
 * <ul>
 *   <li><b>finish</b>: the first item's end to its {@code complete} event (the agent's exit noticed,
 *       the attempt's record and changed files, the completion transaction up to its event);</li>
 *   <li><b>next claim</b>: that event to the next item's {@code claim} event (the rest of the
 *       completion, the context's update log, the worker's record, the loop's checks, the claim
 *       transaction up to its event);</li>
 *   <li><b>agent start</b>: the {@code claim} event to the next item's start (the rest of the claim,
 *       the attempt's files, the prompt, starting the process tree, the item's shell and its
 *       {@code date}).</li>
 * </ul>
 */
final class WorkerGaps {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WorkerGaps() {
    }

    /** One item as its stamps and events say: when it started and ended, and was claimed and completed. */
    private record Item(long start, long end, long claim, long complete) {
    }

    /**
     * Prints the medians and means of the three parts, over every pair of items run one after the
     * other by one worker; nothing when the event log is missing.
     *
     * @param log    the work log ({@code start ID NANOS} and {@code end ID NANOS} lines)
     * @param events wvo's {@code events.jsonl}
     */
    static void print(Path log, Path events) throws IOException {
        if (!Files.isRegularFile(events)) {
            return;
        }
        Map<String, long[]> stamps = new HashMap<>();
        for (String line : Files.readAllLines(log)) {
            String[] f = line.split(" ");
            stamps.computeIfAbsent(f[1], k -> new long[2])[f[0].equals("start") ? 0 : 1] = Long.parseLong(f[2]);
        }
        Map<String, long[]> marks = new HashMap<>();
        Map<String, String> workers = new HashMap<>();
        for (String line : Files.readAllLines(events)) {
            JsonNode e = JSON.readTree(line);
            String type = e.path("type").asText();
            String task = e.path("task").asText(null);
            if (task == null || !stamps.containsKey(task) || !(type.equals("claim") || type.equals("complete"))) {
                continue;
            }
            Instant at = Instant.parse(e.path("time").asText());
            marks.computeIfAbsent(task, k -> new long[2])[type.equals("claim") ? 0 : 1] = at.getEpochSecond() * 1_000_000_000L
                    + at.getNano();
            workers.put(task, e.path("worker").asText());
        }
        Map<String, List<Item>> byWorker = new HashMap<>();
        stamps.forEach((id, s) -> {
            long[] m = marks.get(id);
            if (m != null) {
                byWorker.computeIfAbsent(workers.get(id), k -> new ArrayList<>()).add(new Item(s[0], s[1], m[0], m[1]));
            }
        });
        List<Long> finish = new ArrayList<>();
        List<Long> nextClaim = new ArrayList<>();
        List<Long> agentStart = new ArrayList<>();
        for (List<Item> items : byWorker.values()) {
            items.sort(Comparator.comparingLong(Item::start));
            for (int i = 1; i < items.size(); i++) {
                Item a = items.get(i - 1);
                Item b = items.get(i);
                finish.add(a.complete() - a.end());
                nextClaim.add(b.claim() - a.complete());
                agentStart.add(b.start() - b.claim());
            }
        }
        if (finish.isEmpty()) {
            return;
        }
        System.out.printf(Locale.ROOT, "         between two items of one worker (%d pairs), ms p50 / mean: finish %s, next claim %s, "
                + "agent start %s, whole gap %s%n", finish.size(), both(finish), both(nextClaim), both(agentStart),
                both(sums(finish, nextClaim, agentStart)));
    }

    private static List<Long> sums(List<Long> a, List<Long> b, List<Long> c) {
        List<Long> sum = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            sum.add(a.get(i) + b.get(i) + c.get(i));
        }
        return sum;
    }

    private static String both(List<Long> nanos) {
        Percentiles p = Percentiles.of(nanos.stream().mapToLong(Long::longValue).toArray());
        return String.format(Locale.ROOT, "%.0f / %.0f", p.p50() / 1e6, p.mean() / 1e6);
    }
}
