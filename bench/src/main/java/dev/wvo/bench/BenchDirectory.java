package dev.wvo.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where benchmarks put their files: on the repository's file system, because lock costs depend on
 * the file system and the locks wvo takes live in the repository's {@code state/}. The system
 * property {@code wvo.bench.dir} overrides it.
 */
final class BenchDirectory {

    private BenchDirectory() {
    }

    /** A fresh directory named {@code prefix*} under the benchmark directory. */
    static Path create(String prefix) {
        try {
            Path root = root();
            Files.createDirectories(root);
            return Files.createTempDirectory(root, prefix).toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a benchmark directory under " + root()
                    + "; set -Dwvo.bench.dir to a writable directory", e);
        }
    }

    /** {@code wvo.bench.dir}, else {@code bench/target/lock-bench} from the repository root, else {@code target/lock-bench}. */
    static Path root() {
        String configured = System.getProperty("wvo.bench.dir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        Path fromRepoRoot = Path.of("bench", "target");
        return (Files.isDirectory(fromRepoRoot) ? fromRepoRoot : Path.of("target")).resolve("lock-bench").toAbsolutePath();
    }

    /** The file system type of {@code dir} as the JDK names it ({@code ext4}, {@code tmpfs}, ...). */
    static String fileSystemType(Path dir) {
        try {
            return Files.getFileStore(dir).type();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** Deletes {@code dir} and everything in it; benchmark leftovers only. */
    static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("Could not delete " + dir + ": " + e);
        }
    }
}
