package dev.wvo.roadmap.sources;

import java.util.List;

/**
 * One record of a source file as a roadmap task: the one model every format reads into, and the
 * fields an import owns on the task. Absent values are null (or empty lists), and an update then
 * removes the field, since the source no longer says it.
 *
 * @param source       the record's identity in its source, kept on the task as {@code source:} ({@code beads:bd-12})
 * @param id           the task's id when it is new
 * @param status       a wvo status ({@code pending} or {@code done} mostly), as the format's mapping says
 * @param priority     wvo's scale (higher runs first), or null
 * @param dependencies the task ids this one waits for
 * @param line         where the record starts in its file
 */
public record ImportedTask(String source, String id, String title, String description, String status,
                           Integer priority, List<String> dependencies, String epic, List<String> labels,
                           List<String> exitCriteria, int line) {

    public ImportedTask {
        dependencies = List.copyOf(dependencies);
        labels = List.copyOf(labels);
        exitCriteria = List.copyOf(exitCriteria);
    }
}
