package dev.wvo.schedule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How an attempt ended, as its worker reports it to {@link Scheduler#complete}, which records it
 * in one roadmap transaction together with its event.
 *
 * @param completion   what the worker asks for
 * @param summary      a line or two for people
 * @param artifacts    paths of what the attempt left in {@code state/artifacts}
 * @param merge        the task's {@code branch:}/{@code merge:} once done, or null to leave them as they are
 * @param onFailure    for {@link Completion#FAILED}: retry, or block the task for a person
 * @param eventDetails what the worker adds to the event ({@code outcome}, {@code agent}, {@code seconds})
 * @param ranNothing   true when the attempt ended before any agent ran (a task blocked at its budget
 *                     before its run): it spends no attempt, as a task given back spends none
 */
public record AttemptEnd(Completion completion, String summary, List<String> artifacts, MergeState merge,
                         FailureRule onFailure, Map<String, Object> eventDetails, boolean ranNothing) {

    public AttemptEnd {
        Objects.requireNonNull(completion, "completion");
        summary = summary == null ? "" : summary;
        artifacts = List.copyOf(artifacts);
        Objects.requireNonNull(onFailure, "onFailure");
        eventDetails = new LinkedHashMap<>(eventDetails);
    }

    /** An end with nothing more to say: no artifacts, merge fields left alone, a failure retried. */
    public static AttemptEnd of(Completion completion, String summary) {
        return new AttemptEnd(completion, summary, List.of(), null, FailureRule.RETRY, Map.of(), false);
    }

    public AttemptEnd withArtifacts(List<String> paths) {
        return new AttemptEnd(completion, summary, paths, merge, onFailure, eventDetails, ranNothing);
    }

    public AttemptEnd withMerge(MergeState state) {
        return new AttemptEnd(completion, summary, artifacts, state, onFailure, eventDetails, ranNothing);
    }

    public AttemptEnd onFailure(FailureRule rule) {
        return new AttemptEnd(completion, summary, artifacts, merge, rule, eventDetails, ranNothing);
    }

    public AttemptEnd withEventDetails(Map<String, Object> details) {
        return new AttemptEnd(completion, summary, artifacts, merge, onFailure, details, ranNothing);
    }

    /** The same end, for an attempt that ended before any agent ran: it spends no attempt. */
    public AttemptEnd beforeAnyRun() {
        return new AttemptEnd(completion, summary, artifacts, merge, onFailure, eventDetails, true);
    }
}
