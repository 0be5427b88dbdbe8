package dev.wvo.cli.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.wvo.events.Event;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Events as one human line each: {@code time  type  worker  task#attempt  details}. Columns are
 * padded to the widest value seen so far (and a minimum), so a whole history printed at once is
 * aligned, and a followed log stays aligned unless a wider value arrives.
 */
public final class EventLines {

    /** UTC with milliseconds: fixed width, and ordered as the log is. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Palette palette;
    private int typeWidth = "complete".length();
    private int workerWidth = "worker1".length();
    private int taskWidth = "T-1#1".length();

    public EventLines(Palette palette) {
        this.palette = palette;
    }

    /** Widens the columns to fit {@code event}, so that lines printed after it line up with it. */
    public void fit(Event event) {
        typeWidth = Math.max(typeWidth, TerminalText.line(event.type()).length());
        workerWidth = Math.max(workerWidth, TerminalText.line(orDash(event.worker())).length());
        taskWidth = Math.max(taskWidth, TerminalText.line(taskOf(event)).length());
    }

    /** The event's line, after widening the columns to fit it. */
    public String format(Event event) {
        fit(event);
        String line = palette.dim(TIME.format(event.time())) + "  "
                + palette.bold(pad(TerminalText.line(event.type()), typeWidth)) + "  "
                + pad(TerminalText.line(orDash(event.worker())), workerWidth) + "  "
                + pad(TerminalText.line(taskOf(event)), taskWidth) + "  "
                + TerminalText.line(details(event.details()));
        return line.stripTrailing();
    }

    /** {@code key=value} pairs; text with spaces, lists and maps in JSON so that they read back unambiguously. */
    public static String details(Map<String, Object> details) {
        return details.entrySet().stream()
                .map(e -> e.getKey() + "=" + value(e.getValue()))
                .collect(Collectors.joining(" "));
    }

    private static String value(Object value) {
        if (value instanceof String text && !text.isEmpty() && text.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"')) {
            return text;
        }
        try {
            return Json.COMPACT.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    private static String taskOf(Event event) {
        if (event.task() == null) {
            return "-";
        }
        return event.attempt() == null ? event.task() : event.task() + "#" + event.attempt();
    }

    private static String orDash(String text) {
        return text == null ? "-" : text;
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
