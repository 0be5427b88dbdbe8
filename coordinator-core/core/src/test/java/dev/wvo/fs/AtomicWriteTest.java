package dev.wvo.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriteTest {

    @TempDir
    Path dir;

    @Test
    void writeKeepingBackup_replacesContent_keepsPreviousAsBak_andLeavesNoTempFiles() throws Exception {
        Path file = dir.resolve("roadmap.yaml");

        AtomicWrite.writeKeepingBackup(file, "one\n".getBytes(StandardCharsets.UTF_8));
        AtomicWrite.writeKeepingBackup(file, "two\n".getBytes(StandardCharsets.UTF_8));

        assertThat(file).hasContent("two");
        assertThat(dir.resolve("roadmap.yaml.bak")).hasContent("one");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("roadmap.yaml",
                    "roadmap.yaml.bak");
        }
    }

    @Test
    void write_replacesContent_withoutBackup_andLeavesNoTempFiles() throws Exception {
        Path file = dir.resolve("context.md");

        AtomicWrite.write(file, "one\n".getBytes(StandardCharsets.UTF_8));
        AtomicWrite.write(file, "two\n".getBytes(StandardCharsets.UTF_8));

        assertThat(file).hasContent("two");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("context.md");
        }
    }

    @Test
    void writeUnforced_createsTheDirectory_replacesContent_andLeavesNoTempFiles() throws Exception {
        Path file = dir.resolve("workers/w1.json");

        AtomicWrite.writeUnforced(file, "one\n".getBytes(StandardCharsets.UTF_8));
        AtomicWrite.writeUnforced(file, "two\n".getBytes(StandardCharsets.UTF_8));

        assertThat(file).hasContent("two");
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("w1.json");
        }
    }
}
