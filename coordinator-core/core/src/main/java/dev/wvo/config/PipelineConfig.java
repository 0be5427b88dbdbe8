package dev.wvo.config;

import dev.wvo.fs.FileNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code stages:}, {@code pipelines:} and default {@code pipeline:} of {@code state/config.yaml}:
 *
 * <pre>
 * stages:
 *   implement: {prompt: "Implement {{task.id}}: {{task.title}}"}
 *   test:      {command: "mvn -q test"}
 *   document:  {prompt: "Document what {{previous}} describes", agent: codex}
 * pipelines:
 *   full: [implement, test, document]
 * pipeline: full        # the default for tasks that name none; a list of stages works too
 * </pre>
 *
 * Every mistake is reported with {@code config.yaml:line:column} when the file is read; a task's
 * own pipeline is checked when it is claimed ({@link #stagesFor}).
 */
public final class PipelineConfig {

    /** The value of {@code pipeline:} that means one run without stages, overriding a default. */
    public static final String NONE = "none";

    private final Path file;
    private final Map<String, StageDefinition> stages;
    private final Map<String, List<String>> pipelines;
    private final Object defaultPipeline;

    private PipelineConfig(Path file, Map<String, StageDefinition> stages, Map<String, List<String>> pipelines,
                           Object defaultPipeline) {
        this.file = file;
        this.stages = stages;
        this.pipelines = pipelines;
        this.defaultPipeline = defaultPipeline;
    }

    /** No stages at all: every task runs as one prompt. */
    public static PipelineConfig empty() {
        return new PipelineConfig(Path.of("config.yaml"), Map.of(), Map.of(), null);
    }

    /**
     * The stages and pipelines of a configuration; an absent file has none.
     *
     * @throws ConfigException naming file:line:column, what is wrong and what to do
     */
    static PipelineConfig read(ConfigFile config) {
        Map<String, StageDefinition> stages = new LinkedHashMap<>();
        Optional<ConfigFile.Entry> stagesEntry = config.root().child("stages");
        if (stagesEntry.isPresent()) {
            for (Map.Entry<String, ConfigFile.Entry> s : stagesEntry.get().children().entrySet()) {
                stages.put(s.getKey(), stage(s.getKey(), s.getValue()));
            }
        }
        Map<String, List<String>> pipelines = new LinkedHashMap<>();
        Optional<ConfigFile.Entry> pipelinesEntry = config.root().child("pipelines");
        if (pipelinesEntry.isPresent()) {
            for (Map.Entry<String, ConfigFile.Entry> p : pipelinesEntry.get().children().entrySet()) {
                if (NONE.equals(p.getKey())) {
                    throw p.getValue().problem("uses the reserved name '" + NONE + "' (it means: no pipeline); rename it");
                }
                pipelines.put(p.getKey(), stageList(p.getValue(), stages));
            }
        }
        Object defaultPipeline = null;
        Optional<ConfigFile.Entry> d = config.root().child("pipeline");
        if (d.isPresent()) {
            if (d.get().isList()) {
                defaultPipeline = stageList(d.get(), stages);
            } else {
                String name = d.get().text().strip();
                if (!NONE.equals(name) && !pipelines.containsKey(name)) {
                    throw d.get().problem("names pipeline '" + name + "', which `pipelines:` does not define"
                            + known(" (defined: ", pipelines.keySet(), ")") + "; define it or list the stages: [a, b]");
                }
                defaultPipeline = name;
            }
        }
        return new PipelineConfig(config.file(), Map.copyOf(stages), Map.copyOf(pipelines), defaultPipeline);
    }

    private static StageDefinition stage(String name, ConfigFile.Entry entry) {
        if (!FileNames.isPlain(name)) {
            throw entry.problem("is not a usable stage name: use up to " + FileNames.MAX_PLAIN + " letters, digits, "
                    + "'_', '-' and '.', starting with a letter or digit, without '..' (it names a directory of the "
                    + "attempt's artifacts)");
        }
        if (!entry.isMapping()) {
            throw entry.problem("must be a mapping with prompt:, and optionally agent: or command:");
        }
        entry.onlyKeys("prompt", "agent", "command");
        PromptTemplate prompt = null;
        Optional<ConfigFile.Entry> p = entry.child("prompt");
        if (p.isPresent()) {
            try {
                prompt = PromptTemplate.parse(p.get().text());
            } catch (IllegalArgumentException e) {
                throw p.get().problem(e.getMessage());
            }
        }
        String agent = entry.child("agent").map(a -> a.text().strip()).orElse(null);
        String command = entry.child("command").map(ConfigFile.Entry::text).orElse(null);
        if (agent != null && command != null) {
            throw entry.problem("has both agent: and command:; a stage runs either an agent or a shell command");
        }
        if (command != null && command.isBlank()) {
            throw entry.child("command").orElseThrow().problem("is empty; give the shell command to run");
        }
        return new StageDefinition(name, prompt, agent, command, entry.where());
    }

    private static List<String> stageList(ConfigFile.Entry entry, Map<String, StageDefinition> stages) {
        if (!entry.isList()) {
            throw entry.problem("must be a list of stage names, such as [implement, test]");
        }
        List<String> names = new ArrayList<>();
        for (ConfigFile.Entry item : entry.items()) {
            String name = item.text().strip();
            if (!stages.containsKey(name)) {
                throw item.problem("names stage '" + name + "', which `stages:` does not define"
                        + known(" (defined: ", stages.keySet(), ")") + "; define it or fix the name");
            }
            if (names.contains(name)) {
                throw item.problem("lists stage '" + name + "' twice; a stage runs once per pipeline");
            }
            names.add(name);
        }
        if (names.isEmpty()) {
            throw entry.problem("is empty; list at least one stage");
        }
        return List.copyOf(names);
    }

    public Path file() {
        return file;
    }

    /** The stages defined, by name. */
    public Map<String, StageDefinition> stages() {
        return stages;
    }

    /** Whether this file names a pipeline for the tasks that name none (its top-level {@code pipeline:}). */
    public boolean hasDefault() {
        return defaultPipeline != null;
    }

    /** The pipelines defined, by name, each its stage names in order. */
    public Map<String, List<String>> pipelines() {
        return pipelines;
    }

    /**
     * The stages a task runs, in order; empty for a task without a pipeline (it runs as one
     * prompt). The task's own {@code pipeline:} wins over the roadmap's top-level one, which wins
     * over this file's.
     *
     * @param taskValue    the task's {@code pipeline:} as read (a name, a list of stage names), or null
     * @param roadmapValue the roadmap's top-level {@code pipeline:}, or null
     * @param taskWhere    {@code roadmap.yaml:line} of the task, for messages
     * @throws PipelineException if the pipeline names what this file does not define
     */
    public List<StageDefinition> stagesFor(Object taskValue, Object roadmapValue, String taskWhere) {
        Object value;
        String source;
        if (taskValue != null) {
            value = taskValue;
            source = "its `pipeline:`";
        } else if (roadmapValue != null) {
            value = roadmapValue;
            source = "the roadmap's top-level `pipeline:`";
        } else {
            value = defaultPipeline;
            source = file + "'s `pipeline:`";
        }
        if (value == null) {
            return List.of();
        }
        List<String> names;
        if (value instanceof List<?> list) {
            names = list.stream().map(String::valueOf).map(String::strip).toList();
        } else if (value instanceof Map<?, ?>) {
            throw new PipelineException(taskWhere + ": " + source + " is a mapping; write a pipeline's name or a list "
                    + "of stages such as [implement, test]");
        } else {
            String name = value.toString().strip();
            if (NONE.equals(name)) {
                return List.of();
            }
            names = pipelines.get(name);
            if (names == null) {
                throw new PipelineException(taskWhere + ": " + source + " names pipeline '" + name + "', which "
                        + file + " does not define" + known(" (defined: ", pipelines.keySet(), ")")
                        + "; define it under `pipelines:` or list the stages: [a, b]");
            }
        }
        List<StageDefinition> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            StageDefinition stage = stages.get(name);
            if (stage == null) {
                throw new PipelineException(taskWhere + ": " + source + " names stage '" + name + "', which " + file
                        + " does not define" + known(" (defined: ", stages.keySet(), ")")
                        + "; define it under `stages:` or fix the name");
            }
            if (!seen.add(name)) {
                throw new PipelineException(taskWhere + ": " + source + " lists stage '" + name
                        + "' twice; a stage runs once per pipeline");
            }
            out.add(stage);
        }
        return List.copyOf(out);
    }

    private static String known(String before, Set<String> names, String after) {
        return names.isEmpty() ? " (none are)" : before + String.join(", ", names.stream().sorted().toList()) + after;
    }
}
