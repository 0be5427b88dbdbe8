package dev.wvo.cli.render;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A plain-text table with left-aligned columns separated by two spaces. Each cell may carry a
 * style that is applied after padding, so colour codes never shift the columns.
 *
 * <p>Rows are added whole ({@link #add}) or a cell at a time ({@link #cell}); either way the table
 * keeps each cell's text and style in two flat arrays, not an object per cell: {@code task list}
 * on 10,000 tasks makes 60,000 cells, and in the cold JVM of a command each object it need not
 * make is time (docs/performance.md, "CLI start-up on a 10,000-task roadmap").
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
    private final int columns;
    /** The cells' texts, row after row, escaped for one line. */
    private String[] texts = new String[64];
    /** The cells' styles, in the same places; null for a plain cell. */
    private UnaryOperator<String>[] styles = newStyles(64);
    private int cells;

    public TextTable(List<String> headers) {
        this.headers = List.copyOf(headers);
        this.columns = this.headers.size();
        if (columns == 0) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
    }

    public void add(List<Cell> row) {
        if (row.size() != columns) {
            throw new IllegalArgumentException("row has " + row.size() + " cells, the table " + columns + " columns");
        }
        if (cells % columns != 0) {
            throw new IllegalStateException("a row added whole after " + cells % columns + " cells of an unfinished one");
        }
        for (Cell cell : row) {
            put(cell.text(), cell.style() == UNSTYLED ? null : cell.style());
        }
    }

    /** The next cell, plain: the rows fill up one column after the other, {@code headers.size()} cells a row. */
    public TextTable cell(String text) {
        put(TerminalText.line(text), null);
        return this;
    }

    /** The next cell, printed in {@code style} (null: plain) after its padding. */
    public TextTable cell(String text, UnaryOperator<String> style) {
        put(TerminalText.line(text), style == UNSTYLED ? null : style);
        return this;
    }

    private void put(String text, UnaryOperator<String> style) {
        if (cells == texts.length) {
            texts = Arrays.copyOf(texts, cells * 2);
            styles = Arrays.copyOf(styles, cells * 2);
        }
        texts[cells] = text;
        styles[cells] = style;
        cells++;
    }

    /** The table's lines: header first, columns padded to the widest cell, trailing spaces removed. */
    public List<String> lines(UnaryOperator<String> headerStyle) {
        StringWriter buffer = new StringWriter();
        print(new PrintWriter(buffer), headerStyle);
        return buffer.toString().lines().toList();
    }

    /**
     * Prints the table as one piece of text: a writer that flushes at every line (picocli's) would
     * otherwise write 10,000 times for 10,000 rows.
     */
    public void print(PrintWriter out, UnaryOperator<String> headerStyle) {
        if (cells % columns != 0) {
            throw new IllegalStateException("the last row has " + cells % columns + " of " + columns + " cells");
        }
        int[] widths = new int[columns];
        for (int c = 0; c < columns; c++) {
            widths[c] = headers.get(c).length();
        }
        // a loop over rows that calls a method per row: the JVM compiles a method after a few
        // hundred calls, but a loop of 60,000 cells in one call runs interpreted nearly to its end
        long size = 0;
        for (int first = 0; first < cells; first += columns) {
            size += widen(widths, first);
        }
        int lineWidth = 2 * (columns - 1) + 1;
        for (int width : widths) {
            lineWidth += width;
        }
        StringBuilder text = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 16,
                (long) lineWidth * (cells / columns + 1) + size / 8));
        String newLine = System.lineSeparator();
        for (int c = 0; c < columns; c++) {
            appendCell(text, TerminalText.line(headers.get(c)), headerStyle, c, widths);
        }
        endLine(text, 0, newLine);
        for (int first = 0; first < cells; first += columns) {
            appendRow(text, first, widths, newLine);
        }
        out.append(text);
    }

    /** Widens {@code widths} to the row of cells from {@code first}; the length of its texts. */
    private int widen(int[] widths, int first) {
        int size = 0;
        for (int c = 0; c < columns; c++) {
            int length = texts[first + c].length();
            size += length;
            widths[c] = Math.max(widths[c], length);
        }
        return size;
    }

    private void appendRow(StringBuilder text, int first, int[] widths, String newLine) {
        int lineStart = text.length();
        for (int c = 0; c < columns; c++) {
            appendCell(text, texts[first + c], styles[first + c], c, widths);
        }
        endLine(text, lineStart, newLine);
    }

    private void appendCell(StringBuilder line, String text, UnaryOperator<String> style, int column, int[] widths) {
        boolean last = column == columns - 1;
        int padding = last ? 0 : widths[column] - text.length();
        if (style == null) {
            line.append(text);
            for (int i = 0; i < padding; i++) {
                line.append(' ');
            }
        } else {
            line.append(style.apply(padding == 0 ? text : text + " ".repeat(padding)));
        }
        if (!last) {
            line.append("  ");
        }
    }

    /** Ends a line with its trailing blanks cut, as {@code String.stripTrailing} would. */
    private static void endLine(StringBuilder text, int lineStart, String newLine) {
        int end = text.length();
        while (end > lineStart && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        text.setLength(end);
        text.append(newLine);
    }

    @SuppressWarnings("unchecked")
    private static UnaryOperator<String>[] newStyles(int length) {
        return (UnaryOperator<String>[]) new UnaryOperator<?>[length];
    }
}
