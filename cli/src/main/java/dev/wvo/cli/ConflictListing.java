package dev.wvo.cli;

import dev.wvo.events.Event;
import dev.wvo.events.EventType;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON document of {@code wvo conflicts --json}; its schema is documented in
 * {@code docs/cli.md}.
 *
 * @param eventLog  the log the conflicts were read from
 * @param conflicts the recorded conflicts, newest first
 */
record ConflictListing(String eventLog, List<Map<String, Object>> conflicts) {

    /**
     * From the {@code conflict} events of a log, in file order: each conflict is the event's
     * details (the detector's {@code ArtifactConflict.toMap()}), preceded by when it was recorded,
     * by which worker, for which task and attempt.
     */
    static ConflictListing of(Path eventLog, List<Event> conflictEvents) {
        List<Map<String, Object>> conflicts = conflictEvents.stream()
                // a stable sort: events of the same instant keep their (reversed) file order
                .sorted(Comparator.comparing(Event::time).reversed())
                .map(ConflictListing::entry)
                .toList();
        return new ConflictListing(eventLog.toString(), conflicts);
    }

    private static Map<String, Object> entry(Event event) {
        if (event.is(EventType.MERGE_CONFLICT)) {
            return mergeEntry(event);
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("recordedAt", event.time().toString());
        entry.put("worker", event.worker());
        entry.put("task", event.task());
        entry.put("attempt", event.attempt());
        event.details().forEach(entry::putIfAbsent);
        return entry;
    }

    /**
     * A merge-queue conflict in the same columns: the conflicting paths (or the test command), the
     * task's branch as its attempt, the strategy as the suggestion; {@code source} tells them apart.
     */
    private static Map<String, Object> mergeEntry(Event event) {
        Map<String, Object> d = event.details();
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("recordedAt", event.time().toString());
        entry.put("worker", event.worker());
        entry.put("task", event.task());
        entry.put("attempt", event.attempt());
        entry.put("source", "merge-queue");
        entry.put("path", d.get("paths") instanceof List<?> paths ? String.join(", ", paths.stream().map(String::valueOf)
                .toList()) : "(test command)");
        entry.put("attempts", List.of(event.task() + " on " + d.get("branch")));
        entry.put("suggestion", d.get("strategy"));
        entry.put("detail", ("test_failed".equals(d.get("kind")) ? "test failed: " + d.get("failure")
                : "conflicts with " + d.get("target")) + "; task " + d.get("status") + "; entry " + d.get("entry")
                + " in `wvo merge-queue list`");
        d.forEach(entry::putIfAbsent);
        return entry;
    }
}
