package dev.wvo.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Roadmaps of any size for the benchmarks, the same for the same size in every run. */
final class GeneratedRoadmap {

    private GeneratedRoadmap() {
    }

    /**
     * A native roadmap of n tasks: a third done, the rest pending, each depending on up to two
     * earlier ones, each owning a file of its own (so that any two may run at once).
     */
    static String of(int n) {
        return of(n, false, null);
    }

    /**
     * The same roadmap with every task done ({@code allDone}), and every task running {@code command}
     * instead of its own {@code make task-N} (null: its own).
     */
    static String of(int n, boolean allDone, String command) {
        return of(n, allDone, command, 0);
    }

    /**
     * The roadmap of {@link #of(int)} where {@code warnings} of its done tasks, spread over the first
     * third, have a status wvo does not run ({@code needs_improvement}, as agents write it; the
     * 752 KB agent-written roadmap has three): a roadmap with warnings, as real ones are.
     */
    static String withWarnings(int n, int warnings) {
        return withWarnings(n, warnings, 0);
    }

    /**
     * The roadmap of {@link #withWarnings(int, int)} with {@code stray} entries of its task list that
     * are not tasks, spread over the first third: an entry without an id (a note an agent left in the
     * list), which wvo warns of and skips.
     */
    static String withWarnings(int n, int warnings, int stray) {
        return withWarnings(n, warnings, stray, 0);
    }

    /**
     * The roadmap of {@link #withWarnings(int, int, int)} with {@code flow} of its pending tasks, spread
     * over the last two thirds, written in flow style on one line ({@code - {id: T5, title: ...}}), as
     * people write short tasks by hand.
     */
    static String withWarnings(int n, int warnings, int stray, int flow) {
        return of(n, false, null, warnings, stray, flow);
    }

    private static String of(int n, boolean allDone, String command, int warnings) {
        return of(n, allDone, command, warnings, 0, 0);
    }

    private static String of(int n, boolean allDone, String command, int warnings, int stray, int flow) {
        int flowEvery = flow == 0 ? 0 : Math.max(1, (n - n / 3) / (flow + 1));
        int every = warnings == 0 ? 0 : Math.max(1, n / 3 / (warnings + 1));
        int strayEvery = stray == 0 ? 0 : Math.max(1, n / 3 / (stray + 1));
        Random random = new Random(42);
        StringBuilder out = new StringBuilder("version: 2\ntasks:\n");
        for (int i = 0; i < n; i++) {
            boolean odd = every > 0 && i > 0 && i % every == 0 && i / every <= warnings && i < n / 3;
            String status = odd ? "needs_improvement" : allDone || i < n / 3 ? "done" : "pending";
            int priority = random.nextInt(4);
            String domain = random.nextBoolean() ? "web" : "api";
            String owned = "src/module" + (i % 50) + "/file" + i + ".ts";
            List<String> dependencies = new ArrayList<>();
            if (i > 0) {
                for (int d = 0; d < 1 + random.nextInt(2); d++) {
                    dependencies.add("T" + random.nextInt(i));
                }
            }
            String run = command != null ? command : "make task-" + i;
            boolean inFlow = flowEvery > 0 && i >= n / 3 && (i - n / 3) % flowEvery == flowEvery / 2
                    && (i - n / 3) / flowEvery < flow;
            if (inFlow) {
                out.append("  - {id: T").append(i).append(", title: Generated task number ").append(i)
                        .append(", status: ").append(status).append(", priority: ").append(priority)
                        .append(", domain: ").append(domain).append(", owns: [").append(owned).append("]")
                        .append(dependencies.isEmpty() ? "" : ", dependencies: [" + String.join(", ", dependencies) + "]")
                        .append(", command: ").append(run).append("}\n");
            } else {
                out.append("  - id: T").append(i).append('\n');
                out.append("    title: Generated task number ").append(i).append('\n');
                out.append("    status: ").append(status).append('\n');
                out.append("    priority: ").append(priority).append('\n');
                out.append("    domain: ").append(domain).append('\n');
                out.append("    owns:\n      - ").append(owned).append('\n');
                if (!dependencies.isEmpty()) {
                    out.append("    dependencies:\n");
                    for (String d : dependencies) {
                        out.append("      - ").append(d).append('\n');
                    }
                }
                out.append("    command: ").append(run).append('\n');
            }
            if (strayEvery > 0 && i > 0 && i % strayEvery == 0 && i / strayEvery <= stray && i < n / 3) {
                out.append("  - title: A note left in the list without an id\n");
            }
        }
        return out.toString();
    }
}
