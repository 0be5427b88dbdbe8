package dev.wvo.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a task stands in its pipeline, as its roadmap entry records it: {@code stage:} names the
 * stage to run (or running), {@code stages:} maps every stage of the pipeline, in order, to its
 * last outcome or {@code pending}. Read from the roadmap alone, so {@code wvo status} needs no
 * configuration to show {@code implement 1/4}.
 *
 * @param stage  the current stage's name
 * @param number its position, from 1; 0 if {@code stages:} does not list it
 * @param count  how many stages the pipeline has; 0 if unknown
 */
public record StageProgress(String stage, int number, int count) {

    /** The field naming the current stage. */
    public static final String STAGE = "stage";
    /** The field mapping each stage to its outcome. */
    public static final String STAGES = "stages";
    /** The value of a stage in {@code stages:} that has not run yet. */
    public static final String PENDING = "pending";

    /** The task's progress, if it records a stage. */
    public static Optional<StageProgress> of(Map<String, Object> fields) {
        Object stage = fields.get(STAGE);
        if (stage == null || stage.toString().isBlank()) {
            return Optional.empty();
        }
        String name = stage.toString().strip();
        List<String> names = stageNames(fields);
        return Optional.of(new StageProgress(name, names.indexOf(name) + 1, names.size()));
    }

    /** The stage names of {@code stages:}, in order. */
    static List<String> stageNames(Map<String, Object> fields) {
        List<String> names = new ArrayList<>();
        if (fields.get(STAGES) instanceof Map<?, ?> map) {
            map.keySet().forEach(k -> names.add(String.valueOf(k)));
        }
        return names;
    }

    /** {@code implement 1/4}, or the name alone when its place is not recorded. */
    public String label() {
        return number > 0 ? stage + " " + number + "/" + count : stage;
    }
}
