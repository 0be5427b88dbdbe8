package dev.wvo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The memory of a tool's coordinator processes while it runs, sampled from {@code /proc} every
 * 100 ms: every descendant of the started processes except the agents and what they start (a
 * process whose command line runs the agent wrapper, and everything below it). It keeps each
 * coordinator process's high-water mark ({@code VmHWM}, exact whenever the last sample came late
 * enough) and the largest sum of their resident sets at one moment ({@code VmRSS}, which can miss
 * a process that lived under 100 ms).
 *
 * <p>A process counts only from its second sample under the same command line, and never while
 * its command line is its parent's: a child the tool has just forked and not yet turned into
 * {@code git} or the agent shares its parent's memory and would show the parent's whole resident
 * set a second time (seen: a 5th "java" of 85 MB beside wvo's three workers, and under load a
 * second "bun" of 70 MB beside ralph-tui's one).
 */
final class CoordinatorSampler implements AutoCloseable {

    private final List<ProcessHandle> roots;
    private final String agentMarker;
    private final Map<Long, Long> highWaterKb = new HashMap<>();
    private final Map<Long, String> names = new HashMap<>();
    private Map<Long, String> previousCommandLines = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "coordinator-sampler");
        t.setDaemon(true);
        return t;
    });
    private long peakTogetherKb;

    /**
     * @param roots       the processes the harness started (measuring shells): not counted themselves
     * @param agentMarker text of an agent process's command line (the wrapper's path)
     */
    CoordinatorSampler(List<ProcessHandle> roots, String agentMarker) {
        this.roots = roots;
        this.agentMarker = agentMarker;
        timer.scheduleAtFixedRate(this::sample, 0, 100, TimeUnit.MILLISECONDS);
    }

    private synchronized void sample() {
        long together = 0;
        Map<Long, String> commandLines = new HashMap<>();
        for (ProcessHandle root : roots) {
            List<ProcessHandle> tree = root.descendants().toList();
            Map<Long, Long> parents = new HashMap<>();
            Set<Long> agents = new HashSet<>();
            for (ProcessHandle p : tree) {
                p.parent().ifPresent(parent -> parents.put(p.pid(), parent.pid()));
                if (p.info().commandLine().map(c -> c.contains(agentMarker)).orElse(false)) {
                    agents.add(p.pid());
                }
            }
            for (ProcessHandle p : tree) {
                if (isUnder(p.pid(), agents, parents)) {
                    continue;
                }
                String commandLine = p.info().commandLine().orElse("?");
                commandLines.put(p.pid(), commandLine);
                boolean forkedNotYetExeced = commandLine.equals(p.parent().flatMap(q -> q.info().commandLine()).orElse(null));
                if (forkedNotYetExeced || !commandLine.equals(previousCommandLines.get(p.pid()))) {
                    continue;
                }
                long[] kb = memoryKb(p.pid());
                if (kb != null) {
                    together += kb[0];
                    highWaterKb.merge(p.pid(), kb[1], Math::max);
                    names.put(p.pid(), p.info().command().map(c -> Path.of(c).getFileName().toString()).orElse("?"));
                }
            }
        }
        previousCommandLines = commandLines;
        peakTogetherKb = Math.max(peakTogetherKb, together);
    }

    private static boolean isUnder(long pid, Set<Long> agents, Map<Long, Long> parents) {
        for (Long p = pid; p != null; p = parents.get(p)) {
            if (agents.contains(p)) {
                return true;
            }
        }
        return false;
    }

    /** {@code {VmRSS, VmHWM}} in KB, or null once the process is gone. */
    private static long[] memoryKb(long pid) {
        try {
            long rss = -1;
            long hwm = -1;
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", ""));
                } else if (line.startsWith("VmHWM:")) {
                    hwm = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            return rss < 0 || hwm < 0 ? null : new long[] {rss, hwm};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The largest sum of the coordinator processes' resident sets seen at one sample, in MB. */
    synchronized double peakTogetherMb() {
        return peakTogetherKb / 1024.0;
    }

    /**
     * The high-water marks in MB of the long-lived coordinator processes (the tool's own runtime:
     * {@code java}, {@code bun}), largest first; short-lived helpers such as {@code git} are left out.
     */
    synchronized List<Double> runtimePeaksMb() {
        return highWaterKb.entrySet().stream()
                .filter(e -> names.get(e.getKey()).matches("(java|bun|node)(\\.exe)?"))
                .map(e -> e.getValue() / 1024.0).sorted((a, b) -> Double.compare(b, a)).toList();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
