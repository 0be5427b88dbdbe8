package dev.wvo.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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

    /**
     * The event as one compact JSON object in UTF-8, without a line end. Written field by field,
     * the details straight from their map: a tree built first (and the details turned into one)
     * was 5 % of a claim's CPU on a 10,000-task roadmap, for the same bytes.
     */
    public static byte[] encode(Event event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("time", event.time().toString());
            json.writeStringField("type", event.type());
            if (event.worker() != null) {
                json.writeStringField("worker", event.worker());
            }
            if (event.task() != null) {
                json.writeStringField("task", event.task());
            }
            if (event.attempt() != null) {
                json.writeNumberField("attempt", event.attempt());
            }
            json.writeFieldName("details");
            JSON.writeValue(json, event.details());
            json.writeEndObject();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event details are not JSON-compatible: " + event.details(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array's stream does not fail
        }
        // Jackson escapes control characters in strings, so the result never holds a line feed.
        return out.toByteArray();
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
