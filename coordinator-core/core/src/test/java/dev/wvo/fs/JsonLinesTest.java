package dev.wvo.fs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonLinesTest {

    @Test
    void append_addsOneTerminatedLinePerCall(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("log.jsonl");

        JsonLines.append(file, bytes("{\"a\":1}"));
        JsonLines.append(file, bytes("{\"b\":2}\n"));

        assertThat(Files.readString(file)).isEqualTo("{\"a\":1}\n{\"b\":2}\n");
    }

    @Test
    void append_lineWithEmbeddedLineFeed_isRefusedAndNothingWritten(@TempDir Path dir) {
        Path file = dir.resolve("log.jsonl");

        assertThatThrownBy(() -> JsonLines.append(file, bytes("{\"a\":\n1}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("byte 5");
        assertThat(file).doesNotExist();
    }

    @Test
    void append_afterATornLastLine_startsOnAFreshLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("log.jsonl");
        Files.writeString(file, "{\"whole\":1}\n{\"torn\":");

        JsonLines.append(file, bytes("{\"next\":2}"));

        assertThat(Files.readAllLines(file)).containsExactly("{\"whole\":1}", "{\"torn\":", "{\"next\":2}");
    }

    @Test
    void concurrentAppendsThroughTwoSpellingsOfOnePath_areAllWhole(@TempDir Path dir) throws Exception {
        Path real = Files.createDirectories(dir.resolve("state"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        String line = "{\"pad\":\"" + "x".repeat(10_000) + "\"}";
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (Path file : List.of(real.resolve("log.jsonl"), link.resolve("log.jsonl"), dir.resolve("state/../state/log.jsonl"))) {
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < 200; i++) {
                        JsonLines.append(file, bytes(line));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            writer.start();
            threads.add(writer);
        }
        for (Thread writer : threads) {
            writer.join();
        }

        assertThat(failures).isEmpty();
        assertThat(Files.readAllLines(real.resolve("log.jsonl"))).hasSize(600).containsOnly(line);
    }

    @Test
    void lockFileOf_isASiblingSidecar(@TempDir Path dir) {
        assertThat(JsonLines.lockFileOf(dir.resolve("events.jsonl"))).isEqualTo(dir.resolve("events.jsonl.lock"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
