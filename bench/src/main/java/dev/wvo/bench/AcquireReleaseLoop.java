package dev.wvo.bench;

import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockMode;

import java.nio.file.Path;

/**
 * A plain loop of uncontended tryAcquire + release, to look at with system tools: run it under
 * {@code strace -c -f} with a count of 0 and of N, and the difference divided by N is the
 * system calls of one acquire + release.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.wvo.bench.AcquireReleaseLoop
 * [exclusive|shared] [count]}
 */
public final class AcquireReleaseLoop {

    private AcquireReleaseLoop() {
    }

    public static void main(String[] args) {
        LockMode mode = args.length > 0 && args[0].equalsIgnoreCase("shared") ? LockMode.SHARED : LockMode.EXCLUSIVE;
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Path root = BenchDirectory.create("acquire-release-loop-");
        try (FileLockManager manager = FileLockManager.builder(root.resolve("locks"))
                .owner("acquire-release-loop")
                .listener(new QuietLockListener())
                .releaseOnShutdown(false)
                .build()) {
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                manager.tryAcquire("bench/resource", mode).orElseThrow().release();
            }
            long elapsed = System.nanoTime() - start;
            System.out.printf("%d %s acquire+release in %d ms (%.1f us each, first ones with a cold JIT)%n",
                    count, mode.label(), elapsed / 1_000_000, count == 0 ? 0.0 : elapsed / 1e3 / count);
        } finally {
            BenchDirectory.delete(root);
        }
    }
}
