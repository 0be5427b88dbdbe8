package dev.wvo.roadmap.sources;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON array of {@code gh issue list --json number,title,body,labels,state}. Issue 12 is task
 * {@code gh-12} (or {@code <prefix>12}), {@code source: github:12}; {@code OPEN} imports as
 * {@code pending}, {@code CLOSED} as {@code done}, no state as {@code pending}. GitHub's issue list
 * has no dependencies; its priority, where a team keeps one, is a label, so the first label that
 * names one ({@code P0}..{@code P4}, {@code priority: high}, {@code priority/low}, ...) sets it. Not
 * written back: closing an issue is the code host's business ({@code gh issue close}).
 */
public final class GithubFormat {

    /** The {@code source:} of a task imported from GitHub: {@code github:<issue number>}. */
    public static final String PREFIX = "github:";
    /** What goes before the issue number in the task id unless {@code --id-prefix} says otherwise. */
    public static final String DEFAULT_ID_PREFIX = "gh-";

    private GithubFormat() {
    }

    /**
     * The issues of {@code file} as tasks.
     *
     * @param idPrefix put before each issue number to make the task id
     * @throws SourceFileException with every issue that cannot be imported
     */
    public static SourceBatch read(Path file, String idPrefix) {
        String text = SourceJson.text(file);
        List<SourceProblem> problems = new ArrayList<>();
        List<ImportedTask> tasks = new ArrayList<>();
        Map<Integer, Integer> firstLine = new HashMap<>();
        try (JsonParser p = SourceJson.MAPPER.createParser(text)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new SourceFileException(List.of(new SourceProblem(file, 1, "not the output of `gh issue list "
                        + "--json number,title,body,labels`: that is a JSON array of issues")));
            }
            SourceJson.eachElement(p, (line, node) -> {
                GithubIssue issue = SourceJson.bind(file, line, node, GithubIssue.class, "an issue: ", problems);
                String problem = issue == null ? null : problemOf(issue, firstLine, line);
                if (problem != null) {
                    problems.add(new SourceProblem(file, line, problem));
                } else if (issue != null) {
                    tasks.add(taskOf(issue, idPrefix, line));
                }
            });
        } catch (JsonProcessingException e) {
            throw new SourceFileException(List.of(SourceJson.malformed(file, e)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        if (!problems.isEmpty()) {
            throw new SourceFileException(problems);
        }
        return new SourceBatch(tasks, List.of());
    }

    private static String problemOf(GithubIssue issue, Map<Integer, Integer> firstLine, int line) {
        if (issue.number() == null || issue.number() < 1) {
            return "an issue without a \"number\"; list the issues with `gh issue list --json number,title,body,labels`";
        }
        if (issue.title() == null || issue.title().isBlank()) {
            return "issue " + issue.number() + " has no title; list it again with --json number,title,body,labels";
        }
        if (issue.state() != null && !issue.state().equals("OPEN") && !issue.state().equals("CLOSED")) {
            return "issue " + issue.number() + " has state '" + issue.state() + "'; gh gives OPEN or CLOSED";
        }
        if (issue.labels().stream().anyMatch(l -> l == null || l.name() == null)) {
            return "issue " + issue.number() + " has a label without a name; gh gives {\"name\": ...} for each";
        }
        Integer earlier = firstLine.putIfAbsent(issue.number(), line);
        if (earlier != null) {
            return "issue " + issue.number() + " again (also at line " + earlier + "); keep one of them";
        }
        return null;
    }

    private static ImportedTask taskOf(GithubIssue issue, String idPrefix, int line) {
        List<String> labels = issue.labels().stream().map(GithubIssue.Label::name).toList();
        Integer priority = labels.stream().map(GithubFormat::priorityOf).flatMap(Optional::stream).findFirst().orElse(null);
        return new ImportedTask(PREFIX + issue.number(), idPrefix + issue.number(), issue.title(),
                issue.body() == null || issue.body().isBlank() ? null : issue.body(),
                "CLOSED".equals(issue.state()) ? "done" : "pending", priority, List.of(), null, labels, List.of(), line);
    }

    /** A label's priority on wvo's scale, when it names one: P0 or critical 4, P1 or high 3, ... P4 0. */
    static Optional<Integer> priorityOf(String label) {
        String word = label.strip().toLowerCase(Locale.ROOT).replaceFirst("^priority\\s*[:/ _-]\\s*", "");
        return Optional.ofNullable(switch (word) {
            case "p0", "critical", "urgent" -> 4;
            case "p1", "high" -> 3;
            case "p2", "medium", "normal" -> 2;
            case "p3", "low" -> 1;
            case "p4", "backlog", "lowest" -> 0;
            default -> null;
        });
    }
}
