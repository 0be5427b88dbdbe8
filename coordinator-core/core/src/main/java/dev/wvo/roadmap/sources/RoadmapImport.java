package dev.wvo.roadmap.sources;

import dev.wvo.roadmap.Roadmap;
import dev.wvo.roadmap.RoadmapEditor;
import dev.wvo.roadmap.RoadmapTask;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Puts a source file's records into the roadmap, inside one roadmap transaction: a record whose
 * {@code source:} a task carries updates that task, any other is added as a new task. Importing
 * the same file again changes nothing, byte for byte. An update sets the fields an import owns
 * ({@link #OWNED}) and leaves the rest (owns, agent, claims, attempts) alone; the status follows the
 * source only while the task is {@code pending}, so a task wvo has claimed, finished, failed or
 * blocked never goes back.
 */
public final class RoadmapImport {

    /** The field that names a task's record in its source: {@code beads:bd-12}, {@code prd:Name/US-001}, {@code github:7}. */
    public static final String SOURCE = "source";
    /** The fields an import writes and, on the next import, rewrites (the status apart). */
    static final List<String> OWNED = List.of("title", "description", "priority", "dependencies", "epic", "labels",
            "exit_criteria");

    private RoadmapImport() {
    }

    /**
     * What an import did.
     *
     * @param added     ids of the new tasks
     * @param updated   ids of the tasks whose fields changed
     * @param unchanged how many tasks were already as the source says
     * @param notes     what the person should know: a status kept against the source, a record
     *                  left out
     */
    public record Outcome(List<String> added, List<String> updated, int unchanged, List<String> notes) {
    }

    /** The roadmap's tasks by their {@code source:}. */
    public static Map<String, RoadmapTask> bySource(Roadmap roadmap) {
        Map<String, RoadmapTask> tasks = new LinkedHashMap<>();
        for (RoadmapTask task : roadmap.tasks()) {
            Object source = task.fields().get(SOURCE);
            if (source != null) {
                tasks.putIfAbsent(source.toString(), task);
            }
        }
        return tasks;
    }

    /**
     * Sets the batch's records in {@code editor}; nothing when any record cannot be placed.
     *
     * @param file the source file, to name a record that cannot be placed
     * @throws SourceFileException when a new record's id is taken by a task not imported from it, or a
     *                             record depends on itself, on a task neither the file nor the roadmap has, or
     *                             on a task that (through others) depends on it
     */
    public static Outcome apply(Path file, SourceBatch batch, Roadmap roadmap, RoadmapEditor editor) {
        Map<String, RoadmapTask> bySource = bySource(roadmap);
        List<SourceProblem> problems = new ArrayList<>();
        for (ImportedTask record : batch.tasks()) {
            if (!bySource.containsKey(record.source())) {
                roadmap.task(record.id()).ifPresent(taken -> problems.add(new SourceProblem(file, record.line(),
                        "the task id " + record.id() + " is taken by the roadmap's task at line " + taken.line()
                                + ", which was not imported from " + record.source() + "; import with --id-prefix "
                                + "PREFIX, or rename that task")));
            }
        }
        problems.addAll(dependencyProblems(file, batch, roadmap, bySource));
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparingInt(SourceProblem::line));
            throw new SourceFileException(problems);
        }
        List<String> added = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<String> notes = new ArrayList<>(batch.notes());
        int unchanged = 0;
        for (ImportedTask record : batch.tasks()) {
            RoadmapTask existing = bySource.get(record.source());
            Map<String, Object> wanted = owned(record);
            if (existing == null) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("id", record.id());
                fields.put("title", record.title());
                fields.put("description", wanted.get("description"));
                fields.put("status", record.status());
                wanted.forEach(fields::putIfAbsent);
                fields.put(SOURCE, record.source());
                fields.values().removeIf(Objects::isNull);
                editor.add(fields);
                added.add(record.id());
            } else {
                boolean changed = false;
                for (Map.Entry<String, Object> field : wanted.entrySet()) {
                    if (!Objects.equals(existing.fields().get(field.getKey()), field.getValue())) {
                        editor.set(existing, field.getKey(), field.getValue());
                        changed = true;
                    }
                }
                if (!existing.status().equals(record.status())) {
                    if (existing.status().equals("pending")) {
                        editor.set(existing, "status", record.status());
                        changed = true;
                    } else if (!(existing.status().equals("in_progress") && record.status().equals("pending"))) {
                        notes.add(existing.id() + " stays " + existing.status() + " (wvo's), though "
                                + record.source() + " says " + record.status());
                    }
                }
                if (changed) {
                    updated.add(existing.id());
                } else {
                    unchanged++;
                }
            }
        }
        return new Outcome(List.copyOf(added), List.copyOf(updated), unchanged, List.copyOf(notes));
    }

    /**
     * The records whose dependencies the roadmap could never satisfy: one on itself, on a task neither
     * the file nor the roadmap has (it would never run), or in a cycle of the roadmap as it would be
     * after the import (none of it would ever run). Each named at its record's line.
     */
    private static List<SourceProblem> dependencyProblems(Path file, SourceBatch batch, Roadmap roadmap,
                                                          Map<String, RoadmapTask> bySource) {
        Map<String, List<String>> graph = new LinkedHashMap<>();
        roadmap.tasks().forEach(t -> graph.put(t.id(), t.dependencies()));
        Map<String, ImportedTask> imported = new LinkedHashMap<>();
        for (ImportedTask record : batch.tasks()) {
            RoadmapTask existing = bySource.get(record.source());
            String id = existing == null ? record.id() : existing.id();
            graph.put(id, record.dependencies());
            imported.put(id, record);
        }
        List<SourceProblem> problems = new ArrayList<>();
        Set<String> inCycle = new HashSet<>();
        imported.forEach((id, record) -> {
            for (String dep : record.dependencies()) {
                if (dep.equals(id)) {
                    problems.add(new SourceProblem(file, record.line(), id + " depends on itself; remove that "
                            + "dependency"));
                } else if (!graph.containsKey(dep)) {
                    problems.add(new SourceProblem(file, record.line(), id + " depends on " + dep + ", which is "
                            + "neither in this file nor in the roadmap, so it would never run; add " + dep
                            + " or remove the dependency"));
                }
            }
            if (!inCycle.contains(id) && !record.dependencies().contains(id)) {
                List<String> cycle = cycleThrough(id, graph);
                if (!cycle.isEmpty()) {
                    inCycle.addAll(cycle);
                    problems.add(new SourceProblem(file, record.line(), "dependency cycle "
                            + String.join(" -> ", cycle) + " -> " + id + ": none of them would ever run; break it "
                            + "by removing one of these dependencies"));
                }
            }
        });
        return problems;
    }

    /** The path from {@code start} back to itself through the dependencies (start first), or empty. */
    private static List<String> cycleThrough(String start, Map<String, List<String>> graph) {
        Deque<List<String>> paths = new ArrayDeque<>();
        paths.push(List.of(start));
        Set<String> seen = new HashSet<>();
        while (!paths.isEmpty()) {
            List<String> path = paths.pop();
            for (String dep : graph.getOrDefault(path.get(path.size() - 1), List.of())) {
                if (dep.equals(start) && path.size() > 1) {
                    return path;
                }
                if (!dep.equals(start) && seen.add(dep)) {
                    List<String> longer = new ArrayList<>(path);
                    longer.add(dep);
                    paths.push(longer);
                }
            }
        }
        return List.of();
    }

    /** The owned fields as the record says them, in the order a new task lists them; null for a field it does not have. */
    private static Map<String, Object> owned(ImportedTask record) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("title", record.title());
        fields.put("description", record.description());
        // a Long, as the roadmap's reader gives whole numbers, so that an unchanged priority compares equal
        fields.put("priority", record.priority() == null ? null : Long.valueOf(record.priority()));
        fields.put("dependencies", record.dependencies().isEmpty() ? null : record.dependencies());
        fields.put("epic", record.epic());
        fields.put("labels", record.labels().isEmpty() ? null : record.labels());
        fields.put("exit_criteria", record.exitCriteria().isEmpty() ? null : record.exitCriteria());
        return fields;
    }
}
