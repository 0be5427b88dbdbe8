package dev.wvo.lock;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes lock records as indented JSON that a person can read with {@code cat}.
 * Times are ISO-8601 UTC; {@code lease_expires_at} is written for people and ignored on reading.
 */
final class LockRecordJson {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final InstantTexts INSTANTS = new InstantTexts();

    private LockRecordJson() {
    }

    static byte[] write(LockRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("resource", record.resource());
            g.writeStringField("mode", record.mode().label());
            g.writeArrayFieldStart("holders");
            for (LockRecord.Holder h : record.holders()) {
                g.writeStartObject();
                g.writeStringField("owner", h.owner());
                g.writeNumberField("token", h.token());
                writeProcess(g, h.process());
                g.writeStringField("acquired_at", INSTANTS.text(h.acquiredAt()));
                g.writeStringField("heartbeat_at", INSTANTS.text(h.heartbeatAt()));
                g.writeNumberField("lease_ms", h.lease().toMillis());
                g.writeStringField("lease_expires_at", INSTANTS.text(h.heartbeatAt().plus(h.lease())));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("waiting");
            for (LockRecord.Waiter w : record.waiting()) {
                g.writeStartObject();
                g.writeStringField("owner", w.owner());
                g.writeStringField("wait_id", w.waitId());
                writeProcess(g, w.process());
                g.writeStringField("refreshed_at", INSTANTS.text(w.refreshedAt()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to memory cannot fail", e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static void writeProcess(JsonGenerator g, ProcessRef p) throws IOException {
        g.writeNumberField("pid", p.pid());
        if (p.startedAt() != null) {
            g.writeStringField("process_started_at", INSTANTS.text(p.startedAt()));
        }
        g.writeStringField("host", p.host().hostName());
        g.writeStringField("boot_id", p.host().bootId());
        g.writeStringField("machine_id", p.host().machineId());
        g.writeStringField("pid_ns", p.host().pidNamespace());
    }

    /**
     * @throws MalformedLockException if the bytes are not a complete lock record
     */
    static LockRecord read(byte[] bytes) throws MalformedLockException {
        if (bytes.length == 0) {
            throw new MalformedLockException("empty file");
        }
        Map<String, Object> root;
        try (JsonParser p = JSON.createParser(bytes)) {
            Object value = readValue(p, p.nextToken());
            if (!(value instanceof Map<?, ?> map)) {
                throw new MalformedLockException("not a JSON object");
            }
            if (p.nextToken() != null) {
                throw new MalformedLockException("trailing content after the record");
            }
            root = cast(map);
        } catch (MalformedLockException e) {
            throw e;
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            int newline = message.indexOf('\n');
            throw new MalformedLockException("not valid JSON: " + (newline < 0 ? message : message.substring(0, newline)));
        }
        try {
            String resource = string(root, "resource");
            LockMode mode = LockMode.fromLabel(string(root, "mode"));
            List<LockRecord.Holder> holders = new ArrayList<>();
            for (Map<String, Object> h : objects(root, "holders")) {
                holders.add(new LockRecord.Holder(string(h, "owner"), number(h, "token"), process(h),
                        instant(h, "acquired_at"), instant(h, "heartbeat_at"), Duration.ofMillis(number(h, "lease_ms"))));
            }
            List<LockRecord.Waiter> waiting = new ArrayList<>();
            for (Map<String, Object> w : objects(root, "waiting")) {
                waiting.add(new LockRecord.Waiter(string(w, "owner"), string(w, "wait_id"), process(w),
                        instant(w, "refreshed_at")));
            }
            return new LockRecord(resource, mode, holders, waiting);
        } catch (IllegalArgumentException | DateTimeParseException | ClassCastException e) {
            throw new MalformedLockException(e.getMessage());
        }
    }

    private static ProcessRef process(Map<String, Object> m) throws MalformedLockException {
        Object started = m.get("process_started_at");
        HostIdentity host = new HostIdentity(string(m, "host"), string(m, "boot_id"),
                optional(m, "machine_id"), optional(m, "pid_ns"));
        return new ProcessRef(host, number(m, "pid"),
                started == null ? null : INSTANTS.parse((String) started));
    }

    private static String string(Map<String, Object> m, String key) throws MalformedLockException {
        if (m.get(key) instanceof String s) {
            return s;
        }
        throw new MalformedLockException("missing or non-text field '" + key + "'");
    }

    private static String optional(Map<String, Object> m, String key) {
        return m.get(key) instanceof String s ? s : HostIdentity.UNKNOWN;
    }

    private static long number(Map<String, Object> m, String key) throws MalformedLockException {
        if (m.get(key) instanceof Number n) {
            return n.longValue();
        }
        throw new MalformedLockException("missing or non-numeric field '" + key + "'");
    }

    private static Instant instant(Map<String, Object> m, String key) throws MalformedLockException {
        return INSTANTS.parse(string(m, key));
    }

    private static List<Map<String, Object>> objects(Map<String, Object> m, String key) throws MalformedLockException {
        Object value = m.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new MalformedLockException("field '" + key + "' is not a list");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> map)) {
                throw new MalformedLockException("an entry of '" + key + "' is not an object");
            }
            out.add(cast(map));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    /** A minimal tree reader: objects, arrays, strings, numbers, booleans and null. */
    private static Object readValue(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            throw new MalformedLockException("truncated record");
        }
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    if (k == null) {
                        throw new MalformedLockException("truncated record");
                    }
                    String name = p.currentName();
                    map.put(name, readValue(p, p.nextToken()));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    list.add(readValue(p, e));
                }
                return list;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return p.getNumberValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return p.getBooleanValue();
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new MalformedLockException("unexpected " + t);
        }
    }

    /** The bytes of a lock file are not a lock record: it is garbage, never a live lock. */
    static final class MalformedLockException extends IOException {
        MalformedLockException(String problem) {
            super(problem);
        }
    }
}
