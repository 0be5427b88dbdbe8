package dev.wvo.context;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of an update-log section as a list of items, and the merge of such lists: union,
 * de-duplicated, newest first, at most a given number of timestamped entries.
 */
final class UpdateLog {

    private static final Pattern LIST_MARKER = Pattern.compile("^(?:[-*+]|\\d+\\.)\\s.*");
    private static final Pattern HEADING_MARKER = Pattern.compile("^#{1,6}\\s.*");

    private UpdateLog() {
    }

    /**
     * Splits a section body into items. A line at column 0 starts an item, except a plain
     * paragraph line right after another one (a wrapped paragraph); indented lines, and blank
     * lines followed by indented lines, continue the item before them.
     */
    static List<LogItem> parse(List<String> body) {
        List<List<String>> groups = new ArrayList<>();
        List<LogItem.Kind> kinds = new ArrayList<>();
        for (String line : body) {
            List<String> current = groups.isEmpty() ? null : groups.get(groups.size() - 1);
            if (line.isBlank()) {
                if (current != null) {
                    current.add(line);
                }
                continue;
            }
            boolean indented = Character.isWhitespace(line.charAt(0));
            boolean afterBlank = current != null && current.get(current.size() - 1).isBlank();
            boolean continues = current != null && (indented
                    || (!afterBlank && kinds.get(kinds.size() - 1) == LogItem.Kind.PARAGRAPH
                        && kindOf(line) == LogItem.Kind.PARAGRAPH));
            if (continues) {
                current.add(line);
            } else {
                // An item never starts indented: otherwise, placed after another item by a merge,
                // it would read back as that item's continuation.
                String first = line.strip();
                groups.add(new ArrayList<>(List.of(first)));
                kinds.add(kindOf(first));
            }
        }
        List<LogItem> items = new ArrayList<>(groups.size());
        Instant previousKey = Instant.MAX;
        for (int i = 0; i < groups.size(); i++) {
            List<String> lines = stripTrailingBlanks(groups.get(i));
            Optional<Instant> timestamp = EntryTimestamp.parse(lines.get(0));
            Instant sortKey = timestamp.orElse(previousKey);
            items.add(new LogItem(lines, timestamp, sortKey, kinds.get(i)));
            previousKey = sortKey;
        }
        return items;
    }

    /**
     * Merges item lists: every item of every source in order, minus the items whose key is in
     * {@code removed} and minus repeats; then newest first (a stable sort, so equal timestamps keep
     * the order in which they were met); then only the first {@code maxEntries} timestamped
     * entries. Notes never count against the cap and are never dropped by it.
     */
    static List<LogItem> merge(List<List<LogItem>> sources, Set<String> removed, int maxEntries) {
        Map<String, LogItem> unique = new LinkedHashMap<>();
        for (List<LogItem> source : sources) {
            for (LogItem item : source) {
                if (!removed.contains(item.key())) {
                    unique.putIfAbsent(item.key(), item);
                }
            }
        }
        List<LogItem> sorted = new ArrayList<>(unique.values());
        sorted.sort(Comparator.comparing(LogItem::sortKey).reversed());
        List<LogItem> kept = new ArrayList<>(sorted.size());
        int entries = 0;
        for (LogItem item : sorted) {
            if (!item.timestamped()) {
                kept.add(item);
            } else if (entries < maxEntries) {
                kept.add(item);
                entries++;
            }
        }
        return kept;
    }

    /** Three-way: the union of both sides, minus what either side removed from the base. */
    static List<LogItem> merge3(List<LogItem> base, List<LogItem> ours, List<LogItem> theirs, int maxEntries) {
        Set<String> oursKeys = keys(ours);
        Set<String> theirsKeys = keys(theirs);
        Set<String> removed = new HashSet<>();
        for (String key : keys(base)) {
            if (!oursKeys.contains(key) || !theirsKeys.contains(key)) {
                removed.add(key);
            }
        }
        return merge(List.of(ours, theirs), removed, maxEntries);
    }

    /** Renders items, separated by a blank line unless both neighbours are list items. */
    static List<String> render(List<LogItem> items) {
        List<String> lines = new ArrayList<>();
        LogItem previous = null;
        for (LogItem item : items) {
            if (previous != null
                    && !(previous.kind() == LogItem.Kind.LIST && item.kind() == LogItem.Kind.LIST)) {
                lines.add("");
            }
            lines.addAll(item.lines());
            previous = item;
        }
        return lines;
    }

    private static Set<String> keys(List<LogItem> items) {
        Set<String> keys = new HashSet<>();
        for (LogItem item : items) {
            keys.add(item.key());
        }
        return keys;
    }

    private static LogItem.Kind kindOf(String line) {
        if (LIST_MARKER.matcher(line).matches()) {
            return LogItem.Kind.LIST;
        }
        if (HEADING_MARKER.matcher(line).matches()) {
            return LogItem.Kind.HEADING;
        }
        return LogItem.Kind.PARAGRAPH;
    }

    private static List<String> stripTrailingBlanks(List<String> lines) {
        int end = lines.size();
        while (end > 0 && lines.get(end - 1).isBlank()) {
            end--;
        }
        return lines.subList(0, end);
    }
}
