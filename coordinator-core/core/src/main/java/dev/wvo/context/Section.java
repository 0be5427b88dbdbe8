package dev.wvo.context;

import java.util.List;
import java.util.Objects;

/**
 * One {@code ## } section of the context file.
 *
 * @param heading the heading text after {@code "## "}, surrounding whitespace removed
 * @param body    the lines under the heading up to the next {@code ## } heading, without
 *                leading or trailing blank lines
 */
public record Section(String heading, List<String> body) {

    public Section {
        Objects.requireNonNull(heading, "heading");
        heading = heading.strip();
        body = ContextText.stripBlankEdges(body);
    }
}
