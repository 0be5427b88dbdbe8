package dev.wvo.cli.shell;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Plain text columns, padded to the widest cell, for the shell's answers. */
final class Columns {

    private final List<List<String>> rows = new ArrayList<>();

    Columns(String... headers) {
        rows.add(List.of(headers));
    }

    Columns add(Object... cells) {
        rows.add(Arrays.stream(cells).map(c -> c == null ? "-" : c.toString()).toList());
        return this;
    }

    List<String> lines() {
        int[] widths = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + widths[i] + "s  ", row.get(i)));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
