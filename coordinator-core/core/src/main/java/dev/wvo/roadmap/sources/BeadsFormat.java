package dev.wvo.roadmap.sources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wvo.roadmap.RoadmapTask;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A beads export, one issue per line (JSON Lines). The status mapping, both ways:
 *
 * <pre>
 * beads                          wvo            back to beads
 * open, in_progress, blocked,    pending        pending -> open
 *   hooked                                      in_progress -> in_progress
 * deferred                       blocked        blocked, failed -> blocked
 * closed                         done           done -> closed
 * tombstone, pinned              not imported
 * </pre>
 *
 * An issue of type {@code epic} is not a task: it is the {@code epic:} of the issues whose
 * {@code parent-child} dependency names it. A {@code blocks} dependency is a wvo dependency; the
 * other kinds ({@code related}, {@code discovered-from}, ...) do not order work and are left out.
 * Priority 0 to 4 becomes 4 to 0 (wvo runs higher first).
 */
public final class BeadsFormat {

    /** The {@code source:} of a task imported from beads: {@code beads:<issue id>}. */
    public static final String PREFIX = "beads:";

    private static final Map<String, String> TO_WVO = Map.of("open", "pending", "in_progress", "pending",
            "blocked", "pending", "hooked", "pending", "deferred", "blocked", "closed", "done");
    private static final Set<String> NOT_WORK = Set.of("tombstone", "pinned");

    private BeadsFormat() {
    }

    /**
     * The issues of {@code file} as tasks.
     *
     * @param idPrefix put before each issue id to make the task id
     * @throws SourceFileException with every record that cannot be imported
     */
    public static SourceBatch read(Path file, String idPrefix) {
        List<SourceProblem> problems = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        List<BeadsIssue> issues = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        String[] text = SourceJson.text(file).split("\n", -1);
        for (int i = 0; i < text.length; i++) {
            int line = i + 1;
            if (text[i].isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = SourceJson.MAPPER.readTree(text[i]);
            } catch (JsonProcessingException e) {
                int column = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getColumnNr());
                problems.add(new SourceProblem(file, line, column, "not valid JSON: "
                        + SourceJson.shortReason(e.getOriginalMessage()) + "; each line of a beads export is one JSON object"));
                continue;
            }
            if (!node.isObject()) {
                problems.add(new SourceProblem(file, line, "not an issue: each line of a beads export is one JSON "
                        + "object; export again with `bd export -o FILE`"));
                continue;
            }
            BeadsIssue issue = SourceJson.bind(file, line, node, BeadsIssue.class, "", problems);
            if (issue == null) {
                continue;
            }
            String problem = problemOf(issue);
            Integer earlier = issue.id() == null ? null : firstLine.putIfAbsent(issue.id(), line);
            if (problem == null && earlier != null) {
                problem = "issue " + issue.id() + " again (also at line " + earlier + "); an export has each issue "
                        + "once: keep one of them";
            }
            if (problem != null) {
                problems.add(new SourceProblem(file, line, problem));
                continue;
            }
            issues.add(issue);
            lines.add(line);
        }
        if (!problems.isEmpty()) {
            throw new SourceFileException(problems);
        }
        return tasksOf(issues, lines, idPrefix);
    }

    private static String problemOf(BeadsIssue issue) {
        String id = SourceJson.idProblem("id", issue.id());
        if (id != null) {
            return id;
        }
        if (issue.title() == null || issue.title().isBlank()) {
            return "issue " + issue.id() + " has no title; give it one";
        }
        String status = issue.status() == null ? "open" : issue.status();
        if (!TO_WVO.containsKey(status) && !NOT_WORK.contains(status)) {
            return "issue " + issue.id() + " has status '" + status + "', which is not one of beads' (open, "
                    + "in_progress, blocked, deferred, closed, hooked, pinned, tombstone); fix it";
        }
        if (issue.priority() != null && (issue.priority() < 0 || issue.priority() > 4)) {
            return "issue " + issue.id() + " has priority " + issue.priority() + "; beads' priorities are 0 (critical) "
                    + "to 4 (backlog)";
        }
        for (BeadsIssue.Dependency d : issue.dependencies()) {
            String dep = SourceJson.idProblem("a dependency's depends_on_id", d.dependsOnId());
            if (dep != null) {
                return "issue " + issue.id() + ": " + dep;
            }
        }
        return null;
    }

    private static SourceBatch tasksOf(List<BeadsIssue> issues, List<Integer> lines, String idPrefix) {
        Set<String> notTasks = new HashSet<>();
        List<String> notes = new ArrayList<>();
        for (BeadsIssue issue : issues) {
            if (NOT_WORK.contains(issue.status())) {
                notTasks.add(issue.id());
                notes.add(issue.id() + " is " + issue.status() + ": not work, not imported");
            } else if ("epic".equals(issue.issueType())) {
                notTasks.add(issue.id());
                notes.add(issue.id() + " is an epic: not a task; its children carry epic: " + idPrefix + issue.id());
            }
        }
        List<ImportedTask> tasks = new ArrayList<>();
        for (int i = 0; i < issues.size(); i++) {
            BeadsIssue issue = issues.get(i);
            if (notTasks.contains(issue.id())) {
                continue;
            }
            List<String> dependencies = new ArrayList<>();
            String epic = null;
            for (BeadsIssue.Dependency d : issue.dependencies()) {
                String type = d.type() == null ? "blocks" : d.type();
                if (type.equals("parent-child") && epic == null) {
                    epic = idPrefix + d.dependsOnId();
                } else if (type.equals("blocks") && notTasks.contains(d.dependsOnId())) {
                    notes.add(issue.id() + " waits for " + d.dependsOnId() + ", which is not imported: left out of its "
                            + "dependencies");
                } else if (type.equals("blocks") && !dependencies.contains(idPrefix + d.dependsOnId())) {
                    dependencies.add(idPrefix + d.dependsOnId());
                }
            }
            int priority = issue.priority() == null ? 2 : issue.priority();
            tasks.add(new ImportedTask(PREFIX + issue.id(), idPrefix + issue.id(), issue.title(), blankToNull(issue.description()),
                    TO_WVO.get(issue.status() == null ? "open" : issue.status()), 4 - priority, dependencies, epic,
                    issue.labels(), criteria(issue.acceptanceCriteria()), lines.get(i)));
        }
        return new SourceBatch(tasks, notes);
    }

    /** Beads keeps acceptance criteria as one Markdown text: its lines, list markers taken off. */
    private static List<String> criteria(String text) {
        if (text == null) {
            return List.of();
        }
        return text.lines().map(l -> l.strip().replaceFirst("^([-*+]|\\d+[.)])\\s+(\\[[ xX]]\\s+)?", ""))
                .filter(l -> !l.isBlank()).toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /**
     * Writes the roadmap's statuses into a beads export: a line whose issue was imported (by its
     * {@code source:}) and whose wvo status is not what its beads status imports as gets the status
     * wvo gives back ({@code closed_at} set on closing, removed on reopening); every other line
     * stays as it was, byte for byte.
     *
     * @param tasksBySource the roadmap's tasks by their {@code source:}
     * @return the new text, and how many issues changed
     */
    public static Export update(Path file, Map<String, RoadmapTask> tasksBySource, Instant now) {
        read(file, "");
        String[] lines = SourceJson.text(file).split("\n", -1);
        int changed = 0;
        int matched = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                ObjectNode issue = (ObjectNode) SourceJson.MAPPER.readTree(lines[i]);
                RoadmapTask task = tasksBySource.get(PREFIX + issue.path("id").asText());
                String status = issue.path("status").asText("open");
                matched += task == null ? 0 : 1;
                if (task == null || !TO_WVO.containsKey(status) || TO_WVO.get(status).equals(task.status())) {
                    continue;
                }
                String back = toBeads(task.status());
                issue.put("status", back);
                if (back.equals("closed") && !issue.hasNonNull("closed_at")) {
                    issue.put("closed_at", now.toString());
                } else if (!back.equals("closed")) {
                    issue.remove("closed_at");
                }
                lines[i] = SourceJson.MAPPER.writeValueAsString(issue);
                changed++;
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("line " + (i + 1) + " of " + file + " read once and not again", e);
            }
        }
        return new Export(String.join("\n", lines), changed, matched);
    }

    /**
     * The roadmap's tasks imported from beads as a new export, one line each, for {@code bd import}.
     *
     * @param sourceOf each task id's {@code source:}, to name a dependency by its issue id
     * @throws IllegalArgumentException when no task was imported from beads
     */
    public static Export generate(List<RoadmapTask> tasks, Map<String, String> sourceOf) {
        StringBuilder out = new StringBuilder();
        int count = 0;
        for (RoadmapTask task : tasks) {
            String source = sourceOf.get(task.id());
            if (source == null || !source.startsWith(PREFIX)) {
                continue;
            }
            String id = source.substring(PREFIX.length());
            Map<String, Object> issue = new LinkedHashMap<>();
            issue.put("id", id);
            issue.put("title", task.title());
            if (task.description() != null) {
                issue.put("description", task.description());
            }
            issue.put("status", toBeads(task.status()));
            issue.put("priority", Math.max(0, Math.min(4, 4 - task.priority())));
            issue.put("issue_type", "task");
            Object labels = task.fields().get("labels");
            if (labels instanceof List<?> l && !l.isEmpty()) {
                issue.put("labels", l);
            }
            List<Map<String, String>> dependencies = new ArrayList<>();
            for (String dep : task.dependencies()) {
                String depSource = sourceOf.get(dep);
                if (depSource != null && depSource.startsWith(PREFIX)) {
                    dependencies.add(Map.of("issue_id", id, "depends_on_id", depSource.substring(PREFIX.length()),
                            "type", "blocks"));
                }
            }
            if (task.epic() != null && sourceOf.getOrDefault(task.epic(), PREFIX + task.epic()).startsWith(PREFIX)) {
                String parent = sourceOf.getOrDefault(task.epic(), PREFIX + task.epic()).substring(PREFIX.length());
                dependencies.add(Map.of("issue_id", id, "depends_on_id", parent, "type", "parent-child"));
            }
            if (!dependencies.isEmpty()) {
                issue.put("dependencies", dependencies);
            }
            try {
                out.append(SourceJson.MAPPER.writeValueAsString(issue)).append('\n');
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write task " + task.id() + " as JSON", e);
            }
            count++;
        }
        if (count == 0) {
            throw new IllegalArgumentException("no task of the roadmap was imported from beads; import an export with "
                    + "`wvo import beads FILE`");
        }
        return new Export(out.toString(), count, count);
    }

    private static String toBeads(String wvoStatus) {
        return switch (wvoStatus) {
            case "done" -> "closed";
            case "in_progress" -> "in_progress";
            case "blocked", "failed" -> "blocked";
            default -> "open";
        };
    }
}
