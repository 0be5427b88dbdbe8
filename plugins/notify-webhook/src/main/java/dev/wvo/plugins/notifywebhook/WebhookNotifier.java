package dev.wvo.plugins.notifywebhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wvo.spi.Notification;
import dev.wvo.spi.Notifier;
import dev.wvo.spi.SettingProblem;
import org.pf4j.Extension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Posts a notification as JSON to a webhook. Settings: {@code url} (required; write
 * {@code $SLACK_WEBHOOK_URL} to take it from a variable, since a webhook's URL is its password),
 * {@code format}: {@code slack} ({@code {"text": ...}}), {@code discord} ({@code {"content":
 * ..., "username": "wvo"}}), {@code json} (both keys and the whole notification under
 * {@code wvo}), or {@code auto} (the default: by the URL's host, else {@code json}), and
 * {@code timeout} in seconds (default 10). A reply other than 2xx is reported with its status
 * and the start of its body.
 */
@Extension
public class WebhookNotifier implements Notifier {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Discord refuses content over 2000 characters; Slack folds long text. */
    private static final int MAX_CONTENT = 1900;

    /**
     * The client, made at the first notification sent (a holder class is initialised at its first
     * use): building one sets up TLS, about a tenth of a second and two hundred classes that a
     * worker which checks this plugin's settings at its start, and never notifies, should not pay.
     */
    private static final class Http {
        static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public String name() {
        return "webhook";
    }

    private static final List<String> KEYS = List.of("url", "format", "timeout");
    private static final List<String> FORMATS = List.of("auto", "slack", "discord", "json");

    /** Its keys only; a url that is http or https (one still written {@code $NAME} is checked when sent); a known format; a timeout in whole seconds. */
    @Override
    public List<SettingProblem> validate(Map<String, String> settings) {
        List<SettingProblem> problems = new ArrayList<>();
        settings.keySet().stream().filter(k -> !KEYS.contains(k)).forEach(k -> problems.add(SettingProblem.unknownKey(k, KEYS)));
        String url = settings.get("url");
        if (url == null || url.isBlank()) {
            problems.add(new SettingProblem("url", "is missing; give the webhook's URL, best from a variable (url: "
                    + "$SLACK_WEBHOOK_URL), since the URL is its password"));
        } else if (!url.startsWith("$") && !isHttp(url.strip())) {
            problems.add(new SettingProblem("url", "is not an http or https URL; write the webhook's https://... "
                    + "address, or $NAME of a variable that holds it"));
        }
        String format = settings.get("format");
        if (format != null && !FORMATS.contains(format.strip().toLowerCase(Locale.ROOT))) {
            problems.add(new SettingProblem("format", "is '" + format + "'; write one of " + String.join(", ", FORMATS)));
        }
        String timeout = settings.get("timeout");
        if (timeout != null && !timeout.strip().matches("[1-9][0-9]{0,4}")) {
            problems.add(new SettingProblem("timeout", "is '" + timeout + "'; write a whole number of seconds, such as 10"));
        }
        return problems;
    }

    private static boolean isHttp(String url) {
        try {
            URI target = URI.create(url);
            return ("http".equalsIgnoreCase(target.getScheme()) || "https".equalsIgnoreCase(target.getScheme()))
                    && target.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void send(Notification notification, Map<String, String> settings) throws IOException {
        String url = settings.get("url");
        if (url == null || url.isBlank()) {
            throw new IOException("notify.notifiers.webhook needs a url (for example url: $SLACK_WEBHOOK_URL)");
        }
        URI target;
        try {
            target = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IOException("notify.notifiers.webhook.url is not a URL: " + e.getMessage(), e);
        }
        if (!"http".equalsIgnoreCase(target.getScheme()) && !"https".equalsIgnoreCase(target.getScheme())) {
            throw new IOException("notify.notifiers.webhook.url must be an http or https URL");
        }
        String format = format(settings.getOrDefault("format", "auto"), target);
        Duration timeout = Duration.ofSeconds(Long.parseLong(settings.getOrDefault("timeout", "10")));
        HttpRequest request = HttpRequest.newBuilder(target).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(notification, format).toString())).build();
        HttpResponse<String> response;
        try {
            response = Http.CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while posting to the webhook", e);
        }
        if (response.statusCode() / 100 != 2) {
            String said = response.body() == null ? "" : response.body().strip();
            throw new IOException("the webhook answered HTTP " + response.statusCode()
                    + (said.isEmpty() ? "" : ": " + (said.length() > 200 ? said.substring(0, 200) + "…" : said)));
        }
    }

    /** What the endpoint reads: Slack's {@code text}, Discord's {@code content}, or both with the notification. */
    static JsonNode body(Notification n, String format) throws IOException {
        String message = n.title() + "\n" + n.text();
        if (message.length() > MAX_CONTENT) {
            message = message.substring(0, MAX_CONTENT) + "…";
        }
        ObjectNode body = JSON.createObjectNode();
        switch (format) {
            case "slack" -> body.put("text", message);
            case "discord" -> body.put("content", message).put("username", "wvo");
            default -> {
                body.put("text", message).put("content", message).put("username", "wvo");
                body.set("wvo", JSON.readTree(n.json()));
            }
        }
        return body;
    }

    static String format(String setting, URI target) throws IOException {
        String f = setting.strip().toLowerCase(Locale.ROOT);
        if (f.equals("auto")) {
            String host = target.getHost() == null ? "" : target.getHost().toLowerCase(Locale.ROOT);
            return host.endsWith("slack.com") ? "slack" : host.endsWith("discord.com") || host.endsWith("discordapp.com")
                    ? "discord" : "json";
        }
        if (!f.equals("slack") && !f.equals("discord") && !f.equals("json")) {
            throw new IOException("notify.notifiers.webhook.format is '" + setting + "'; it must be auto, slack, discord or json");
        }
        return f;
    }
}
