package dev.wvo.cli.agents;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A rendered HTTP response: status, headers and body. */
record HttpReply(int status, Map<String, String> headers, byte[] body) {

    static HttpReply json(int status, String json) {
        return new HttpReply(status, Map.of("content-type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
    }

    static HttpReply eventStream(String events) {
        return new HttpReply(200, Map.of("content-type", "text/event-stream", "cache-control", "no-cache"),
                events.getBytes(StandardCharsets.UTF_8));
    }

    HttpReply withHeaders(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(more);
        return new HttpReply(status, all, body);
    }
}
