package dev.wvo.context;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One item of an update-log section: an entry (its first line and its continuation lines) or a
 * note without a timestamp.
 *
 * @param lines     the item's lines as written, without trailing blank lines
 * @param timestamp the entry's own timestamp, empty for a note
 * @param sortKey   where the item sorts: its timestamp, or for a note the sort key of the item
 *                  before it ({@link Instant#MAX} at the top), so that a note stays with its neighbour
 * @param kind      how the first line is written, which decides the spacing when rendered
 */
record LogItem(List<String> lines, Optional<Instant> timestamp, Instant sortKey, Kind kind) {

    enum Kind { LIST, HEADING, PARAGRAPH }

    LogItem {
        lines = List.copyOf(lines);
    }

    /** Identity for de-duplication: the text with trailing whitespace ignored. */
    String key() {
        StringBuilder key = new StringBuilder();
        for (String line : lines) {
            key.append(line.stripTrailing()).append('\n');
        }
        return key.toString();
    }

    boolean timestamped() {
        return timestamp.isPresent();
    }
}
