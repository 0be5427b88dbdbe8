package dev.wvo.roadmap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wvo.fs.StateDir;
import dev.wvo.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several real JVMs increment one field through {@link RoadmapStore#update}: no increment may be
 * lost, and no other task changes. Once on a roadmap each JVM parses, once on a large one that each
 * reads first from the roadmap cache, as workers started after {@code wvo init} do.
 */
class RoadmapStoreProcessTest {

    private static final int PROCESSES = 4;
    private static final int INCREMENTS = 15;

    @TempDir
    Path dir;

    @Test
    void concurrentUpdatesFromSeveralProcesses_loseNoIncrement() throws Exception {
        Path file = dir.resolve("roadmap.yaml");
        Files.copy(Fixtures.weathervane().resolve("roadmap-2025-10-23-12d72bfa.yaml"), file,
                StandardCopyOption.REPLACE_EXISTING);
        incrementConcurrently(file);
    }

    @Test
    void concurrentUpdatesFromSeveralProcesses_startedFromTheKeptRoadmap_loseNoIncrement() throws Exception {
        Path file = dir.resolve("roadmap.yaml");
        Files.copy(Fixtures.weathervane().resolve("roadmap-2025-10-24-bc7f707b.yaml"), file,
                StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(file)).as("large enough to be kept").isGreaterThanOrEqualTo(RoadmapCache.WORTH_KEEPING);
        Path cache = new StateDir(dir).roadmapCache();
        new RoadmapCache(file, cache).read();
        assertThat(cache).exists();
        incrementConcurrently(file);
    }

    private void incrementConcurrently(Path file) throws Exception {
        Path locks = dir.resolve("locks");
        Files.createDirectories(locks);
        Roadmap before = RoadmapReader.read(file);
        RoadmapTask target = before.tasks().get(before.tasks().size() / 2);

        List<Process> children = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            children.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), RoadmapIncrementer.class.getName(),
                    file.toString(), locks.toString(), target.id(), Integer.toString(INCREMENTS))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("child-" + i + ".log").toFile()).start());
        }
        for (int i = 0; i < PROCESSES; i++) {
            assertThat(children.get(i).waitFor()).as("child %d exit code; log: %s", i,
                    dir.resolve("child-" + i + ".log")).isZero();
        }

        Roadmap after = RoadmapReader.read(file);
        RoadmapTask counted = after.tasks().stream().filter(t -> target.id().equals(t.id())).findFirst().orElseThrow();
        assertThat(counted.fields().get("counter").toString()).isEqualTo(Integer.toString(PROCESSES * INCREMENTS));
        assertThat(after.tasks()).hasSize(before.tasks().size());
        for (int i = 0; i < before.tasks().size(); i++) {
            if (before.tasks().get(i) != target) {
                assertThat(after.tasks().get(i).fields()).as("task %d", i).isEqualTo(before.tasks().get(i).fields());
            }
        }
    }
}
