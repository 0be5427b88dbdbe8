package dev.wvo.roadmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A comment with no blank before it, right after a closing brace, bracket or quote ({@code
 * {id: a}#x}, {@code title: "x"#c}): SnakeYAML reads it as a comment (its scanner skips to the next
 * token and takes a {@code #} there for one), so the file loads. Found in a review of a6fd70a
 * ({@link RoadmapSpliceFlowProperties}); each test fails at 7e56f61.
 */
class RoadmapSpliceTightCommentTest {

    private static final Path FILE = Path.of("roadmap.yaml");
    private static final String BEFORE = "tasks:\n  - {id: a, status: pending}\n  - id: b\n    status: pending\n";

    /**
     * The piece reads alone, so the splice gives the roadmap a layout; {@link TaskLayout#of} wants a
     * blank before a comment's {@code #} ({@code onlyCommentsAndBlanks}), so the whole parse of the
     * same text has none. Since a6fd70a for a task in flow style; for a quoted last value of a block
     * task it was so before (9cedf58).
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "tasks:\n  - {id: a, status: done}#x\n  - id: b\n    status: pending\n",
        "tasks:\n  - {id: a, owns: [src/a]}#x\n  - id: b\n    status: pending\n",
        "tasks:\n  - id: a\n    status: \"done\"#x\n  - id: b\n    status: pending\n",
    })
    void aTightCommentAfterATask_splicesToTheLayoutOfTheWholeParse(String changed) {
        Roadmap before = RoadmapReader.parse(FILE, BEFORE);
        assertThat(before.taskLayout()).isPresent();

        Roadmap whole = RoadmapReader.parse(FILE, changed);
        Optional<Roadmap> spliced = RoadmapSplice.apply(before, changed, changed.getBytes(StandardCharsets.UTF_8));

        spliced.ifPresent(s -> assertThat(s.taskLayout().map(RoadmapSpliceProperties::places))
                .as("the layout of the whole parse").isEqualTo(whole.taskLayout().map(RoadmapSpliceProperties::places)));
    }

    /**
     * The editor rewrites a flow task in block style up to its closing brace, and the comment
     * after it is glued to the last value it writes: {@code status: done#x} reads as the string
     * {@code done#x}. The store's check ({@link ChangeReadBack}) refuses the write, so the task
     * cannot be claimed until someone puts a blank before the {@code #}. The same for a value
     * appended after a quoted one ({@code title: "x"#c}); there before a6fd70a.
     */
    @ParameterizedTest
    @ValueSource(strings = {"tasks:\n  - {id: a, status: pending}#x\n", "tasks:\n  - id: a\n    title: \"x\"#c\n"})
    void anEditOfATaskWithATightComment_meansWhatItSays(String text) {
        Roadmap roadmap = RoadmapReader.parse(FILE, text);
        RoadmapEditor editor = new RoadmapEditor(roadmap).set(roadmap.tasks().get(0), "status", "done");

        String edited = editor.apply();

        assertThat(ChangeReadBack.misread(editor, RoadmapReader.parse(FILE, edited))).as(edited).isEmpty();
    }

    /** For contrast: with a blank before the {@code #}, both agree (and the edit keeps the comment). */
    @Test
    void aCommentWithABlankBeforeIt_splicesAndEditsAsTheWholeParse() {
        Roadmap before = RoadmapReader.parse(FILE, BEFORE);
        String changed = "tasks:\n  - {id: a, status: done} #x\n  - id: b\n    status: pending\n";

        Roadmap whole = RoadmapReader.parse(FILE, changed);
        Optional<Roadmap> spliced = RoadmapSplice.apply(before, changed, changed.getBytes(StandardCharsets.UTF_8));

        assertThat(spliced).isPresent();
        RoadmapSpliceProperties.assertSame(spliced.get(), whole);
        RoadmapEditor editor = new RoadmapEditor(whole).set(whole.tasks().get(0), "status", "pending");
        assertThat(editor.apply()).isEqualTo("tasks:\n  - id: a\n    status: pending #x\n  - id: b\n    status: pending\n");
    }
}
