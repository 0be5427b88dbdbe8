package dev.wvo.cli.render;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextTableTest {

    private static final Palette COLOUR = new Palette(true);

    @Test
    void lines_padColumnsToTheWidestCell_andCutTrailingBlanks() {
        TextTable table = new TextTable(List.of("ID", "TITLE", "NOTE"));
        table.cell("T1").cell("A longer title").cell("");
        table.cell("T10").cell("Short").cell("waits");

        assertThat(table.lines(UnaryOperator.identity())).containsExactly(
                "ID   TITLE           NOTE",
                "T1   A longer title",
                "T10  Short           waits");
    }

    @Test
    void styles_applyAfterPadding_soColoursNeverShiftTheColumns() {
        TextTable table = new TextTable(List.of("STATUS", "WHY"));
        table.cell("done", COLOUR::green).cell("", COLOUR::dim);

        assertThat(table.lines(COLOUR::bold)).containsExactly(
                "\u001b[1mSTATUS\u001b[0m  \u001b[1mWHY\u001b[0m",
                "\u001b[32mdone  \u001b[0m  \u001b[2m\u001b[0m");
    }

    @Test
    void cellsOneAtATime_printAsRowsAddedWhole() {
        TextTable byCell = new TextTable(List.of("A", "B", "C"));
        TextTable byRow = new TextTable(List.of("A", "B", "C"));
        for (int i = 0; i < 100; i++) { // past the first arrays' size
            String b = "b".repeat(i % 7);
            byCell.cell("a" + i).cell(b, COLOUR::red).cell(i % 2 == 0 ? "" : "c");
            byRow.add(List.of(TextTable.Cell.plain("a" + i), new TextTable.Cell(b, COLOUR::red),
                    TextTable.Cell.plain(i % 2 == 0 ? "" : "c")));
        }

        assertThat(printed(byCell)).isEqualTo(printed(byRow)).hasLineCount(101);
    }

    @Test
    void controlCharacters_areEscapedInEveryCell() {
        TextTable table = new TextTable(List.of("ID", "TITLE"));
        table.cell("T\u001b[2J").cell("two\nlines");
        table.add(List.of(TextTable.Cell.plain("T\u202e"), TextTable.Cell.plain("x")));

        assertThat(table.lines(UnaryOperator.identity())).containsExactly(
                "ID       TITLE",
                "T\\e[2J   two\\nlines",
                "T\\u202e  x");
    }

    @Test
    void anUnfinishedRow_isRefused() {
        TextTable table = new TextTable(List.of("A", "B"));
        table.cell("a");

        assertThatThrownBy(() -> table.print(new PrintWriter(new StringWriter()), UnaryOperator.identity()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("1 of 2 cells");
        assertThatThrownBy(() -> table.add(List.of(TextTable.Cell.plain("x"), TextTable.Cell.plain("y"))))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new TextTable(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private static String printed(TextTable table) {
        StringWriter out = new StringWriter();
        table.print(new PrintWriter(out), COLOUR::bold);
        return out.toString();
    }
}
