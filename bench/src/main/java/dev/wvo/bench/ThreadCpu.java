package dev.wvo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of a process's threads grouped by thread name, from Linux's
 * {@code /proc/PID/task/TID/stat} (user + system, in clock ticks of 10 ms). It tells whether a
 * waiter's CPU goes to its lock attempts ({@code main}), the file watcher, or the JIT compiler.
 * Empty where there is no {@code /proc}.
 */
final class ThreadCpu {

    private static final double MILLIS_PER_TICK = 10;

    private ThreadCpu() {
    }

    /** Milliseconds of CPU per thread name, summed over threads of the same name. */
    static Map<String, Double> byThreadName(long pid) {
        Map<String, Double> millis = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String stat = Files.readString(task.resolve("stat"));
                // the name is between the first '(' and the last ')'; fields follow the ')'
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // after the name: state(0) ... utime(11) stime(12)
                double ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                millis.merge(name, ticks * MILLIS_PER_TICK, Double::sum);
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return millis;
    }

    /** {@code after - before} per thread name, per second of {@code seconds}, largest first, as text. */
    static String perSecond(Map<String, Double> before, Map<String, Double> after, double seconds) {
        return per(before, after, seconds, "ms/s");
    }

    /** {@code after - before} per thread name, divided by {@code units}, largest first, as text ending in {@code unit}. */
    static String per(Map<String, Double> before, Map<String, Double> after, double units, String unit) {
        StringBuilder text = new StringBuilder();
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), (e.getValue() - before.getOrDefault(e.getKey(), 0.0)) / units))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> text.append(String.format("%s %.1f, ", e.getKey(), e.getValue())));
        return text.isEmpty() ? "(no /proc)" : text.substring(0, text.length() - 2) + " " + unit;
    }

    /** The sums of several processes' {@link #byThreadName} maps, name by name. */
    static Map<String, Double> summed(Iterable<Map<String, Double>> processes) {
        Map<String, Double> sum = new TreeMap<>();
        processes.forEach(p -> p.forEach((name, millis) -> sum.merge(name, millis, Double::sum)));
        return sum;
    }
}
