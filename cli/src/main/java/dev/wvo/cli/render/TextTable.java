package dev.wvo.cli.render;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A plain-text table with left-aligned columns separated by two spaces. Each cell may carry a
 * style that is applied after padding, so colour codes never shift the columns.
 */
public final class TextTable {

    /** One cell: its text, shown safely on one line ({@link TerminalText#line}), and the style to print it in. */
    public record Cell(String text, UnaryOperator<String> style) {
        public Cell {
            text = TerminalText.line(text);
        }

        public static Cell plain(String text) {
            return new Cell(text, UnaryOperator.identity());
        }
    }

    private final List<String> headers;
    private final List<List<Cell>> rows = new ArrayList<>();

    public TextTable(List<String> headers) {
        this.headers = List.copyOf(headers);
    }

    public void add(List<Cell> row) {
        if (row.size() != headers.size()) {
            throw new IllegalArgumentException("row has " + row.size() + " cells, the table " + headers.size() + " columns");
        }
        rows.add(List.copyOf(row));
    }

    /** The table's lines: header first, columns padded to the widest cell, trailing spaces removed. */
    public List<String> lines(UnaryOperator<String> headerStyle) {
        StringWriter buffer = new StringWriter();
        print(new PrintWriter(buffer), headerStyle);
        return buffer.toString().lines().toList();
    }

    public void print(PrintWriter out, UnaryOperator<String> headerStyle) {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = headers.get(c).length();
            for (List<Cell> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).text().length());
            }
        }
        List<Cell> headerRow = headers.stream().map(h -> new Cell(h, headerStyle)).toList();
        printRow(out, headerRow, widths);
        rows.forEach(row -> printRow(out, row, widths));
    }

    private static void printRow(PrintWriter out, List<Cell> row, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < row.size(); c++) {
            Cell cell = row.get(c);
            boolean last = c == row.size() - 1;
            String padded = last ? cell.text() : cell.text() + " ".repeat(widths[c] - cell.text().length());
            line.append(cell.style().apply(padded));
            if (!last) {
                line.append("  ");
            }
        }
        out.println(line.toString().stripTrailing());
    }
}
