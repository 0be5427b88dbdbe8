package dev.wvo.pipeline;

import dev.wvo.config.PipelineException;
import dev.wvo.config.StageDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stages of one attempt of a task: the pipeline, where this attempt starts (the stage the
 * task records, so that a failed or killed attempt is resumed where it stopped, not from the
 * first stage), and each stage's outcome so far. Used by one worker thread at a time.
 */
public final class StagePlan {

    private final List<StageDefinition> stages;
    private final int start;
    private final Map<String, Object> outcomes = new LinkedHashMap<>();

    private StagePlan(List<StageDefinition> stages, int start, Map<String, Object> recorded) {
        this.stages = List.copyOf(stages);
        this.start = start;
        for (StageDefinition s : stages) {
            Object earlier = recorded.get(s.name());
            outcomes.put(s.name(), earlier != null ? earlier : StageProgress.PENDING);
        }
    }

    /**
     * The plan for a task's fields as read from the roadmap.
     *
     * @param stages    the task's pipeline, non-empty
     * @param fields    the task's fields ({@code stage:}, {@code stages:})
     * @param taskWhere {@code roadmap.yaml:line} of the task, for messages
     * @throws PipelineException if the task's {@code stage:} is not a stage of its pipeline
     */
    public static StagePlan of(List<StageDefinition> stages, Map<String, Object> fields, String taskWhere) {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a plan needs at least one stage");
        }
        List<String> names = stages.stream().map(StageDefinition::name).toList();
        int start = 0;
        Object current = fields.get(StageProgress.STAGE);
        if (current != null && !current.toString().isBlank()) {
            start = names.indexOf(current.toString().strip());
            if (start < 0) {
                throw new PipelineException(taskWhere + ": its `stage: " + current + "` is not a stage of its pipeline "
                        + names + "; set `stage:` to one of them, or remove `stage:` and `stages:` to start from "
                        + names.get(0));
            }
        }
        Map<String, Object> recorded = new LinkedHashMap<>();
        if (fields.get(StageProgress.STAGES) instanceof Map<?, ?> map) {
            map.forEach((k, v) -> recorded.put(String.valueOf(k), v));
        }
        return new StagePlan(stages, start, recorded);
    }

    public List<StageDefinition> stages() {
        return stages;
    }

    /** The index of the stage this attempt starts at. */
    public int start() {
        return start;
    }

    public int count() {
        return stages.size();
    }

    /** The fields to write when the attempt begins at {@link #start()}. */
    public Map<String, Object> fieldsAtStart() {
        return fields(stages.get(start).name());
    }

    /**
     * Records how the stage at {@code index} ended and gives the fields to write: on success the
     * task moves on to the next stage (or stays at the last), otherwise it stays at this one.
     */
    public Map<String, Object> finish(int index, boolean succeeded, Map<String, Object> outcome) {
        outcomes.put(stages.get(index).name(), new LinkedHashMap<>(outcome));
        int next = succeeded && index + 1 < stages.size() ? index + 1 : index;
        return fields(stages.get(next).name());
    }

    /** What the stages before {@code index} reported, one {@code - name (outcome): summary} line each. */
    public String previousReports(int index) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < index; i++) {
            String name = stages.get(i).name();
            if (outcomes.get(name) instanceof Map<?, ?> o) {
                Object summary = o.get("summary");
                lines.add("- " + name + " (" + o.get("outcome") + ")"
                        + (summary == null || summary.toString().isBlank() ? "" : ": " + summary));
            }
        }
        return String.join("\n", lines);
    }

    /** {@code write_tests 2/4}. */
    public String label(int index) {
        return new StageProgress(stages.get(index).name(), index + 1, stages.size()).label();
    }

    private Map<String, Object> fields(String current) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put(StageProgress.STAGE, current);
        f.put(StageProgress.STAGES, new LinkedHashMap<>(outcomes));
        return f;
    }
}
