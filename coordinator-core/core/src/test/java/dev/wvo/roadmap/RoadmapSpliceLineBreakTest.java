package dev.wvo.roadmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Splices that read otherwise than the whole parse, found in a review of f72730e (and there
 * before it, at 95c2411): each failed there; such a splice now declines, and the whole text is read.
 */
class RoadmapSpliceLineBreakTest {

    private static final Path FILE = Path.of("roadmap.yaml");
    private static final String BEFORE = "tasks:\n  - id: a\n    status: pending\n  - a note\n  - id: b\n";

    /**
     * SnakeYAML counts a lone CR, NEL (U+0085), U+2028 and U+2029 as line breaks; a piece's line
     * count ({@link TaskLayout#lineEnds}) counts LF alone. One of them written into a task by hand
     * moves every later task's line (and a later entry's warning) by one in the whole parse, not
     * in the splice: the splice must read the lines as the whole parse does, or decline.
     */
    @ParameterizedTest
    @ValueSource(strings = {"\r", "\u0085", "\u2028", "\u2029"})
    void aLineBreakOtherThanLfInAPiece_movesTheLaterLinesAsTheWholeParse(String lineBreak) {
        Roadmap before = RoadmapReader.parse(FILE, BEFORE);
        assertThat(before.taskLayout()).isPresent();
        String changed = "tasks:\n  - id: a\n    title: \"x" + lineBreak + " y\"\n    status: pending\n  - a note\n  - id: b\n";

        Roadmap whole = RoadmapReader.parse(FILE, changed);
        Optional<Roadmap> spliced = RoadmapSplice.apply(before, changed, changed.getBytes(StandardCharsets.UTF_8));

        spliced.ifPresent(s -> {
            assertThat(s.tasks().get(1).line()).as("line of task b").isEqualTo(whole.tasks().get(1).line());
            assertThat(s.warnings()).isEqualTo(whole.warnings());
        });
    }

    /**
     * An explicit key that is itself a mapping ({@code ? status: pending}, written by hand) is a
     * key the editor never names, so the piece reads alone; in the whole text its empty value is
     * marked at the next item's dash, and {@link TaskLayout#of} finds no layout. The splice gave
     * the roadmap a layout the whole parse does not.
     */
    @Test
    void anExplicitMappingKeyInAPiece_splicesToTheLayoutOfTheWholeParse() {
        Roadmap before = RoadmapReader.parse(FILE, BEFORE);
        String changed = "tasks:\n  - id: a\n    ? status: pending\n  - a note\n  - id: b\n";

        Roadmap whole = RoadmapReader.parse(FILE, changed);
        Optional<Roadmap> spliced = RoadmapSplice.apply(before, changed, changed.getBytes(StandardCharsets.UTF_8));

        spliced.ifPresent(s -> assertThat(s.taskLayout().map(RoadmapSpliceProperties::places))
                .isEqualTo(whole.taskLayout().map(RoadmapSpliceProperties::places)));
    }
}
