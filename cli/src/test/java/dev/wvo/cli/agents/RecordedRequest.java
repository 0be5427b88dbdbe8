package dev.wvo.cli.agents;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One request a CLI sent to the scripted API, as it arrived.
 *
 * @param api     which API it was for, or null for anything else (a WebSocket attempt, a HEAD)
 * @param method  the HTTP method
 * @param path    the path with its query
 * @param headers the headers, names in lower case
 * @param body    the JSON body, or a missing node
 * @param at      when it arrived
 */
public record RecordedRequest(Api api, String method, String path, Map<String, List<String>> headers, JsonNode body,
                              Instant at) {

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The login it was sent with: the API key, or the bearer token of a subscription; null for none. */
    public String credential() {
        String key = header("x-api-key");
        if (key != null) {
            return key;
        }
        String authorization = header("authorization");
        return authorization == null ? null : authorization.replaceFirst("^Bearer ", "");
    }

    /** The conversation it carries (its prompt, turn, working directory). */
    public Conversation conversation() {
        return Conversation.of(api, body);
    }

    /**
     * A request of the agent's main loop: one offering tools. Claude Code's side requests (the
     * session title, topic detection) offer none and are answered without the script.
     */
    public boolean isMainLoop() {
        return body.path("tools").isArray() && !body.path("tools").isEmpty();
    }
}
