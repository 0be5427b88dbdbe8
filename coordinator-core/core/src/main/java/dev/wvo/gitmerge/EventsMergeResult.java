package dev.wvo.gitmerge;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of an event log merge.
 *
 * @param text       the merged log, one event per line
 * @param unreadable the lines that are not events, as kept at the end of {@code text}
 */
public record EventsMergeResult(String text, List<String> unreadable) {

    public EventsMergeResult {
        Objects.requireNonNull(text, "text");
        unreadable = List.copyOf(unreadable);
    }
}
