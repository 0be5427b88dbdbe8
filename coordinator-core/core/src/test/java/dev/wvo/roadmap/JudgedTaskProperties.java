package dev.wvo.roadmap;

import dev.wvo.schedule.Blocker;
import dev.wvo.schedule.JudgedTask;
import dev.wvo.schedule.Runnability;
import dev.wvo.schedule.TaskState;
import org.apache.commons.io.FileUtils;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A roadmap's tasks judged from their fields ({@link RoadmapBoardStore#judgedOf}) answer every
 * question of {@link Runnability} as their states ({@link RoadmapBoardStore#statesOf}) do, so both
 * get the same verdicts and words: parsed, and read back from the cache, whose tasks decode a
 * field when it is asked for. Tasks with every field the rules read, each written in the forms a
 * roadmap may hold (a single string for a list, a word for a count, a problem of the entry).
 */
class JudgedTaskProperties {

    private static final List<String> STATUSES = List.of("", "    status: pending\n", "    status: done\n",
            "    status: in_progress\n", "    status: failed\n", "    status: blocked\n", "    status: needs_improvement\n");
    private static final List<String> CLAIMS = List.of("", "    claim:\n      worker: w1\n      claimed_at: \"2026-12-06T10:00:00Z\"\n      attempt: 2\n",
            "    claim:\n      worker: w2\n      claimed_at: not a time\n", "    claim:\n      claimed_at: \"2026-12-06T10:00:00Z\"\n");
    private static final List<String> ATTEMPTS = List.of("", "    attempts: 1\n", "    attempts: 3\n    max_attempts: 3\n",
            "    attempts: \"2\"\n    max_attempts: 2\n", "    attempts: -5\n", "    max_attempts: many\n");
    private static final List<String> OWNS = List.of("", "    owns: [src/a]\n", "    owns: [src/a/x.ts, docs]\n", "    owns: src/b\n",
            "    owns: [\"**\"]\n", "    owns: []\n");
    private static final List<String> READONLY = List.of("", "    readonly: true\n", "    readonly: \"TRUE\"\n", "    readonly: false\n");
    private static final List<String> MERGES = List.of("", "    merge: merged\n", "    merge: queued\n    branch: wvo/b\n",
            "    merge: queued\n", "    merge: failed\n    branch: 7\n", "    merge: null\n");

    @Property(tries = 200)
    void judgedFromTheFields_asFromTheStates(@ForAll("roadmaps") String text, @ForAll boolean stackOnQueued) {
        Roadmap parsed = RoadmapReader.parse(Path.of("roadmap.yaml"), text);
        assertJudgedAlike(parsed, stackOnQueued);
        assertJudgedAlike(kept(text), stackOnQueued);
    }

    private static void assertJudgedAlike(Roadmap roadmap, boolean stackOnQueued) {
        List<TaskState> states = RoadmapBoardStore.statesOf(roadmap);
        List<JudgedTask> judged = RoadmapBoardStore.judgedOf(roadmap);
        Runnability byStates = new Runnability(states, stackOnQueued);
        Runnability byFields = new Runnability(judged, stackOnQueued);
        assertThat(judged).hasSameSizeAs(states);
        for (int i = 0; i < states.size(); i++) {
            TaskState s = states.get(i);
            JudgedTask j = judged.get(i);
            assertThat(List.of(j.id(), j.status(), String.valueOf(j.claim()), j.attempts(), j.maxAttempts(), j.problems(),
                    j.dependencies(), j.owns(), j.readonly(), String.valueOf(j.merge()), String.valueOf(j.branch())))
                    .as("task %s", s.id())
                    .isEqualTo(List.of(s.id(), s.status(), String.valueOf(s.claim()), s.attempts(), s.maxAttempts(),
                            s.problems(), s.dependencies(), s.owns(), s.readonly(), String.valueOf(s.merge()),
                            String.valueOf(s.branch())));
            assertThat(byFields.blockerOf(j)).as("task %s", s.id()).isEqualTo(byStates.blockerOf(s));
            assertThat(byFields.stackBaseOf(j)).as("task %s", s.id()).isEqualTo(byStates.stackBaseOf(s));
        }
    }

    /**
     * The judgement {@link RoadmapCache#readJudged()} keeps is the one of a whole parse: when the
     * cache is written with it, when a later reader takes it from the cache without judging, and
     * after a worker's edit of a task (a splice), when it is judged anew and kept again, never
     * carried over from the roadmap before.
     */
    @Property(tries = 200)
    void theKeptJudgement_isTheWholeParsesJudgement(@ForAll("roadmaps") String text, @ForAll("statusWords") String status,
                                                     @ForAll boolean plainReadBetween) throws IOException {
        Path dir = Files.createTempDirectory("wvo-judged");
        try {
            Path file = Files.writeString(dir.resolve("roadmap.yaml"), text);
            Path cache = dir.resolve("roadmap.cache");
            assertThat(new RoadmapCache(file, cache, 0).readJudged().knownBlockers()).isEqualTo(judgedWhole(file));
            assertKept(file, cache);
            Roadmap kept = new RoadmapCache(file, cache, 0).readJudged();
            assertThat(kept.tasks()).as("read from the cache").allSatisfy(t -> assertThat(t.marks()).isNull());
            assertThat(kept.knownBlockers()).as("taken from the cache, not judged").isNotNull().isEqualTo(judgedWhole(file));
            assertThat(RoadmapBoardStore.blockersOf(kept)).isSameAs(kept.knownBlockers());

            Roadmap parsed = RoadmapReader.read(file); // a worker edits what it parsed
            String edited = new RoadmapEditor(parsed).set(parsed.tasks().get(0), "status", status).apply();
            Files.writeString(file, edited);
            if (plainReadBetween) {
                List<Blocker> carried = new RoadmapCache(file, cache, 0).read().knownBlockers();
                if (edited.equals(text)) {
                    assertThat(carried).as("the same bytes: the kept judgement").isEqualTo(judgedWhole(file));
                } else {
                    assertThat(carried).as("a plain read of a changed roadmap judges nothing").isNull();
                }
            }
            assertThat(new RoadmapCache(file, cache, 0).readJudged().knownBlockers()).isEqualTo(judgedWhole(file));
            assertKept(file, cache);
            assertThat(new RoadmapCache(file, cache, 0).readJudged().knownBlockers()).isEqualTo(judgedWhole(file));
        } finally {
            FileUtils.deleteQuietly(dir.toFile());
        }
    }

    /** That the cache holds the judgement of a whole parse: a plain read, which never judges, finds it there. */
    private static void assertKept(Path file, Path cache) {
        Roadmap plain = new RoadmapCache(file, cache, 0).read();
        assertThat(plain.tasks()).as("read from the cache").allSatisfy(t -> assertThat(t.marks()).isNull());
        assertThat(plain.knownBlockers()).as("the judgement kept in the cache").isNotNull().isEqualTo(judgedWhole(file));
    }

    /** Each task's blocker as a whole parse of {@code file} judges them, nothing kept. */
    private static List<Blocker> judgedWhole(Path file) {
        Roadmap parsed = RoadmapReader.read(file);
        assertThat(parsed.knownBlockers()).isNull();
        List<TaskState> states = RoadmapBoardStore.statesOf(parsed);
        Runnability runnability = new Runnability(states);
        return states.stream().map(s -> runnability.blockerOf(s).orElse(null)).toList();
    }

    @Provide
    Arbitrary<String> statusWords() {
        return Arbitraries.of("done", "pending", "in_progress", "failed");
    }

    /** The roadmap as a later reader gets it from the cache: its tasks' fields decoded as asked for. */
    private static Roadmap kept(String text) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("wvo-judged");
            Path file = Files.writeString(dir.resolve("roadmap.yaml"), text);
            Path cache = dir.resolve("roadmap.cache");
            new RoadmapCache(file, cache, 0).read();
            Roadmap kept = new RoadmapCache(file, cache, 0).read();
            assertThat(kept.tasks()).as("read from the cache").allSatisfy(t -> assertThat(t.marks()).isNull());
            return kept;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (dir != null) {
                FileUtils.deleteQuietly(dir.toFile());
            }
        }
    }

    @Provide
    Arbitrary<String> roadmaps() {
        Arbitrary<String> task = Combinators.combine(
                Arbitraries.integers().between(0, 12),
                Arbitraries.integers().between(0, 14).list().ofMaxSize(3),
                Arbitraries.of(STATUSES), Arbitraries.of(CLAIMS), Arbitraries.of(ATTEMPTS), Arbitraries.of(OWNS))
                .as((id, deps, status, claim, attempts, owns) -> "  - id: T" + id + "\n" + status + claim + attempts + owns
                        + (deps.isEmpty() ? "" : deps.size() == 1 && deps.get(0) % 2 == 0 ? "    dependencies: T" + deps.get(0) + "\n"
                        : "    dependencies: [" + String.join(", ", deps.stream().map(d -> "T" + d).toList()) + "]\n"));
        Arbitrary<String> withMore = Combinators.combine(task, Arbitraries.of(READONLY), Arbitraries.of(MERGES))
                .as((t, readonly, merge) -> t + readonly + merge);
        return withMore.list().ofMinSize(1).ofMaxSize(14).map(tasks -> "version: 2\ntasks:\n" + String.join("", tasks));
    }
}
