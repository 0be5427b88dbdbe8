package dev.wvo.reactions;

import dev.wvo.events.Event;
import dev.wvo.events.EventType;
import dev.wvo.schedule.TaskState;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task wvo blocked for a person: a reaction's cap was hit, the merge queue escalated, or its
 * pipeline cannot run. A task a person wrote as {@code status: blocked} has no result and is not
 * listed: it is blocked on purpose.
 *
 * @param id       the task
 * @param title    its title
 * @param reason   why it was blocked ({@code result.summary})
 * @param since    when ({@code result.finished_at}), or null
 * @param counts   its {@code reactions:} counters, by trigger key
 */
public record NeedsAttention(String id, String title, String reason, String since, Map<String, Integer> counts) {

    public NeedsAttention {
        counts = Map.copyOf(counts);
    }

    /** The tasks of a roadmap that need a person, in file order. */
    public static List<NeedsAttention> in(List<TaskState> tasks) {
        return tasks.stream()
                .filter(t -> "blocked".equals(t.status()) && t.view().extra().get("result") instanceof Map<?, ?>)
                .map(t -> {
                    Map<?, ?> result = (Map<?, ?>) t.view().extra().get("result");
                    Map<String, Integer> counts = new LinkedHashMap<>();
                    Reactions.countsOf(t.view().extra().get(Reactions.FIELD)).forEach((k, v) -> counts.put(k.key(), v));
                    return new NeedsAttention(t.id(), t.view().title(), String.valueOf(result.get("summary")),
                            result.get("finished_at") == null ? null : String.valueOf(result.get("finished_at")), counts);
                })
                .toList();
    }

    /** The event written when a reaction blocks a task. */
    public static Event event(Clock clock, String worker, String taskId, Integer attempt, ReactionDecision decision,
                              String summary) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("trigger", decision.trigger().key());
        detail.put("count", decision.count());
        detail.put("reason", decision.reason());
        detail.put("summary", summary);
        return Event.of(clock, EventType.NEEDS_ATTENTION, worker, taskId, attempt, detail);
    }
}
