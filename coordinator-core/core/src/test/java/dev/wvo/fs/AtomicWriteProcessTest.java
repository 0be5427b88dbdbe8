package dev.wvo.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs real JVMs while they rewrite a large file in a loop: the file (and its .bak) must
 * always be one whole version (rewritten through {@link AtomicWrite#writeKeepingBackup}), never a mix, a truncation or missing.
 */
class AtomicWriteProcessTest {

    private static final int KILLS = 40;

    @TempDir
    Path dir;

    @Test
    void sigkillAtRandomPoints_alwaysLeavesAWholeVersion() throws Exception {
        Path target = dir.resolve("roadmap.yaml");
        byte[] a = AtomicRewriteLoop.version(true);
        byte[] b = AtomicRewriteLoop.version(false);
        Random random = new Random(42);
        for (int kill = 0; kill < KILLS; kill++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), AtomicRewriteLoop.class.getName(), target.toString())
                    .redirectErrorStream(true).start();
            int writes = 1 + random.nextInt(6);
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (int i = 0; i < writes; i++) {
                    assertThat(out.readLine()).as("child output").isNotNull().matches("\\d+");
                }
                child.destroyForcibly();
                child.waitFor();
            }

            assertWhole(target, a, b);
            Path backup = dir.resolve("roadmap.yaml.bak");
            if (Files.exists(backup)) {
                assertWhole(backup, a, b);
            }
        }
    }

    private static void assertWhole(Path file, byte[] a, byte[] b) throws Exception {
        byte[] content = Files.readAllBytes(file);
        assertThat(content.length == a.length ? java.util.Arrays.equals(content, a)
                : java.util.Arrays.equals(content, b)).as("%s holds one whole version (%d bytes)", file, content.length)
                .isTrue();
    }
}
