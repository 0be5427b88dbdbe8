package dev.wvo.roadmap.sources;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.wvo.roadmap.RoadmapTask;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ralph-tui's {@code prd.json}: {@code {"name", "userStories": [...]}} ({@code project} is taken for
 * {@code name}, as ralph-tui does). A story's {@code source:} is {@code prd:<name>/<story id>}, since
 * every PRD numbers its stories from US-001. {@code passes: true} imports as {@code done}, false as
 * {@code pending}; written back, {@code passes} is true exactly when the task is done.
 * {@code acceptanceCriteria} become the task's {@code exit_criteria}, {@code dependsOn} its
 * dependencies, and priority 1 (most urgent) to 5 becomes wvo's 4 to 0.
 */
public final class PrdFormat {

    /** The {@code source:} of a task imported from a prd.json: {@code prd:<name>/<story id>}. */
    public static final String PREFIX = "prd:";

    private PrdFormat() {
    }

    /** A story as read, with its line. */
    private record Read(String name, List<PrdStory> stories, List<Integer> lines) {
    }

    /**
     * The stories of {@code file} as tasks.
     *
     * @param idPrefix put before each story id to make the task id
     * @throws SourceFileException with every story that cannot be imported
     */
    public static SourceBatch read(Path file, String idPrefix) {
        Read read = parse(file, SourceJson.text(file));
        List<ImportedTask> tasks = new ArrayList<>();
        for (int i = 0; i < read.stories().size(); i++) {
            PrdStory s = read.stories().get(i);
            List<String> dependencies = s.dependsOn().stream().map(d -> idPrefix + d).distinct().toList();
            Integer priority = s.priority() == null ? null : Math.max(0, 5 - s.priority());
            tasks.add(new ImportedTask(sourceOf(read.name(), s.id()), idPrefix + s.id(), s.title(),
                    s.description() == null || s.description().isBlank() ? null : s.description(),
                    Boolean.TRUE.equals(s.passes()) ? "done" : "pending", priority, dependencies, null, s.labels(),
                    s.acceptanceCriteria(), read.lines().get(i)));
        }
        return new SourceBatch(tasks, List.of());
    }

    private static String sourceOf(String name, String storyId) {
        return PREFIX + name + "/" + storyId;
    }

    private static Read parse(Path file, String text) {
        List<SourceProblem> problems = new ArrayList<>();
        List<PrdStory> stories = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        String name = null;
        String project = null;
        boolean sawStories = false;
        try (JsonParser p = SourceJson.MAPPER.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new SourceFileException(List.of(new SourceProblem(file, 1, "not a prd.json: it is one JSON "
                        + "object with \"name\" and \"userStories\"")));
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("name") && value == JsonToken.VALUE_STRING) {
                    name = p.getText();
                } else if (field.equals("project") && value == JsonToken.VALUE_STRING) {
                    project = p.getText();
                } else if (field.equals("userStories") && value == JsonToken.START_ARRAY) {
                    sawStories = true;
                    SourceJson.eachElement(p, (line, node) -> {
                        PrdStory story = SourceJson.bind(file, line, node, PrdStory.class, "a user story: ", problems);
                        String problem = story == null ? null : problemOf(story, firstLine, line);
                        if (problem != null) {
                            problems.add(new SourceProblem(file, line, problem));
                        } else if (story != null) {
                            stories.add(story);
                            lines.add(line);
                        }
                    });
                } else {
                    p.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            throw new SourceFileException(List.of(SourceJson.malformed(file, e)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        String title = name != null ? name : project;
        if (title == null || title.isBlank()) {
            problems.add(0, new SourceProblem(file, 1, "no \"name\" (or \"project\"): ralph-tui needs one, and wvo "
                    + "keeps it in each task's source: to tell one PRD's US-001 from another's; add it"));
        }
        if (!sawStories) {
            problems.add(0, new SourceProblem(file, 1, "no \"userStories\" list: this is not a ralph-tui prd.json "
                    + "(ralph-tui convert --to json writes one)"));
        }
        if (!problems.isEmpty()) {
            throw new SourceFileException(problems);
        }
        return new Read(title, stories, lines);
    }

    private static String problemOf(PrdStory story, Map<String, Integer> firstLine, int line) {
        String id = SourceJson.idProblem("the story's id", story.id());
        if (id != null) {
            return id;
        }
        if (story.title() == null || story.title().isBlank()) {
            return "story " + story.id() + " has no title; give it one";
        }
        if (story.passes() == null) {
            return "story " + story.id() + " has no \"passes\" (true or false), which ralph-tui requires; add "
                    + "\"passes\": false";
        }
        if (story.priority() != null && story.priority() < 1) {
            return "story " + story.id() + " has priority " + story.priority() + "; a PRD's priorities start at 1 "
                    + "(most urgent)";
        }
        for (String dep : story.dependsOn()) {
            String problem = SourceJson.idProblem("an entry of dependsOn", dep);
            if (problem != null) {
                return "story " + story.id() + ": " + problem;
            }
        }
        Integer earlier = firstLine.putIfAbsent(story.id(), line);
        if (earlier != null) {
            return "story " + story.id() + " again (also at line " + earlier + "); give one of them another id";
        }
        return null;
    }

    /**
     * Writes the roadmap's statuses into a prd.json: each story imported from it (by its
     * {@code source:}) whose {@code passes} is not whether its task is done gets the other value,
     * changed where it stands; every other byte of the file stays as it was.
     *
     * @param tasksBySource the roadmap's tasks by their {@code source:}
     */
    public static Export update(Path file, Map<String, RoadmapTask> tasksBySource) {
        String text = SourceJson.text(file);
        String name = parse(file, text).name();
        record Flip(int offset, int length, String value) {
        }
        List<Flip> flips = new ArrayList<>();
        int matched = 0;
        try (JsonParser p = SourceJson.MAPPER.createParser(text)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean stories = p.currentName().equals("userStories");
                if (p.nextToken() != JsonToken.START_ARRAY || !stories) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    String id = null;
                    Flip passes = null;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        JsonToken value = p.nextToken();
                        if (field.equals("id")) {
                            id = p.getText();
                        } else if (field.equals("passes") && value.isBoolean()) {
                            // the token's place in the text: the value is replaced there, nothing else moves
                            passes = new Flip((int) p.currentTokenLocation().getCharOffset(), p.getText().length(),
                                    p.getText());
                        } else {
                            p.skipChildren();
                        }
                    }
                    RoadmapTask task = tasksBySource.get(sourceOf(name, id));
                    matched += task == null ? 0 : 1;
                    if (task != null && passes != null) {
                        String wanted = String.valueOf(task.status().equals("done"));
                        if (!wanted.equals(passes.value())) {
                            flips.add(new Flip(passes.offset(), passes.length(), wanted));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + " again", e);
        }
        StringBuilder out = new StringBuilder(text);
        for (int i = flips.size() - 1; i >= 0; i--) {
            Flip f = flips.get(i);
            out.replace(f.offset(), f.offset() + f.length(), f.value());
        }
        return new Export(out.toString(), flips.size(), matched);
    }

    /**
     * The roadmap's tasks imported from one prd.json as a new prd.json.
     *
     * @param sourceOf each task id's {@code source:}
     * @throws IllegalArgumentException when no task, or tasks of several PRDs, were imported from one
     */
    public static Export generate(List<RoadmapTask> tasks, Map<String, String> sourceOf) {
        Set<String> names = new LinkedHashSet<>();
        List<Map<String, Object>> stories = new ArrayList<>();
        for (RoadmapTask task : tasks) {
            String source = sourceOf.get(task.id());
            if (source == null || !source.startsWith(PREFIX) || source.indexOf('/') < 0) {
                continue;
            }
            names.add(source.substring(PREFIX.length(), source.lastIndexOf('/')));
            Map<String, Object> story = new LinkedHashMap<>();
            story.put("id", source.substring(source.lastIndexOf('/') + 1));
            story.put("title", task.title());
            if (task.description() != null) {
                story.put("description", task.description());
            }
            story.put("acceptanceCriteria", task.exitCriteria());
            if (task.fields().containsKey("priority")) {
                story.put("priority", Math.max(1, 5 - task.priority()));
            }
            story.put("passes", task.status().equals("done"));
            Object labels = task.fields().get("labels");
            if (labels instanceof List<?> l && !l.isEmpty()) {
                story.put("labels", l);
            }
            // a dependency on a story is its story id; on any other task its task id, kept so that it is not lost
            story.put("dependsOn", task.dependencies().stream().map(dep -> {
                String depSource = sourceOf.get(dep);
                return depSource != null && depSource.startsWith(PREFIX) && depSource.indexOf('/') >= 0
                        ? depSource.substring(depSource.lastIndexOf('/') + 1) : dep;
            }).toList());
            stories.add(story);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no task of the roadmap was imported from a prd.json; import one with "
                    + "`wvo import prd FILE`");
        }
        if (names.size() > 1) {
            throw new IllegalArgumentException("the roadmap holds the stories of several PRDs (" + String.join(", ", names)
                    + "); write each back into its own file: wvo export prd FILE");
        }
        Map<String, Object> prd = new LinkedHashMap<>();
        prd.put("name", names.iterator().next());
        prd.put("userStories", stories);
        try {
            return new Export(SourceJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(prd) + "\n",
                    stories.size(), stories.size());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the PRD as JSON", e);
        }
    }
}
