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
            return new Cell(text, UNSTYLED);
        }
    }

    /** The style of a plain cell: its text printed as it is. */
    private static final UnaryOperator<String> UNSTYLED = UnaryOperator.identity();

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
        // one builder for every line: a 10,000-row table would otherwise make three strings per cell
        StringBuilder line = new StringBuilder(256);
        printRow(out, headerRow, widths, line);
        for (List<Cell> row : rows) {
            printRow(out, row, widths, line);
        }
    }

    private static void printRow(PrintWriter out, List<Cell> row, int[] widths, StringBuilder line) {
        line.setLength(0);
        for (int c = 0; c < row.size(); c++) {
            Cell cell = row.get(c);
            boolean last = c == row.size() - 1;
            int padding = last ? 0 : widths[c] - cell.text().length();
            if (cell.style() == UNSTYLED) {
                line.append(cell.text());
                for (int i = 0; i < padding; i++) {
                    line.append(' ');
                }
            } else {
                line.append(cell.style().apply(padding == 0 ? cell.text() : cell.text() + " ".repeat(padding)));
            }
            if (!last) {
                line.append("  ");
            }
        }
        int end = line.length();
        while (end > 0 && Character.isWhitespace(line.charAt(end - 1))) { // as String.stripTrailing
            end--;
        }
        line.setLength(end);
        out.append(line);
        out.println();
    }
}
