package dev.wvo.events;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Several real JVMs, each with several threads, append to one log at the same moment. */
@Tag("process")
class EventLogMultiProcessTest {

    private static final int PROCESSES = 6;
    private static final int THREADS = 2;
    private static final int PER_THREAD = 300;

    @Test
    void concurrentAppendsFromManyProcesses_everyLineWholeAndNoneLost(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("state/events.jsonl");
        Files.createDirectories(log.getParent());
        Path gate = Files.createFile(dir.resolve("gate"));

        List<Process> processes = new ArrayList<>();
        try (FileChannel gateChannel = FileChannel.open(gate, StandardOpenOption.WRITE);
             FileLock closed = gateChannel.lock()) {
            for (int p = 0; p < PROCESSES; p++) {
                processes.add(start(log, gate, dir.resolve("ready-" + p), "w" + p, p));
            }
            await().atMost(Duration.ofMinutes(2)).until(() -> allReady(dir));
        }
        for (Process process : processes) {
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("writer finished").isTrue();
            assertThat(process.exitValue()).as(new String(process.getErrorStream().readAllBytes())).isZero();
        }

        EventHistory history = new EventReader(log).readAll();
        assertThat(history.unreadable()).isEmpty();
        assertThat(history.events()).hasSize(PROCESSES * THREADS * PER_THREAD);
        Map<String, List<Integer>> sequences = new TreeMap<>();
        for (Event event : history.events()) {
            Map<String, Object> details = event.details();
            assertThat((String) details.get("padding")).hasSize((Integer) details.get("length"));
            sequences.computeIfAbsent(event.worker() + "/" + details.get("thread"), k -> new ArrayList<>())
                    .add((Integer) details.get("seq"));
        }
        assertThat(sequences).hasSize(PROCESSES * THREADS);
        List<Integer> expected = IntStream.range(0, PER_THREAD).boxed().toList();
        // Each thread's lines arrive whole, once each, and in the order that thread wrote them.
        sequences.values().forEach(seqs -> assertThat(seqs).isEqualTo(expected));
        assertThat(history.events().stream().anyMatch(e -> (Integer) e.details().get("length") > 4096)).isTrue();
    }

    private static boolean allReady(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("ready-")).count() == PROCESSES;
        }
    }

    private static Process start(Path log, Path gate, Path ready, String writer, long seed) throws IOException {
        String java = System.getProperty("java.home") + "/bin/java";
        return new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                AppendingProcess.class.getName(), log.toString(), gate.toString(), ready.toString(), writer,
                String.valueOf(THREADS), String.valueOf(PER_THREAD), String.valueOf(seed))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }
}
