package dev.wvo.gitmerge;

import dev.wvo.roadmap.Roadmap;
import dev.wvo.roadmap.RoadmapEditor;
import dev.wvo.roadmap.RoadmapReader;
import dev.wvo.roadmap.RoadmapTask;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RoadmapMergeProperties {

    private static final Path FILE = Path.of("roadmap.yaml");
    private static final int TASKS = 6;
    private static final List<String> FIELDS = List.of("title", "priority", "domain", "notes");

    /** One field set on one task; tasks and fields by number. */
    record Change(int task, int field, String value) {
    }

    @Property(tries = 200)
    void changesToDisjointTasksMergeCleanlyAndBothLand(@ForAll("changes") List<Change> ours,
                                                       @ForAll("changes") List<Change> theirs) {
        List<Change> theirsElsewhere = theirs.stream().map(c -> new Change(c.task() + TASKS, c.field(), c.value()))
                .toList();
        String base = base();

        RoadmapMergeResult result = RoadmapMerge.merge(FILE, base, apply(base, ours), apply(base, theirsElsewhere));

        assertThat(result.clean()).isTrue();
        assertThat(fieldsOf(result.text())).isEqualTo(fieldsOf(apply(apply(base, ours), theirsElsewhere)));
        assertThat(result.text()).isEqualTo(apply(apply(base, ours), theirsElsewhere));
    }

    @Property(tries = 200)
    void aMergeIsTheSameTasksWhicheverSideIsOurs(@ForAll("changes") List<Change> a, @ForAll("changes") List<Change> b) {
        String base = base();
        RoadmapMergeResult ab = RoadmapMerge.merge(FILE, base, apply(base, a), apply(base, b));
        RoadmapMergeResult ba = RoadmapMerge.merge(FILE, base, apply(base, b), apply(base, a));

        assertThat(ab.conflicts()).hasSameSizeAs(ba.conflicts());
        if (ab.clean()) {
            assertThat(fieldsOf(ab.text())).isEqualTo(fieldsOf(ba.text()));
        } else {
            assertThat(RoadmapReader.parse(FILE, ab.text()).tasks()).hasSize(2 * TASKS);
            assertThat(RoadmapConflicts.list(RoadmapReader.parse(FILE, ab.text()))).isEqualTo(ab.conflicts());
        }
    }

    @Property(tries = 100)
    void nothingChangedOnOneSideGivesTheOtherSideExactly(@ForAll("changes") List<Change> changes) {
        String base = base();
        String changed = apply(base, changes);

        assertThat(RoadmapMerge.merge(FILE, base, changed, base).text()).isEqualTo(changed);
        assertThat(RoadmapMerge.merge(FILE, base, base, changed).text()).isEqualTo(changed);
    }

    @Provide
    Arbitrary<List<Change>> changes() {
        Arbitrary<Change> change = Combinators.combine(Arbitraries.integers().between(0, TASKS - 1),
                Arbitraries.integers().between(0, FIELDS.size() - 1),
                Arbitraries.of("x", "y", "two words", "7", "a: b", "")).as(Change::new);
        return change.list().ofMaxSize(8);
    }

    /** 2 × TASKS tasks: the first TASKS for one side's changes, the rest for the other's. */
    private static String base() {
        StringBuilder text = new StringBuilder("version: 2\n# roadmap\ntasks:\n");
        for (int i = 0; i < 2 * TASKS; i++) {
            text.append("  - id: t").append(i).append("\n    title: Task ").append(i)
                    .append("   # a comment\n    status: pending\n");
            if (i % 2 == 0) {
                text.append("    priority: 2\n");
            }
        }
        return text.toString();
    }

    private static String apply(String text, List<Change> changes) {
        String current = text;
        for (Change c : changes) {
            Roadmap roadmap = RoadmapReader.parse(FILE, current);
            current = new RoadmapEditor(roadmap).set(roadmap.task("t" + c.task()).orElseThrow(), FIELDS.get(c.field()),
                    c.value()).apply();
        }
        return current;
    }

    private static Map<String, Map<String, Object>> fieldsOf(String text) {
        Map<String, Map<String, Object>> all = new LinkedHashMap<>();
        for (RoadmapTask task : RoadmapReader.parse(FILE, text).tasks()) {
            all.put(task.id(), task.fields());
        }
        return all;
    }
}
