package dev.wvo.roadmap.sources;

import java.util.List;

/**
 * One issue of {@code gh issue list --json number,title,body,labels[,state]}: {@code state} is
 * {@code OPEN} or {@code CLOSED} when asked for.
 */
record GithubIssue(Integer number, String title, String body, List<Label> labels, String state) {

    GithubIssue {
        labels = labels == null ? List.of() : labels;
    }

    /** A label as gh prints it ({@code id}, {@code name}, {@code description}, {@code color}): wvo keeps the name. */
    record Label(String name) {
    }
}
