package dev.wvo.roadmap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wvo.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parsed-roadmap cache gives exactly what a whole parse gives: for an unchanged file, after a
 * worker's edit of some tasks (spliced from the kept roadmap), after an edit elsewhere (parsed
 * whole), and whatever became of the cache file (missing, truncated, damaged, not a cache). Real
 * agent-written roadmaps, nested layout and native.
 */
class RoadmapCacheTest {

    @TempDir
    static Path dir;
    private static Path nested;
    private static Path cache;

    @BeforeAll
    static void copyFixture() throws IOException {
        nested = dir.resolve("nested.yaml");
        Files.copy(Fixtures.weathervane().resolve("roadmap-2025-10-23-12d72bfa.yaml"), nested);
        cache = dir.resolve("locks/roadmap.cache");
    }

    private static RoadmapCache cacheOf(Path file) {
        return new RoadmapCache(file, cache, 0); // every roadmap kept, however small
    }

    @Test
    void sameBytes_findsOneChangedByteAnywhere_andAnotherLength() {
        byte[] a = new byte[5000];
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) ('a' + i % 26);
        }
        assertThat(RoadmapCache.sameBytes(a, a.clone())).isTrue();
        assertThat(RoadmapCache.sameBytes(new byte[0], new byte[0])).isTrue();
        for (int at : new int[] {0, 1, 511, 512, 513, 1023, 1024, 4095, 4096, 4999}) {
            byte[] b = a.clone();
            b[at]++;
            assertThat(RoadmapCache.sameBytes(a, b)).as("a byte changed at %d", at).isFalse();
        }
        assertThat(RoadmapCache.sameBytes(a, Arrays.copyOf(a, a.length - 1))).isFalse();
        assertThat(RoadmapCache.sameBytes(a, Arrays.copyOf(a, a.length + 1))).isFalse();
    }

    @Test
    void unchangedFile_readsFromTheCache_asTheWholeParse() throws IOException {
        Roadmap first = cacheOf(nested).read();
        assertThat(cache).exists();
        byte[] written = Files.readAllBytes(cache);
        Roadmap again = cacheOf(nested).read();
        assertThat(again).isNotSameAs(first);
        assertThat(again.tasks()).as("read from the cache, not parsed").allMatch(t -> t.marks() == null);
        assertReadsAs(again, RoadmapReader.read(nested));
        assertThat(again.setting("version")).isEqualTo(RoadmapReader.read(nested).setting("version"));
        assertThat(Files.readAllBytes(cache)).as("an unchanged file leaves the cache as it is").isEqualTo(written);
    }

    @Test
    void aWorkersEditOfSomeTasks_isSplicedFromTheCache_andKeptForTheNext() throws IOException {
        Path file = dir.resolve("edited.yaml");
        Files.copy(nested, file);
        Roadmap before = cacheOf(file).read();
        RoadmapTask first = before.tasks().get(0);
        RoadmapTask last = before.tasks().get(before.tasks().size() - 1);
        String edited = new RoadmapEditor(before).set(first, "status", "in_progress")
                .set(last, "claim", java.util.Map.of("worker", "w1", "attempt", 1)).apply();
        Files.writeString(file, edited);

        Roadmap read = cacheOf(file).read();
        assertReadsAs(read, RoadmapReader.read(file));
        assertThat(read.tasks().get(1).marks()).as("an unchanged task comes from the cache").isNull();
        assertThat(contains(Files.readAllBytes(cache), edited.getBytes(StandardCharsets.UTF_8)))
                .as("the cache now holds the edited roadmap").isTrue();
        assertReadsAs(cacheOf(file).read(), RoadmapReader.read(file));

        // the unchanged tasks' records were copied from the cache read, and are copied again from the copy
        Roadmap parsed = RoadmapReader.read(file); // a worker edits what it parsed
        String again = new RoadmapEditor(parsed).set(parsed.tasks().get(1), "status", "done")
                .set(parsed.tasks().get(0), "claim", java.util.Map.of("worker", "w2", "attempt", 2)).apply();
        Files.writeString(file, again);
        assertReadsAs(cacheOf(file).read(), RoadmapReader.read(file));
        assertReadsAs(cacheOf(file).read(), RoadmapReader.read(file));
    }

    @Test
    void anEditOutsideTheTasks_isParsedWhole() throws IOException {
        Path file = dir.resolve("native.yaml");
        Files.writeString(file, "version: 2\ntasks:\n  - id: a\n    title: A\n  - id: b\n    dependencies: [a]\n");
        cacheOf(file).read();
        Files.writeString(file, "version: 2\npipeline: [build, review]\ntasks:\n  - id: a\n    title: A\n"
                + "  - id: b\n    dependencies: [a, c]\n");
        Roadmap read = cacheOf(file).read();
        assertReadsAs(read, RoadmapReader.read(file));
        assertThat(read.warnings()).as("the unknown dependency c").hasSize(1);
        assertThat(cacheOf(file).read().setting("pipeline")).isEqualTo(java.util.List.of("build", "review"));
    }

    @Test
    void aDamagedCache_readsAsNone_andIsReplaced() throws IOException {
        Path file = dir.resolve("damaged.yaml");
        Files.copy(nested, file);
        cacheOf(file).read();
        byte[] good = Files.readAllBytes(cache);
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x20;
        Roadmap whole = RoadmapReader.read(file);
        for (byte[] damage : new byte[][] {Arrays.copyOf(good, good.length / 3), flipped, new byte[0],
                "not a cache".getBytes(StandardCharsets.UTF_8)}) {
            Files.write(cache, damage);
            assertReadsAs(cacheOf(file).read(), whole);
            assertThat(Files.readAllBytes(cache)).as("replaced by a whole cache").isEqualTo(good);
        }
    }

    @Test
    void aJudgementTooLargeToKeep_isMadeAtEachRead_andTheRoadmapStillKept() throws IOException {
        Path file = dir.resolve("waiting/roadmap.yaml");
        Path waitingCache = dir.resolve("waiting/locks/roadmap.cache");
        Files.createDirectories(file.getParent());
        // from the 41st task on, each waits for the 40 before it: each one's words name those 40
        StringBuilder text = new StringBuilder("version: 2\ntasks:\n");
        for (int i = 0; i < 100; i++) {
            text.append("  - id: task-with-a-long-id-").append(i).append('\n');
            if (i >= 40) {
                text.append("    dependencies: [").append(String.join(", ", java.util.stream.IntStream.range(i - 40, i)
                        .mapToObj(d -> "task-with-a-long-id-" + d).toList())).append("]\n");
            }
        }
        Files.writeString(file, text);
        new RoadmapCache(file, waitingCache, 0).read();
        byte[] plain = Files.readAllBytes(waitingCache);
        int largest = plain.length + 1024; // the words take 60 x ~1 KB
        java.util.List<dev.wvo.schedule.Blocker> judged = RoadmapBoardStore.blockersOf(RoadmapReader.read(file));
        Object inode = Files.readAttributes(waitingCache, java.nio.file.attribute.BasicFileAttributes.class).fileKey();

        Roadmap first = new RoadmapCache(file, waitingCache, 0, largest).readJudged();
        assertThat(first.knownBlockers()).isEqualTo(judged);
        assertThat(Files.readAttributes(waitingCache, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                .as("not written again: the roadmap is kept already").isEqualTo(inode);
        assertThat(Files.readAllBytes(waitingCache)).isEqualTo(plain);
        Roadmap again = new RoadmapCache(file, waitingCache, 0, largest).readJudged();
        assertThat(again.tasks()).as("read from the cache").allMatch(t -> t.marks() == null);
        assertThat(again.knownBlockers()).as("judged again").isEqualTo(judged);
        assertThat(new RoadmapCache(file, waitingCache, 0, largest).read().knownBlockers()).as("none kept").isNull();

        Files.writeString(file, text.toString().replace("id: task-with-a-long-id-0\n", "id: task-with-a-long-id-0\n    status: done\n"));
        Roadmap edited = new RoadmapCache(file, waitingCache, 0, largest).readJudged();
        assertThat(edited.knownBlockers()).isEqualTo(RoadmapBoardStore.blockersOf(RoadmapReader.read(file)));
        assertThat(Files.size(waitingCache)).as("the edited roadmap kept, without its judgement").isLessThanOrEqualTo(largest);
        Roadmap read = new RoadmapCache(file, waitingCache, 0, largest).read();
        assertThat(read.tasks()).as("and read from the cache").allMatch(t -> t.marks() == null);
        assertThat(read.knownBlockers()).isNull();
    }

    @Test
    void aRoadmapBelowTheSizeWorthKeeping_isParsed_andNoCacheWritten() throws IOException {
        Path small = dir.resolve("small/roadmap.yaml");
        Path smallCache = dir.resolve("small/locks/roadmap.cache");
        Files.createDirectories(small.getParent());
        Files.writeString(small, "version: 2\ntasks:\n  - id: a\n");
        assertThat(new RoadmapCache(small, smallCache).read().tasks()).hasSize(1);
        assertThat(smallCache).doesNotExist();
    }

    /** What a read-only command sees, as the splice's properties check it, and where the tasks lie for the next splice. */
    private static void assertReadsAs(Roadmap kept, Roadmap whole) {
        RoadmapSpliceProperties.assertReadsSame(kept, whole);
        assertThat(kept.layout()).isEqualTo(whole.layout());
        assertThat(kept.taskLayout().map(RoadmapSpliceProperties::places))
                .isEqualTo(whole.taskLayout().map(RoadmapSpliceProperties::places));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
