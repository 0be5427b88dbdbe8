package dev.wvo.cli.render;

import dev.wvo.events.Event;
import dev.wvo.events.EventType;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Events as a person would say them, with the local time: {@code 12:04 worker2 finished T9 in
 * 3m12s, $0.41}. The dashboards show these; {@code wvo events} keeps its exact columns for
 * scripts. A {@code usage} event is not a sentence of its own: its cost is added to the sentence
 * of the attempt's end, so events are read in log order through one instance.
 */
public final class EventSentences {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("MMM d HH:mm", Locale.ROOT);

    private final ZoneId zone;
    private final LocalDate today;
    /** Dollars spent per {@code task#attempt}, from the usage events read so far. */
    private final Map<String, Double> spent = new HashMap<>();

    /**
     * @param zone the local time zone the times are shown in
     * @param now  the time the sentences are read at: an event of another day shows its date
     */
    public EventSentences(ZoneId zone, Instant now) {
        this.zone = zone;
        this.today = LocalDate.ofInstant(now, zone);
    }

    /** The sentences of {@code events}, oldest first, usage events folded into the ends of their attempts. */
    public List<String> of(List<Event> events) {
        return events.stream().map(this::sentence).flatMap(Optional::stream).toList();
    }

    /** The event's sentence with its time, or empty for a usage event (remembered for the attempt's end). */
    public Optional<String> sentence(Event e) {
        if (e.is(EventType.USAGE)) {
            if (e.details().get("cost_usd") instanceof Number usd) {
                spent.merge(attemptKey(e), usd.doubleValue(), Double::sum);
            }
            return Optional.empty();
        }
        return Optional.of(time(e.time()) + " " + words(e));
    }

    /** The local time of day, with the date in front when it is not the day of {@code now}. */
    public String time(Instant at) {
        return LocalDate.ofInstant(at, zone).equals(today) ? TIME.format(at.atZone(zone))
                : DAY_AND_TIME.format(at.atZone(zone));
    }

    private String words(Event e) {
        String who = e.worker() == null ? "wvo" : e.worker();
        String task = e.task() == null ? "" : e.task();
        Map<String, Object> d = e.details();
        return switch (e.knownType() == null ? EventType.USAGE : e.knownType()) {
            case CLAIM -> who + " started " + task + attempt(e) + text(d, "agent").map(a -> " with " + a).orElse("");
            case COMPLETE -> who + " finished " + task + took(d) + cost(e)
                    + (Boolean.FALSE.equals(d.get("accepted")) ? " (not accepted: " + d.get("rejected") + ")" : "");
            case FAIL -> who + " failed " + task + attempt(e) + took(d) + cost(e)
                    + text(d, "outcome").map(o -> ": " + o).orElse("")
                    + text(d, "status").map(s -> "; the task is " + s + " now").orElse("");
            case RECLAIM -> who + " took " + task + " back from " + d.get("dead_worker") + ", which died"
                    + text(d, "status").map(s -> "; the task is " + s + " now").orElse("");
            case STAGE -> who + " ended stage " + d.get("stage") + " (" + d.get("number") + "/" + d.get("count")
                    + ") of " + task + text(d, "outcome").map(o -> ": " + o).orElse("");
            case MERGE -> who + " merged " + task + "'s branch" + text(d, "target").map(t -> " into " + t).orElse("");
            case MERGE_CONFLICT -> "merging " + task + " stopped: " + (d.get("paths") instanceof List<?> paths
                    ? "conflict in " + String.join(", ", paths.stream().map(String::valueOf).toList())
                    : "tests failed" + text(d, "failure").map(f -> " (" + f + ")").orElse(""));
            case NEEDS_ATTENTION -> task + " needs a person" + text(d, "reason").map(r -> ": " + r).orElse("");
            case CONFLICT -> who + "'s " + task + " changed " + d.get("path") + " as " + d.get("attempts")
                    + " did" + text(d, "suggestion").map(s -> "; suggestion: " + s.replace('-', ' ')).orElse("");
            case WORKTREE_KEPT -> who + " kept the worktree of " + task + ": it holds unmerged work";
            case LOCK_BREAK -> "lock " + d.getOrDefault("resource", "") + " was broken by hand";
            case LOCK_RECLAIM -> who + " took lock " + d.getOrDefault("resource", "") + " from a dead holder";
            case LOCK_LOST -> who + " lost lock " + d.getOrDefault("resource", "");
            default -> who + " " + e.type() + (task.isEmpty() ? "" : " " + task)
                    + (d.isEmpty() ? "" : " " + EventLines.details(d));
        };
    }

    private static String attempt(Event e) {
        return e.attempt() == null || e.attempt() == 1 ? "" : " (attempt " + e.attempt() + ")";
    }

    private static String took(Map<String, Object> d) {
        return d.get("seconds") instanceof Number s
                ? " in " + DurationText.format(Duration.ofMillis(Math.round(s.doubleValue() * 1000))) : "";
    }

    private String cost(Event e) {
        Double usd = spent.remove(attemptKey(e));
        return usd == null ? "" : String.format(Locale.ROOT, ", $%.2f", usd);
    }

    private static String attemptKey(Event e) {
        return e.task() + "#" + e.attempt();
    }

    private static Optional<String> text(Map<String, Object> d, String key) {
        Object v = d.get(key);
        return v == null || String.valueOf(v).isBlank() ? Optional.empty() : Optional.of(String.valueOf(v));
    }
}
