package dev.wvo.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Turns events into single JSON lines and back. The field names are the on-disk format described
 * in {@code docs/state-format.md}; absent worker, task and attempt are left out rather than null.
 */
public final class EventCodec {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() {
    };

    private EventCodec() {
    }

    /** The event as one compact JSON object in UTF-8, without a line end. */
    public static byte[] encode(Event event) {
        ObjectNode node = JSON.createObjectNode();
        node.put("time", event.time().toString());
        node.put("type", event.type());
        if (event.worker() != null) {
            node.put("worker", event.worker());
        }
        if (event.task() != null) {
            node.put("task", event.task());
        }
        if (event.attempt() != null) {
            node.put("attempt", event.attempt());
        }
        node.set("details", JSON.valueToTree(event.details()));
        try {
            // Jackson escapes control characters in strings, so the result never holds a line feed.
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event details are not JSON-compatible: " + event.details(), e);
        }
    }

    /** The event as a JSON string, as {@code wvo events --json} prints it. */
    public static String toJson(Event event) {
        return new String(encode(event), StandardCharsets.UTF_8);
    }

    /**
     * Reads one line.
     *
     * @throws IllegalArgumentException saying what is wrong if the line is not an event
     */
    public static Event decode(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        Instant time = parseTime(required(node, "time"));
        String type = required(node, "type");
        JsonNode attempt = node.get("attempt");
        if (attempt != null && !attempt.isNull() && !attempt.canConvertToInt()) {
            throw new IllegalArgumentException("'attempt' is not a whole number: " + attempt);
        }
        JsonNode details = node.get("details");
        if (details != null && !details.isNull() && !details.isObject()) {
            throw new IllegalArgumentException("'details' is not an object");
        }
        return new Event(time, type, text(node, "worker"), text(node, "task"),
                attempt == null || attempt.isNull() ? null : attempt.intValue(),
                details == null || details.isNull() ? Map.of() : JSON.convertValue(details, DETAILS));
    }

    private static String required(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing '" + field + "'");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Instant parseTime(String time) {
        try {
            return Instant.parse(time);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'time' is not an ISO-8601 instant: " + time);
        }
    }
}
