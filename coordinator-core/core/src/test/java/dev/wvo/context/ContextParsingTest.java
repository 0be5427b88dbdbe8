package dev.wvo.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContextParsingTest {

    private final ContextMerger merger = new ContextMerger(ContextMergeConfig.defaults());

    @Test
    void parse_keepsTextBeforeTheFirstHeadingAndDeeperHeadingsInTheBody() {
        ContextDocument doc = merger.parse("# Title\nintro\n\n## A\none\n### Sub\ntwo\n\n\n## B\n");

        assertThat(doc.preamble()).containsExactly("# Title", "intro");
        assertThat(doc.headings()).containsExactly("A", "B");
        assertThat(doc.section("A").orElseThrow().body()).containsExactly("one", "### Sub", "two");
        assertThat(doc.section("B").orElseThrow().body()).isEmpty();
    }

    @Test
    void render_separatesSectionsByOneBlankLineAndEndsWithANewline() {
        String text = merger.parse("## A\r\n\r\none\r\n## B\ntwo").render();

        assertThat(text).isEqualTo("## A\none\n\n## B\ntwo\n");
    }

    @Test
    void repeatedNonLogSections_keepEachDistinctBodyOnceAtTheFirstPlace() {
        String text = merger.parse("## A\nx\n\n## B\nb\n\n## A\ny\n\n## A\nx\n").render();

        assertThat(text).isEqualTo("## A\nx\n\ny\n\n## B\nb\n");
    }

    @Test
    void repeatedLogSections_mergeTheirEntriesNewestFirst() {
        String text = merger.parse("## Recent Activity\n- [2025-10-22T18:16:16.673Z] old\n\n"
                + "## Other\no\n\n## Recent Activity\n- [2025-10-22T18:18:20.373Z] new\n").render();

        assertThat(text).isEqualTo("## Recent Activity\n- [2025-10-22T18:18:20.373Z] new\n"
                + "- [2025-10-22T18:16:16.673Z] old\n\n## Other\no\n");
    }

    @Test
    void logSectionNames_matchIgnoringCase_andConfiguredNamesAreLogsToo() {
        ContextMergeConfig config = ContextMergeConfig.defaults().withLogSections(List.of("Recent Fixes"));

        assertThat(config.isLogSection("recent activity")).isTrue();
        assertThat(config.isLogSection(" Recent Fixes ")).isTrue();
        assertThat(config.isLogSection("Current Focus")).isFalse();
    }

    @Test
    void emptyText_isAnEmptyDocument() {
        assertThat(merger.parse("").render()).isEmpty();
        assertThat(merger.parse("\n\n").render()).isEmpty();
    }
}
