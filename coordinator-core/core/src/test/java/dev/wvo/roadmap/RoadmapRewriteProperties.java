package dev.wvo.roadmap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wvo.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any edit of one task through {@link RoadmapEditor} (set or remove fields, with awkward values)
 * reads back as exactly that edit, and leaves every line outside the task as it was.
 */
class RoadmapRewriteProperties {

    private static final Object REMOVE = new Object();
    private static final List<String> FIXTURES = List.of("roadmap-2025-10-11-449a9c97.yaml",
            "roadmap-2025-10-23-12d72bfa.yaml", "roadmap-2025-11-19-8d8e17e8.yaml");

    record Edit(String field, Object value) {
    }

    @Property(tries = 150)
    void editOfOneTask_readsBackExactly_andLeavesOtherLinesAlone(@ForAll("fixture") String fixture,
            @ForAll("position") double position, @ForAll("edits") List<Edit> edits) {
        Path file = Fixtures.weathervane().resolve(fixture);
        String text = read(file);
        Roadmap roadmap = RoadmapReader.parse(file, text);
        int index = (int) (position * roadmap.tasks().size());
        RoadmapTask task = roadmap.tasks().get(index);
        RoadmapEditor editor = new RoadmapEditor(roadmap);
        Map<String, Object> expected = new LinkedHashMap<>(task.fields());
        for (Edit edit : edits) {
            Object value = edit.value() == REMOVE ? null : edit.value();
            editor.set(task, edit.field(), value);
            if (value == null) {
                expected.remove(edit.field());
            } else {
                expected.put(edit.field(), value);
            }
        }

        String rendered = editor.apply();
        Roadmap reread = RoadmapReader.parse(file, rendered);

        assertThat(reread.tasks()).hasSize(roadmap.tasks().size());
        assertThat(reread.tasks().get(index).fields()).isEqualTo(expected);
        List<String> before = text.lines().toList();
        List<String> after = rendered.lines().toList();
        int start = task.line() - 1;
        assertThat(after.subList(0, start)).isEqualTo(before.subList(0, start));
        if (index + 1 < roadmap.tasks().size()) {
            // everything from the next task on is the old text, shifted by the edit's change in length
            int next = roadmap.tasks().get(index + 1).line() - 1;
            int delta = after.size() - before.size();
            assertThat(next).isGreaterThan(start);
            assertThat(after.subList(next + delta, after.size())).isEqualTo(before.subList(next, before.size()));
        }
    }

    /**
     * An edit of a roadmap read with its bytes, ASCII as most are (its new bytes made from the old
     * ones), gives the text and bytes of the same edit of the text alone.
     */
    @Property(tries = 60)
    void editOfARoadmapReadWithItsBytes_writesItsTextsUtf8(@ForAll("fixture") String fixture,
            @ForAll("position") double position, @ForAll("edits") List<Edit> edits) {
        Path file = Fixtures.weathervane().resolve(fixture);
        String text = read(file).replaceAll("[^\\x00-\\x7F]", "x");
        Roadmap withBytes = RoadmapReader.read(file, text.getBytes(StandardCharsets.UTF_8));
        Roadmap textOnly = RoadmapReader.parse(file, text);
        int index = (int) (position * textOnly.tasks().size());
        RoadmapEditor editor = new RoadmapEditor(withBytes);
        RoadmapEditor plain = new RoadmapEditor(textOnly);
        for (Edit edit : edits) {
            Object value = edit.value() == REMOVE ? null : edit.value();
            editor.set(withBytes.tasks().get(index), edit.field(), value);
            plain.set(textOnly.tasks().get(index), edit.field(), value);
        }

        String rendered = editor.apply();
        assertThat(rendered).isEqualTo(plain.apply());
        assertThat(editor.utf8(rendered)).isEqualTo(rendered.getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> fixture() {
        return Arbitraries.of(FIXTURES);
    }

    @Provide
    Arbitrary<Double> position() {
        return Arbitraries.doubles().between(0, true, 1, false);
    }

    @Provide
    Arbitrary<List<Edit>> edits() {
        Arbitrary<String> field = Arbitraries.of("status", "title", "description", "dependencies", "claim",
                "result", "owns", "attempts", "new_field", "id_extra", "exit_criteria", "acceptance");
        Arbitrary<Object> value = Arbitraries.oneOf(text().map(Object.class::cast),
                text().list().ofMaxSize(3).map(Object.class::cast),
                Arbitraries.longs().map(Object.class::cast), Arbitraries.of(true, false).map(Object.class::cast),
                text().map(RoadmapRewriteProperties::object), Arbitraries.just(REMOVE));
        return Combinators.combine(field, value).as(Edit::new).list().ofMinSize(1).ofMaxSize(4);
    }

    private static Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.of("0", "on", "1:30", "null", "- x", "#", "done", "yes", "no", "~", "123", "1.5", "", " ",
                        "- item", "a: b", "# no", "x #y", "'q'", "\"dq\"", "it's", "line1\nline2", "line1\n\nline3\n",
                        "trailing ", "[a, b]", "{k: v}", "*alias", "&anchor", "!tag", "%", "@", "`tick`",
                        "—ünïcode— 😀", "tab\there", "0x1F", "2025-11-19", "1_000", ".inf", "0o17", "Y", "On", "off",
                        "NULL", "=", "<<", "!!str x", "? q", "|", ">"),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(20));
    }

    private static Object object(String text) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("worker", text);
        object.put("artifacts", List.of(text));
        return object;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
