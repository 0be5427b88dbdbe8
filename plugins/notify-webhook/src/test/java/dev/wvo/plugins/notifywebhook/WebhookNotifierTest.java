package dev.wvo.plugins.notifywebhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.wvo.spi.Notification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The webhook notifier against a real HTTP receiver on loopback. */
class WebhookNotifierTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Notification NOTE = new Notification("needs-attention", "wvo: T3 needs a person",
            "T3 is blocked: tests fail", Instant.parse("2026-12-05T10:00:00Z"),
            "{\"kind\":\"needs-attention\",\"event\":{\"type\":\"needs-attention\",\"task\":\"T3\"}}");

    private HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private volatile int status = 200;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/", exchange -> {
            try (exchange) {
                received.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("content-type") + " "
                        + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                byte[] reply = (status == 200 ? "ok" : "invalid_payload").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, reply.length);
                exchange.getResponseBody().write(reply);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    @Test
    void postsJsonThatSlackAndDiscordEndpointsRead_andTheWholeNotification() throws Exception {
        new WebhookNotifier().send(NOTE, Map.of("url", url()));

        assertThat(received).singleElement().asString().startsWith("POST application/json ");
        JsonNode body = JSON.readTree(received.get(0).substring("POST application/json ".length()));
        assertThat(body.get("text").asText()).isEqualTo("wvo: T3 needs a person\nT3 is blocked: tests fail");
        assertThat(body.get("content").asText()).isEqualTo(body.get("text").asText());
        assertThat(body.get("username").asText()).isEqualTo("wvo");
        assertThat(body.get("wvo").get("event").get("task").asText()).isEqualTo("T3");
    }

    @Test
    void slackAndDiscordFormats_sendOnlyWhatEachReads() throws Exception {
        assertThat(WebhookNotifier.body(NOTE, "slack").fieldNames()).toIterable().containsExactly("text");
        assertThat(WebhookNotifier.body(NOTE, "discord").fieldNames()).toIterable().containsExactly("content", "username");
        assertThat(WebhookNotifier.format("auto", URI.create("https://hooks.slack.com/services/T/B/x"))).isEqualTo("slack");
        assertThat(WebhookNotifier.format("auto", URI.create("https://discord.com/api/webhooks/1/x"))).isEqualTo("discord");
        assertThat(WebhookNotifier.format("auto", URI.create("http://127.0.0.1:9/x"))).isEqualTo("json");
    }

    @Test
    void aRefusal_isReportedWithItsStatusAndBody_andBadSettingsSayWhatToWrite() {
        status = 400;
        assertThatThrownBy(() -> new WebhookNotifier().send(NOTE, Map.of("url", url())))
                .isInstanceOf(IOException.class).hasMessage("the webhook answered HTTP 400: invalid_payload");
        assertThatThrownBy(() -> new WebhookNotifier().send(NOTE, Map.of())).hasMessageContaining("needs a url");
        assertThatThrownBy(() -> new WebhookNotifier().send(NOTE, Map.of("url", "ftp://x/y")))
                .hasMessageContaining("http or https");
        assertThatThrownBy(() -> new WebhookNotifier().send(NOTE, Map.of("url", url(), "format", "teams")))
                .hasMessageContaining("auto, slack, discord or json");
    }
}
