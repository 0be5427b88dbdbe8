package dev.wvo.roadmap;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's last check before a write ({@link ChangeReadBack}): a roadmap read back otherwise
 * than the change meant is named; what the editor writes reads back as meant, whatever the value.
 */
class ChangeReadBackTest {

    private static final Path FILE = Path.of("roadmap.yaml");
    private static final String TEXT = "tasks:\n  - id: a\n    status: pending\n  - id: b\n";

    @Example
    void aFieldThatReadsBackOtherwise_isNamed_withBothValues() {
        Roadmap before = RoadmapReader.parse(FILE, TEXT);
        RoadmapEditor editor = new RoadmapEditor(before)
                .set(before.tasks().get(0), "status", "in_progress")
                .set(before.tasks().get(0), "claim", claim());
        Roadmap claimed = RoadmapReader.parse(FILE, editor.apply());
        assertThat(ChangeReadBack.misread(editor, claimed)).isEmpty();

        // what an editor that misplaced the claim would have written: the status as it was
        Roadmap misplaced = RoadmapReader.parse(FILE, editor.apply().replace("status: in_progress", "status: pending"));
        assertThat(ChangeReadBack.misread(editor, misplaced))
                .contains("task a would read `status: pending`, where `status: in_progress` was meant");
        Roadmap lost = RoadmapReader.parse(FILE, editor.apply().replace("    claim:\n      worker: w1\n      attempt: 1\n", ""));
        assertThat(ChangeReadBack.misread(editor, lost))
                .contains("task a would read without `claim`, where `claim: {worker: w1, attempt: 1}` was meant");
    }

    /** A claim's fields in their order (Map.of's order changes from one JVM to the next). */
    private static Map<String, Object> claim() {
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put("worker", "w1");
        claim.put("attempt", 1);
        return claim;
    }

    @Example
    void aTaskLostOrAddedElsewhere_isNamed() {
        Roadmap before = RoadmapReader.parse(FILE, TEXT);
        RoadmapEditor editor = new RoadmapEditor(before).add(Map.of("id", "n", "status", "pending"));
        assertThat(ChangeReadBack.misread(editor, RoadmapReader.parse(FILE, editor.apply()))).isEmpty();

        assertThat(ChangeReadBack.misread(editor, RoadmapReader.parse(FILE, "tasks:\n  - id: a\n  - id: n\n")))
                .contains("it would hold 2 tasks, where 3 were meant");
        assertThat(ChangeReadBack.misread(editor, RoadmapReader.parse(FILE,
                "tasks:\n  - id: a\n    status: pending\n  - id: n\n    status: done\n  - id: b\n")))
                .contains("task n would read `status: done`, where `status: pending` was meant");
        assertThat(ChangeReadBack.misread(editor, RoadmapReader.parse(FILE,
                "tasks:\n  - id: b\n  - id: a\n    status: pending\n  - id: n\n    status: pending\n")))
                .contains("task b would stand where task a was");
    }

    @Example
    void aNewIdAndAnAddedTaskWithTheIdOfTheNext_readAsMeant() {
        String text = "tasks:\n  - id: a\nepics:\n  - id: E\n    tasks:\n      - id: x\n        title: the epic's\n";
        Roadmap before = RoadmapReader.parse(FILE, text);
        RoadmapEditor editor = new RoadmapEditor(before).set(before.tasks().get(0), "id", "z")
                .add(Map.of("id", "x", "title", "a new one"));
        String edited = editor.apply();
        assertThat(edited).contains("- id: z").contains("title: a new one");
        assertThat(ChangeReadBack.misread(editor, RoadmapReader.parse(FILE, edited))).isEmpty();
    }

    /** Any string a worker records (an agent's summary, say) is written so that it reads back as itself. */
    @Property(tries = 300)
    void anyStringTheEditorWrites_readsBackAsItself(@ForAll("strings") String value) {
        Roadmap before = RoadmapReader.parse(FILE, TEXT);
        RoadmapEditor editor = new RoadmapEditor(before).set(before.tasks().get(1), "summary", value)
                .set(before.tasks().get(1), "result", Map.of("summary", value, "artifacts", List.of(value)));
        Roadmap after = RoadmapReader.parse(FILE, editor.apply());
        assertThat(after.tasks().get(1).fields().get("summary")).isEqualTo(value);
        assertThat(ChangeReadBack.misread(editor, after)).isEmpty();
    }

    @Provide
    Arbitrary<String> strings() {
        // YAML's line breaks and controls among any text; a lone surrogate is no text UTF-8 can hold
        Arbitrary<Character> hard = Arbitraries.of('\u0085', '\u2028', '\u2029', '\u007f', '\u0080', '\u009f', '\ufeff',
                '\ufffe', '\uffff', '\t', '\r', '\n', '\u0000', '"', '\\', ':', '#', ' ', 'a', 'é', '\u00a0');
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(12),
                        hard.list().ofMaxSize(8).map(cs -> cs.stream().map(String::valueOf).reduce("", String::concat)))
                .filter(s -> s.codePoints().noneMatch(c -> Character.isSurrogate((char) c) && c <= 0xFFFF));
    }
}
