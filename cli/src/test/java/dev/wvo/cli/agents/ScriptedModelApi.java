package dev.wvo.cli.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * A model API on loopback that the real {@code claude} and {@code codex} talk to in tests: the
 * only thing imitated. It speaks Anthropic's Messages API ({@code POST /v1/messages}, streamed
 * and plain, {@code /v1/messages/count_tokens}) and OpenAI's Responses API as Codex uses it
 * ({@code POST /v1/responses}, streamed), answers each agent's main-loop requests from the
 * test's {@link Script} for that API, answers Claude Code's side requests (session title,
 * topic detection) by itself, refuses Codex's WebSocket attempt so that it uses HTTPS at once,
 * and records every request.
 *
 * <pre>
 * try (ScriptedModelApi api = ScriptedModelApi.start()) {
 *     api.script(Api.ANTHROPIC, Script.steps(Reply.writeFile("hello.txt", "hi\n"), Reply.text("Done.")));
 *     ... run claude with AgentEnvironment.in(dir, api) ...
 *     assertThat(api.mainLoopRequests(Api.ANTHROPIC)).hasSize(2);
 * }
 * </pre>
 */
public final class ScriptedModelApi implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Script DEFAULT = Script.always(Reply.text("Done."));

    private final HttpServer server;
    private final ExecutorService threads;
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final Map<Api, Script> scripts = new LinkedHashMap<>(Map.of(Api.ANTHROPIC, DEFAULT, Api.OPENAI, DEFAULT));
    /** Scripts for the requests of one credential ({@code API credential}): one account's answers. */
    private final Map<String, Script> accountScripts = new LinkedHashMap<>();
    private final Map<Api, AtomicInteger> counters = Map.of(Api.ANTHROPIC, new AtomicInteger(), Api.OPENAI, new AtomicInteger());
    private final AtomicInteger ids = new AtomicInteger();
    private volatile TokenUsage usage = TokenUsage.DEFAULT;

    private ScriptedModelApi(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** Starts a server on a free port of 127.0.0.1. */
    public static ScriptedModelApi start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            ExecutorService threads = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "scripted-model-api");
                t.setDaemon(true);
                return t;
            });
            ScriptedModelApi api = new ScriptedModelApi(server, threads);
            server.createContext("/", api::handle);
            server.setExecutor(threads);
            server.start();
            return api;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the scripted model API on loopback: " + e.getMessage(), e);
        }
    }

    /** {@code http://127.0.0.1:PORT}: claude's {@code ANTHROPIC_BASE_URL}. */
    public String anthropicBaseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT/v1}: the {@code base_url} of codex's model provider. */
    public String openAiBaseUrl() {
        return anthropicBaseUrl() + "/v1";
    }

    /** How the API answers main-loop requests from now on. */
    public ScriptedModelApi script(Api api, Script script) {
        synchronized (scripts) {
            scripts.put(api, script);
        }
        return this;
    }

    /**
     * How the API answers the main-loop requests that carry {@code credential} (an API key, or a
     * subscription's token) from now on, over the API's script: one account's answers, as a
     * service answers each login by its own quota.
     */
    public ScriptedModelApi script(Api api, String credential, Script script) {
        synchronized (scripts) {
            accountScripts.put(api + " " + credential, script);
        }
        return this;
    }

    /** The token counts every reply reports from now on. */
    public ScriptedModelApi usage(TokenUsage usage) {
        this.usage = usage;
        return this;
    }

    /** Every request so far, in arrival order. */
    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The main-loop requests of one API so far (those the script answered). */
    public List<RecordedRequest> mainLoopRequests(Api api) {
        return requests().stream().filter(r -> r.api() == api && r.isMainLoop()).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().toString();
            String method = exchange.getRequestMethod();
            Api api = path.startsWith("/v1/messages") ? Api.ANTHROPIC : path.startsWith("/v1/responses") ? Api.OPENAI : null;
            JsonNode body = readBody(exchange);
            RecordedRequest request = new RecordedRequest(method.equals("POST") ? api : null, method, path,
                    headersOf(exchange), body, Instant.now());
            synchronized (requests) {
                requests.add(request);
            }
            send(exchange, replyTo(request, method, path));
        }
    }

    private HttpReply replyTo(RecordedRequest request, String method, String path) {
        if (!method.equals("POST") || request.api() == null) {
            // codex tries a WebSocket first; a plain refusal makes it use HTTPS at once
            return method.equals("HEAD") ? new HttpReply(200, Map.of(), new byte[0])
                    : HttpReply.json(404, "{\"error\":{\"message\":\"not here: " + method + " " + path + "\"}}");
        }
        if (path.startsWith("/v1/messages/count_tokens")) {
            return AnthropicReplies.countTokens();
        }
        if (request.api() == Api.ANTHROPIC && !request.isMainLoop()) {
            return AnthropicReplies.sideReply(request.body(), usage, this::nextId);
        }
        Script script;
        synchronized (scripts) {
            script = accountScripts.getOrDefault(request.api() + " " + request.credential(), scripts.get(request.api()));
        }
        Conversation conversation = request.conversation();
        Reply reply = script.replyTo(conversation, counters.get(request.api()).getAndIncrement());
        while (reply instanceof Reply.Delayed delayed) {
            pause(delayed);
            reply = delayed.reply();
        }
        return request.api() == Api.ANTHROPIC
                ? AnthropicReplies.render(reply, request.body(), conversation, usage, this::nextId)
                : OpenAiReplies.render(reply, request.body(), conversation, usage, this::nextId);
    }

    /** A scripted latency: this server thread answers late, as a slow model would. */
    private static void pause(Reply.Delayed delayed) {
        try {
            Thread.sleep(delayed.latency().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String nextId() {
        return String.format(Locale.ROOT, "%06d", ids.incrementAndGet());
    }

    private static JsonNode readBody(HttpExchange exchange) throws IOException {
        byte[] bytes;
        try (InputStream raw = exchange.getRequestBody()) {
            String encoding = exchange.getRequestHeaders().getFirst("content-encoding");
            InputStream in = "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(raw) : raw;
            bytes = in.readAllBytes();
        }
        if (bytes.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    private static Map<String, List<String>> headersOf(HttpExchange exchange) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        return headers;
    }

    private static void send(HttpExchange exchange, HttpReply reply) throws IOException {
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        boolean empty = reply.body().length == 0;
        exchange.sendResponseHeaders(reply.status(), empty ? -1 : reply.body().length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        }
    }
}
