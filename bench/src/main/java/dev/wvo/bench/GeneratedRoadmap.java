package dev.wvo.bench;

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
        return of(n, false, null, warnings, stray);
    }

    private static String of(int n, boolean allDone, String command, int warnings) {
        return of(n, allDone, command, warnings, 0);
    }

    private static String of(int n, boolean allDone, String command, int warnings, int stray) {
        int every = warnings == 0 ? 0 : Math.max(1, n / 3 / (warnings + 1));
        int strayEvery = stray == 0 ? 0 : Math.max(1, n / 3 / (stray + 1));
        Random random = new Random(42);
        StringBuilder out = new StringBuilder("version: 2\ntasks:\n");
        for (int i = 0; i < n; i++) {
            out.append("  - id: T").append(i).append('\n');
            out.append("    title: Generated task number ").append(i).append('\n');
            boolean odd = every > 0 && i > 0 && i % every == 0 && i / every <= warnings && i < n / 3;
            out.append("    status: ").append(odd ? "needs_improvement" : allDone || i < n / 3 ? "done" : "pending").append('\n');
            out.append("    priority: ").append(random.nextInt(4)).append('\n');
            out.append("    domain: ").append(random.nextBoolean() ? "web" : "api").append('\n');
            out.append("    owns:\n      - src/module").append(i % 50).append("/file").append(i).append(".ts\n");
            if (i > 0) {
                out.append("    dependencies:\n");
                for (int d = 0; d < 1 + random.nextInt(2); d++) {
                    out.append("      - T").append(random.nextInt(i)).append('\n');
                }
            }
            out.append("    command: ").append(command != null ? command : "make task-" + i).append('\n');
            if (strayEvery > 0 && i > 0 && i % strayEvery == 0 && i / strayEvery <= stray && i < n / 3) {
                out.append("  - title: A note left in the list without an id\n");
            }
        }
        return out.toString();
    }
}
