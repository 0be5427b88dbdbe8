package dev.wvo.roadmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wvo.fs.StateDir;
import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockLostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's transaction rules: write only changes, and only under a lock the lock store still confirms. */
class RoadmapStoreTest {

    private static final String ROADMAP = "version: 2\ntasks:\n  - id: A\n    title: first\n    status: pending\n";

    @TempDir
    Path dir;

    private Path file;
    private Path locksDir;
    private FileLockManager locks;
    private RoadmapStore store;

    @BeforeEach
    void setUp() throws Exception {
        file = dir.resolve("roadmap.yaml");
        locksDir = dir.resolve("locks");
        Files.createDirectories(locksDir);
        Files.writeString(file, ROADMAP);
        locks = FileLockManager.builder(locksDir).owner("test").build();
        store = new RoadmapStore(new StateDir(dir), locks);
    }

    @AfterEach
    void tearDown() {
        locks.close();
    }

    /** {@code head}, then the tasks {@code task} writes, T0, T1 and so on, until the roadmap is large enough to be kept. */
    private static String worthKeeping(String head, IntFunction<String> task) {
        StringBuilder text = new StringBuilder(head);
        for (int i = 0; text.length() < RoadmapCache.WORTH_KEEPING + 1000; i++) {
            text.append(task.apply(i));
        }
        return text.toString();
    }

    private static RoadmapTask task(Roadmap roadmap, String id) {
        return roadmap.task(id).orElseThrow();
    }

    /**
     * A large roadmap that {@code wvo init} wrote is kept for the workers started next: a store's
     * first read takes it from the cache, settings and all, and its first transaction edits the
     * task it changes exactly as a store that parsed the file would, reading that task's text again.
     */
    @Test
    void aLargeRoadmapInitWrote_isReadFromTheCache_andEditedAsAParsedOne() throws Exception {
        Path cache = new StateDir(dir).roadmapCache();
        store.create(ROADMAP, true);
        assertThat(cache).as("a small roadmap is not kept").doesNotExist();
        store.create(worthKeeping("version: 2\n# the workers' default\npipeline: [implement, review]\ntasks:\n",
                i -> "  - id: T" + i + "\n    title: \"Task " + i + ": the work\"  # why\n    status: pending\n    owns: [src/t"
                        + i + "]\n    description: |\n      Line one.\n      Line two.\n"), true);
        assertThat(cache).as("kept by init").exists();

        RoadmapStore worker = new RoadmapStore(new StateDir(dir), locks);
        Roadmap first = worker.read();
        assertThat(first.tasks()).as("read from the cache").allMatch(t -> t.marks() == null);
        assertThat(first.setting("pipeline")).isEqualTo(List.of("implement", "review"));

        Roadmap parsed = RoadmapReader.read(file);
        String id = "T" + parsed.tasks().size() / 2;
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put("worker", "w1");
        claim.put("attempt", 1L);
        claim.put("claimed_at", "2026-12-07T17:00:00Z");
        String expected = new RoadmapEditor(parsed).set(task(parsed, id), "status", "in_progress")
                .set(task(parsed, id), "claim", claim).apply();
        worker.update((r, e, log) -> e.set(task(r, id), "status", "in_progress").set(task(r, id), "claim", claim));

        assertThat(Files.readString(file)).isEqualTo(expected);
        RoadmapSpliceProperties.assertReadsSame(worker.read(), RoadmapReader.read(file));
    }

    /**
     * A roadmap that does not split into pieces (one with YAML anchors) is parsed whole at every change.
     * Such a change does not rewrite the cache (a worker would write 4 MB at every claim); edits of
     * many kept tasks in one transaction parse the text once for their marks, not once per task.
     */
    @Test
    void aRoadmapThatDoesNotSplit_isParsedOnceForItsEdits_andNotKeptAtEachChange() throws Exception {
        Path cache = new StateDir(dir).roadmapCache();
        store.create(worthKeeping("version: 2\ntasks:\n",
                i -> "  - id: T" + i + "\n    title: &title" + i + " Task " + i + "\n    status: pending\n"), true);
        byte[] kept = Files.readAllBytes(cache);

        RoadmapStore worker = new RoadmapStore(new StateDir(dir), locks);
        Roadmap first = worker.read();
        assertThat(first.taskLayout()).as("anchored tasks do not split into pieces").isEmpty();
        RoadmapTask a = first.tasks().get(10);
        assertThat(first.marked(a)).as("one whole parse for the marks of all").isSameAs(first.marked(a));
        Roadmap parsed = RoadmapReader.read(file);
        String expected = new RoadmapEditor(parsed).set(parsed.tasks().get(10), "status", "done")
                .set(parsed.tasks().get(20), "status", "done").apply();

        worker.update((r, e, log) -> e.set(r.tasks().get(10), "status", "done").set(r.tasks().get(20), "status", "done"));

        assertThat(Files.readString(file)).isEqualTo(expected);
        assertThat(Files.readAllBytes(cache)).as("not kept at each change").isEqualTo(kept);
    }

    /**
     * A store's first read with a cache another change made stale: the read without the lock keeps
     * what it read for the next reader; the first read of a transaction, under the lock, leaves the
     * cache as it is (every other writer waits for it).
     */
    @Test
    void aStaleCache_isRewrittenByAReadWithoutTheLock_notUnderIt() throws Exception {
        Path cache = new StateDir(dir).roadmapCache();
        store.create(worthKeeping("version: 2\ntasks:\n",
                i -> "  - id: T" + i + "\n    title: Task " + i + "\n    status: pending\n"), true);
        new RoadmapStore(new StateDir(dir), locks).update((r, e, log) -> e.set(r.tasks().get(5), "status", "done"));
        byte[] stale = Files.readAllBytes(cache);

        new RoadmapStore(new StateDir(dir), locks).update((r, e, log) -> e.set(r.tasks().get(6), "status", "done"));
        assertThat(Files.readAllBytes(cache)).as("left as it was under the lock").isEqualTo(stale);

        Roadmap read = new RoadmapStore(new StateDir(dir), locks).read();
        assertThat(Files.readAllBytes(cache)).as("kept by a read without the lock").isNotEqualTo(stale);
        assertThat(read.tasks().get(6).status()).isEqualTo("done");
        RoadmapSpliceProperties.assertReadsSame(new RoadmapCache(file, cache).read(), RoadmapReader.read(file));
    }

    /**
     * A change whose text would not read (a claim that replaced a value carrying an anchor that an
     * alias uses) is refused as the change's fault, not as a file being edited: a worker waited
     * for a fix of a file that read well.
     */
    @Test
    void aChangeThatWouldNotRead_isRefused_asTheChanges_notTheFiles() throws Exception {
        String anchored = "version: 2\ntasks:\n  - id: a\n    status: &s pending\n  - id: b\n    status: *s\n";
        store.create(anchored, true);

        assertThatThrownBy(() -> store.update((r, e, log) -> e.set(task(r, "a"), "status", "in_progress")))
                .isInstanceOf(RoadmapChangeRefused.class).isNotInstanceOf(RoadmapException.class)
                .hasMessageContaining("Nothing was written: with this change of a, ")
                .hasMessageContaining("found undefined alias s").hasMessageContaining("anchor (&name)")
                .hasMessageNotContaining("restore").hasCauseInstanceOf(RoadmapException.class);
        assertThat(Files.readString(file)).isEqualTo(anchored);
        store.update((r, e, log) -> e.set(task(r, "b"), "status", "in_progress"));
        assertThat(RoadmapReader.read(file).tasks()).extracting(RoadmapTask::status).containsExactly("pending", "in_progress");
    }

    /**
     * A task whose key the editor cannot place does not run, but a command may still name it (`task
     * reset`, an import): the change is refused with the task's problem, and nothing is written.
     * Before, an explicit key's replaced value made the key a mapping, and the status was lost.
     */
    @Test
    void aChangeOfATaskWithAKeyTheEditorCannotPlace_isRefused_withTheTasksProblem() throws Exception {
        String explicit = "version: 2\ntasks:\n  - id: a\n    ? status\n    : pending\n  - id: b\n";
        store.create(explicit, true);

        assertThatThrownBy(() -> store.update((r, e, log) -> e.set(task(r, "a"), "status", "in_progress")))
                .isInstanceOf(RoadmapChangeRefused.class)
                .hasMessage("Nothing was written: task a (" + file + ":3) cannot be changed: its key `status` is written "
                        + "as an explicit key (`? status`, its `: value` apart), which wvo cannot edit in place; write it "
                        + "as `status: value`, then run again");
        assertThat(Files.readString(file)).isEqualTo(explicit);
        store.update((r, e, log) -> e.set(task(r, "b"), "status", "in_progress"));
        assertThat(task(RoadmapReader.read(file), "b").status()).isEqualTo("in_progress");
    }

    @Test
    void update_withoutChange_writesNothing() throws Exception {
        store.update((r, e, log) -> e.set(task(r, "A"), "status", "done"));
        byte[] written = Files.readAllBytes(file);
        Files.delete(dir.resolve("roadmap.yaml.bak"));

        store.update((r, e, log) -> task(r, "A"));

        assertThat(Files.readAllBytes(file)).isEqualTo(written);
        assertThat(dir.resolve("roadmap.yaml.bak")).doesNotExist();
        try (var left = Files.list(dir)) {
            assertThat(left).extracting(p -> p.getFileName().toString())
                    .containsExactlyInAnyOrder("roadmap.yaml", "locks");
        }
    }

    @Test
    void aWholeTextReplacement_isWrittenAsGiven_andExcludesFieldEditsInTheSameTransaction() throws Exception {
        String settled = ROADMAP.replace("first", "settled");
        store.update((r, e, log) -> e.replaceText(settled));
        assertThat(Files.readString(file)).isEqualTo(settled);

        assertThatThrownBy(() -> store.update((r, e, log) -> e.replaceText(ROADMAP).set(task(r, "A"), "status", "done")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("replaced whole and edited");
        assertThat(Files.readString(file)).isEqualTo(settled);
    }

    @Test
    void write_afterTheLockWasBrokenUnderIt_isRefusedAndChangesNothing() throws Exception {
        assertThatThrownBy(() -> store.update((r, e, log) -> {
            locks.breakLock(RoadmapStore.LOCK, true);
            return e.set(task(r, "A"), "status", "done");
        })).isInstanceOf(LockLostException.class).hasMessageContaining("nothing was written");
        assertThat(file).hasContent(ROADMAP.strip());
    }

    @Test
    void tokensStartingOverAfterTheLockFilesWereRemoved_stillWrite() throws Exception {
        for (int i = 0; i < 3; i++) {
            store.update((r, e, log) -> e.set(task(r, "A"), "status", "in_progress"));
        }
        locks.close();
        try (var stale = Files.list(locksDir)) {
            for (Path p : stale.toList()) {
                Files.delete(p);
            }
        }
        try (FileLockManager fresh = FileLockManager.builder(locksDir).owner("after-rm").build()) {
            new RoadmapStore(new StateDir(dir), fresh).update((r, e, log) -> e.set(task(r, "A"), "status", "done"));
        }
        assertThat(store.read().task("A").orElseThrow().status()).isEqualTo("done");
    }

    /**
     * Branch roadmap passed a handle in and released it; main's update takes its own lock, so the
     * lock is made invalid under it instead: its lease runs out while the change runs.
     */
    @Test
    void write_afterTheLeaseRanOutUnderIt_isRefused() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (FileLockManager expiring = FileLockManager.builder(locksDir).owner("slow").clock(clock)
                .lease(Duration.ofSeconds(30)).build()) {
            RoadmapStore slow = new RoadmapStore(new StateDir(dir), expiring);

            assertThatThrownBy(() -> slow.update((r, e, log) -> {
                clock.now = clock.now.plus(Duration.ofHours(1));
                return e.set(task(r, "A"), "status", "done");
            })).isInstanceOf(LockLostException.class);
        }
        assertThat(file).hasContent(ROADMAP.strip());
    }

    /** A clock the test moves by hand. */
    private static final class MovableClock extends Clock {
        volatile Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void add_toNestedRoadmap_keepsTheEpicsAndFindsTheNewTask() throws Exception {
        String nested = "epics:\n  - id: E1\n    tasks:\n      - id: T1\n        status: done\n"
                + "    milestones:\n      - id: M1\n        tasks:\n          - id: T2\n            dependencies: [T1]\n";
        Files.writeString(file, nested);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", "T3");
        fields.put("title", "new");
        fields.put("dependencies", List.of("T2"));

        store.update((r, e, log) -> e.add(fields));

        Roadmap roadmap = store.read();
        assertThat(roadmap.tasks()).extracting(RoadmapTask::id).containsExactly("T1", "T2", "T3");
        assertThat(task(roadmap, "T1").epic()).isEqualTo("E1");
        assertThat(task(roadmap, "T3").dependencies()).containsExactly("T2");
        assertThat(task(roadmap, "T3").title()).isEqualTo("new");
        assertThat(roadmap.warnings()).isEmpty();
        assertThat(Files.readString(file)).startsWith(nested);
    }

    @Test
    void anotherWritersChange_isSeenByTheNextTransaction() throws Exception {
        try (FileLockManager otherLocks = FileLockManager.builder(locksDir).owner("other").build()) {
            RoadmapStore other = new RoadmapStore(new StateDir(dir), otherLocks);
            store.update((r, e, log) -> e.set(task(r, "A"), "status", "in_progress"));
            other.update((r, e, log) -> e.set(task(r, "A"), "title", "changed by the other worker"));

            Roadmap seen = store.update((r, e, log) -> {
                e.set(task(r, "A"), "status", "done");
                return r;
            });

            assertThat(task(seen, "A").title()).isEqualTo("changed by the other worker");
            assertThat(task(RoadmapReader.read(file), "A").fields()).containsEntry("title", "changed by the other worker")
                    .containsEntry("status", "done");
        }
    }

    @Test
    void aHandEditBetweenTransactions_isSeen_evenWithTheSameSize() throws Exception {
        store.update((r, e, log) -> e.set(task(r, "A"), "status", "done"));
        String written = Files.readString(file);
        // an editor that saves through a new file: the same size, a new inode
        Path saved = dir.resolve("saved.yaml");
        Files.writeString(saved, written.replace("title: first", "title: FIRST"));
        Files.move(saved, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        String title = store.update((r, e, log) -> task(r, "A").title());
        assertThat(title).isEqualTo("FIRST");

        // and one that writes in place, with the same size again, at once
        Files.writeString(file, written.replace("title: first", "title: FIRZT"));

        title = store.update((r, e, log) -> task(r, "A").title());
        assertThat(title).isEqualTo("FIRZT");
    }

    @Test
    void aTransactionAfterItsOwnWrite_readsTheSameTasksAsTheFile() throws Exception {
        Files.writeString(file, ROADMAP + "  - id: B\n    dependencies: [A]\n  - id: C\n    status: odd\n");
        store.update((r, e, log) -> e.set(task(r, "B"), "status", "in_progress").set(task(r, "A"), "owns", List.of("src/a")));

        Roadmap kept = store.update((r, e, log) -> r);

        Roadmap whole = RoadmapReader.read(file);
        RoadmapSpliceProperties.assertSame(kept, whole);
        assertThat(kept.warnings()).extracting(RoadmapWarning::taskId).containsExactly("C");
    }

    @Test
    void aChangeOfAFewBytesByAnotherWriter_readsAsTheWholeFileDoes_andABrokenByteIsNamedByItsLine() throws Exception {
        Files.writeString(file, ROADMAP + "  - id: B\n    title: second\n  - id: C\n    title: third\n");
        store.update((r, e, log) -> e.set(task(r, "A"), "status", "in_progress"));
        String written = Files.readString(file);

        Files.writeString(file, written.replace("title: third", "title: th\u0000ird"));
        assertThatThrownBy(() -> store.update((r, e, log) -> r)).isInstanceOf(RoadmapException.class)
                .hasMessageContaining(":9:").hasMessageContaining("NUL");

        Files.writeString(file, written.replace("title: second", "title: zwei \u00e9t\u00e9 \uD83D\uDE80"));
        Roadmap read = store.update((r, e, log) -> r);
        assertThat(task(read, "B").title()).isEqualTo("zwei \u00e9t\u00e9 \uD83D\uDE80");
        RoadmapSpliceProperties.assertSame(read, RoadmapReader.read(file));
    }
    @Test
    void textsThatAreNotAscii_roundTripByteForByte_asTwoWritersEditInTurns() throws Exception {
        String text = ROADMAP + "  - id: B\n    title: second # a comment\n    status: pending\n  - id: C\n    title: third\n";
        Files.writeString(file, text);
        // each step: who writes, which task, which field, what value; the roadmap goes from ASCII to
        // other characters and back, so that each writer reads and edits both kinds of text
        List<Object[]> steps = List.of(
                new Object[]{0, "A", "status", "in_progress"},
                new Object[]{1, "B", "title", "zwei \u00e9t\u00e9 \uD83D\uDE80"},
                new Object[]{0, "C", "status", "done"},
                new Object[]{1, "A", "note", "caf\u00e9 \u4e2d"},
                new Object[]{0, "B", "title", "plain again"},
                new Object[]{1, "A", "note", null},
                new Object[]{0, "C", "status", "pending"},
                new Object[]{1, "A", "status", "done"});
        try (FileLockManager otherLocks = FileLockManager.builder(locksDir).owner("other").build()) {
            RoadmapStore[] writers = {store, new RoadmapStore(new StateDir(dir), otherLocks)};
            for (Object[] step : steps) {
                String id = (String) step[1];
                String key = (String) step[2];
                // what the editor makes of the text as a string, from a whole parse: the bytes the file must hold
                Roadmap whole = RoadmapReader.parse(file, text);
                text = new RoadmapEditor(whole).set(task(whole, id), key, step[3]).apply();

                writers[(Integer) step[0]].update((r, e, log) -> e.set(task(r, id), key, step[3]));

                assertThat(Files.readAllBytes(file)).isEqualTo(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                for (RoadmapStore writer : writers) {
                    Roadmap read = writer.update((r, e, log) -> r);
                    assertThat(read.text()).isEqualTo(text);
                    RoadmapSpliceProperties.assertSame(read, RoadmapReader.read(file));
                }
            }
        }
    }
}
