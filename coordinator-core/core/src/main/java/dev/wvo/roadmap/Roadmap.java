package dev.wvo.roadmap;

import org.yaml.snakeyaml.nodes.MappingNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A roadmap file as read: its exact text, its layout, its tasks in file order, and the problems
 * of single entries. Reading never writes; {@link RoadmapEditor} makes a changed text from it.
 */
public final class Roadmap {

    private final Path file;
    private final String text;
    private final Layout layout;
    private final MappingNode root;
    private final List<RoadmapTask> tasks;
    private final List<RoadmapWarning> warnings;

    Roadmap(Path file, String text, Layout layout, MappingNode root, List<RoadmapTask> tasks, List<RoadmapWarning> warnings) {
        this.file = file;
        this.text = text;
        this.layout = layout;
        this.root = root;
        this.tasks = Collections.unmodifiableList(tasks);
        this.warnings = Collections.unmodifiableList(warnings);
    }

    public Path file() {
        return file;
    }

    /** The file's text exactly as read. */
    public String text() {
        return text;
    }

    public Layout layout() {
        return layout;
    }

    MappingNode root() {
        return root;
    }

    /** A top-level value of the file other than the tasks (such as the default {@code pipeline:}), or null. */
    public Object setting(String key) {
        org.yaml.snakeyaml.nodes.Node value = RoadmapReader.value(root, key);
        return value == null ? null : YamlValues.valueOf(value);
    }

    /** Every task, in file order (nested ones where they stand). */
    public List<RoadmapTask> tasks() {
        return tasks;
    }

    /** The first task with this id. */
    public Optional<RoadmapTask> task(String id) {
        return tasks.stream().filter(t -> id.equals(t.id())).findFirst();
    }

    /** Problems of single entries: the file loads, the entries named are not run until fixed. */
    public List<RoadmapWarning> warnings() {
        return warnings;
    }

    /** The problems of one task (by the line it starts on), as sentences. */
    public List<String> problemsOf(RoadmapTask task) {
        if (problemsByLine == null) {
            java.util.Map<Integer, List<String>> byLine = new java.util.HashMap<>();
            for (RoadmapWarning w : warnings) {
                byLine.computeIfAbsent(w.line(), l -> new ArrayList<>()).add(w.message());
            }
            problemsByLine = byLine;
        }
        return problemsByLine.getOrDefault(task.line(), List.of());
    }

    private volatile java.util.Map<Integer, List<String>> problemsByLine;
}
