package dev.wvo.cli.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scripted model API spoken to over plain HTTP, without a CLI: the shapes it renders that
 * the real CLIs rely on, scripted latency, and what it refuses.
 */
class ScriptedModelApiHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void plainAndStreamedMessages_sideRequests_andCountTokens_haveTheApisShapes() throws Exception {
        try (ScriptedModelApi api = ScriptedModelApi.start()) {
            api.script(Api.ANTHROPIC, Script.sequence(Reply.text("hello"), Reply.runCommand("ls")));
            JsonNode plain = JSON.readTree(post(api.anthropicBaseUrl() + "/v1/messages",
                    "{\"model\":\"claude-x\",\"tools\":[{\"name\":\"Bash\"}],\"messages\":[]}").body());
            assertThat(plain.path("content").get(0).path("text").asText()).isEqualTo("hello");
            assertThat(plain.path("stop_reason").asText()).isEqualTo("end_turn");
            assertThat(plain.path("usage").path("input_tokens").asLong()).isEqualTo(TokenUsage.DEFAULT.input());

            String stream = post(api.anthropicBaseUrl() + "/v1/messages",
                    "{\"model\":\"claude-x\",\"stream\":true,\"tools\":[{\"name\":\"Bash\"}],\"messages\":[]}").body();
            assertThat(stream).contains("event: message_start", "\"type\":\"tool_use\"", "\"name\":\"Bash\"",
                    "input_json_delta", "\"stop_reason\":\"tool_use\"", "event: message_stop");

            JsonNode title = JSON.readTree(post(api.anthropicBaseUrl() + "/v1/messages", "{\"model\":\"claude-x\","
                    + "\"output_config\":{\"format\":{\"type\":\"json_schema\",\"schema\":{\"type\":\"object\","
                    + "\"properties\":{\"title\":{\"type\":\"string\"},\"isNewTopic\":{\"type\":\"boolean\"}}}}},"
                    + "\"messages\":[]}").body());
            assertThat(JSON.readTree(title.path("content").get(0).path("text").asText()))
                    .isEqualTo(JSON.readTree("{\"title\":\"Scripted task\",\"isNewTopic\":false}"));
            assertThat(api.mainLoopRequests(Api.ANTHROPIC)).as("the side request is not the script's").hasSize(2);

            assertThat(JSON.readTree(post(api.anthropicBaseUrl() + "/v1/messages/count_tokens", "{}").body())
                    .path("input_tokens").asLong()).isPositive();
        }
    }

    @Test
    void latency_limits_andAWebSocketAttempt_areAnsweredAsScripted() throws Exception {
        try (ScriptedModelApi api = ScriptedModelApi.start()) {
            api.script(Api.OPENAI, Script.sequence(Reply.text("slow").after(Duration.ofMillis(300)),
                    Reply.rateLimited(Duration.ofSeconds(7)), Reply.usageLimit(Instant.ofEpochSecond(1_800_000_000L))));
            Instant sent = Instant.now();
            HttpResponse<String> slow = post(api.openAiBaseUrl() + "/responses", "{\"tools\":[{\"name\":\"x\"}],\"input\":[]}");
            assertThat(Duration.between(sent, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(slow.body()).contains("event: response.created", "\"type\":\"output_text\"", "\"text\":\"slow\"",
                    "event: response.completed");

            HttpResponse<String> limited = post(api.openAiBaseUrl() + "/responses", "{\"tools\":[{\"name\":\"x\"}]}");
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("retry-after")).contains("7");
            assertThat(limited.body()).contains("rate_limit_exceeded");

            HttpResponse<String> usage = post(api.openAiBaseUrl() + "/responses", "{\"tools\":[{\"name\":\"x\"}]}");
            assertThat(usage.body()).contains("\"type\":\"usage_limit_reached\"", "\"resets_at\":1800000000");

            // as codex opens its WebSocket: a refusal sends it to HTTPS at once (java.net.http will not send Upgrade)
            URI base = URI.create(api.openAiBaseUrl());
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                socket.getOutputStream().write(("GET /v1/responses HTTP/1.1\r\nHost: " + base.getAuthority()
                        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine();
                assertThat(status).isEqualTo("HTTP/1.1 404 Not Found");
            }
            assertThat(api.requests()).hasSize(4);
        }
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
