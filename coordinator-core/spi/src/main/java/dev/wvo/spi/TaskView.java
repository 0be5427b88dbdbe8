package dev.wvo.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A read-only view of one roadmap task, as plugins see it. Plugins never see the roadmap file,
 * only these values.
 *
 * @param id           the task id, unique in the roadmap
 * @param title        one line
 * @param description  free text, may be empty
 * @param status       the status as written in the roadmap ({@code pending}, {@code in_progress}, ...)
 * @param domain       the task's domain, or null
 * @param epic         the task's epic (its own, or the enclosing epic's in nested roadmaps), or null
 * @param priority     larger runs first; 0 when unset
 * @param dependencies ids of tasks that must be done first
 * @param exitCriteria what must hold for the task to count as done
 * @param owns         the paths or globs the task changes; empty means the whole workspace
 * @param readonly     true if the task only reads (verifiers, reviews)
 * @param command      the shell command of a command task, or null
 * @param prompt       the prompt for an agent, or null (then title, description and exit criteria make it)
 * @param agent        the preferred agent backend, or null
 * @param attempt      which attempt this is, from 1
 * @param extra        every other field of the task, as read (strings, numbers, lists, maps)
 */
public record TaskView(String id, String title, String description, String status, String domain, String epic,
                       int priority, List<String> dependencies, List<String> exitCriteria, List<String> owns,
                       boolean readonly, String command, String prompt, String agent, int attempt,
                       Map<String, Object> extra) {

    public TaskView {
        Objects.requireNonNull(id, "id");
        title = title == null ? "" : title;
        description = description == null ? "" : description;
        dependencies = List.copyOf(dependencies);
        exitCriteria = List.copyOf(exitCriteria);
        owns = List.copyOf(owns);
        extra = Map.copyOf(extra);
    }
}
