package dev.wvo.cli.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wvo.cli.render.Json;
import dev.wvo.cli.shell.ShellCommands;
import dev.wvo.fs.StateDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * {@code wvo serve}: one page, its live data as Server-Sent Events ({@code /events}), and its
 * buttons ({@code POST /api/action}), on the JDK's own HTTP server. A button runs the same
 * command line as the shell's key does ({@link ShellCommands}), so it acts through the same
 * control files as {@code wvo worker pause} and the others.
 *
 * <p>Who may ask: every request must name this server in its {@code Host} header as it was
 * bound (so a web site cannot reach it through a DNS name of its own that points to 127.0.0.1);
 * every action must carry the token, which only the page has, in an {@code X-Wvo-Token} header
 * (a header other origins cannot send without a CORS preflight this server never answers).
 * Bound to an address other machines reach, the page and its events need the token too, given
 * as {@code ?token=} in the address {@code wvo serve} prints.
 */
public final class DashboardServer implements AutoCloseable {

    private static final long HEARTBEAT_SECONDS = 15;
    private static final String PAGE = "index.html";
    /** Bodies shorter than this are sent as they are: compressing them gains nothing. */
    private static final int GZIP_FROM = 1024;
    /** The actions of the page's buttons, each the command words it runs before its target, if it takes one. */
    private static final Map<String, List<String>> ACTIONS = Map.of(
            "pause", List.of("worker", "pause"),
            "resume", List.of("worker", "resume"),
            "stop", List.of("worker", "stop"),
            "reset", List.of("task", "reset"),
            "retry", List.of("merge-queue", "retry"));

    private final HttpServer server;
    private final ExecutorService threads;
    private final LiveFeed feed;
    private final ShellCommands commands;
    private final String token;
    private final boolean loopback;
    private final String page;

    private DashboardServer(HttpServer server, ExecutorService threads, LiveFeed feed, ShellCommands commands,
                            String token, boolean loopback, String page) {
        this.server = server;
        this.threads = threads;
        this.feed = feed;
        this.commands = commands;
        this.token = token;
        this.loopback = loopback;
        this.page = page;
    }

    /**
     * Binds and starts serving.
     *
     * @param address where to listen; port 0 takes a free one
     * @throws IOException if the address cannot be bound (the port is taken, say)
     */
    public static DashboardServer start(ShellCommands commands, StateDir state, InetSocketAddress address, Clock clock,
                                        ZoneId zone) throws IOException {
        String token = newToken();
        String page;
        try (InputStream in = DashboardServer.class.getResourceAsStream(PAGE)) {
            page = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@TOKEN@", token);
        }
        HttpServer server = HttpServer.create(address, 0);
        // one thread per open page's event stream, which stays open, and a few for the rest
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "wvo-serve-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        LiveFeed feed = new LiveFeed(commands, state, clock, zone);
        DashboardServer dashboard = new DashboardServer(server, threads, feed, commands, token,
                address.getAddress().isLoopbackAddress(), page);
        server.createContext("/", dashboard::handle);
        server.start();
        return dashboard;
    }

    /** The page's address: with the token when other machines can reach it. */
    public URI uri() {
        InetSocketAddress bound = server.getAddress();
        String host = bound.getAddress().isAnyLocalAddress() ? "localhost" : bound.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + bound.getPort() + "/" + (loopback ? "" : "?token=" + token));
    }

    /** True if only this machine can reach the page. */
    public boolean loopbackOnly() {
        return loopback;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            if (!hostAllowed(exchange)) {
                send(exchange, 421, "text/plain", "this server answers only to the address wvo serve printed");
                return;
            }
            if (!loopback && !tokenIn(exchange.getRequestURI().getRawQuery())
                    && !matches(exchange.getRequestHeaders().getFirst("X-Wvo-Token"))) {
                send(exchange, 403, "text/plain", "add ?token=TOKEN, as wvo serve printed it, to the address");
                return;
            }
            switch (exchange.getRequestMethod() + " " + path) {
                case "GET /" -> send(exchange, 200, "text/html; charset=utf-8", page());
                case "GET /api/status" -> send(exchange, 200, "application/json", feed.latest());
                case "GET /events" -> stream(exchange);
                case "POST /api/action" -> act(exchange);
                default -> send(exchange, 404, "text/plain", "no such page: " + path);
            }
        } finally {
            exchange.close();
        }
    }

    /**
     * The page with the last document in it, so that it draws every panel as soon as it is parsed,
     * before its event stream is open. In a {@code <script type="application/json">} element, which
     * a {@code </script>} or {@code <!--} in an agent's output line would break: every {@code <}
     * (only ever inside a JSON string) is written {@code \u003c}, the same string to JSON.
     */
    private String page() {
        return page.replace("@FIRST@", feed.latest().replace("<", "\\u003c"));
    }

    /** The Host header names this server: its bound address and port, or localhost on a loopback one. */
    private boolean hostAllowed(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null) {
            return false;
        }
        int port = server.getAddress().getPort();
        if (!loopback) {
            return true; // reachable by name from elsewhere: the token guards it
        }
        return Set.of("localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port).contains(host.toLowerCase());
    }

    /** The event stream: the current document at once, then each new one, and a comment every 15 s to keep it open. */
    private void stream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        BlockingQueue<String> documents = new LinkedBlockingQueue<>();
        feed.subscribe(documents);
        try {
            OutputStream out = exchange.getResponseBody();
            write(out, "retry: 2000\n\n" + event(feed.latest()));
            while (true) {
                String next = documents.poll(HEARTBEAT_SECONDS, TimeUnit.SECONDS);
                write(out, next == null ? ": still here\n\n" : event(next));
            }
        } catch (IOException e) {
            // the page went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            feed.unsubscribe(documents);
        }
    }

    private static String event(String document) {
        return "event: status\ndata: " + document + "\n\n";
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * {@code {"action": "pause", "target": "worker2"}}: runs the action's command and answers its
     * lines. {@code spawn} takes an optional {@code "agent"}; {@code stop-newest} and {@code land}
     * (the next merge, {@code merge-queue next}) no target.
     */
    private void act(HttpExchange exchange) throws IOException {
        if (!matches(exchange.getRequestHeaders().getFirst("X-Wvo-Token"))) {
            send(exchange, 403, "text/plain", "an action needs the page's token in an X-Wvo-Token header");
            return;
        }
        JsonNode request;
        try (InputStream in = exchange.getRequestBody()) {
            request = Json.MAPPER.readTree(in.readNBytes(64 * 1024));
        } catch (IOException e) {
            send(exchange, 400, "text/plain", "the body is not JSON: " + e.getMessage());
            return;
        }
        String action = request == null ? "" : request.path("action").asText("");
        String target = request == null ? "" : request.path("target").asText("");
        List<String> answer;
        if (action.equals("spawn")) {
            String agent = request.path("agent").asText("");
            answer = agent.isBlank() ? commands.spawnAnother() : commands.run(List.of("spawn", "--agent", agent));
        } else if (action.equals("stop-newest")) {
            answer = commands.stopOne();
        } else if (action.equals("land")) {
            answer = commands.run(List.of("merge-queue", "next"));
        } else if (ACTIONS.containsKey(action) && !target.isBlank()) {
            List<String> words = new ArrayList<>(ACTIONS.get(action));
            words.add(target);
            answer = commands.run(words);
        } else {
            send(exchange, 400, "text/plain", "unknown action '" + action + "' or no target; the actions are "
                    + "spawn, stop-newest, land, " + String.join(", ", ACTIONS.keySet()) + " TARGET");
            return;
        }
        feed.stateChanged(); // what the action did shows at once
        send(exchange, 200, "application/json", Json.COMPACT.writeValueAsString(Map.of("answer", answer)));
    }

    private boolean tokenIn(String query) {
        if (query == null) {
            return false;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("token=") && matches(pair.substring("token=".length()))) {
                return true;
            }
        }
        return false;
    }

    private boolean matches(String given) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends {@code body}, gzipped when the client takes gzip and it is long: the page with a
     * 358-task roadmap in it is 80 KB, 13 KB compressed.
     */
    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        String accepted = exchange.getRequestHeaders().getFirst("Accept-Encoding");
        if (bytes.length >= GZIP_FROM && accepted != null && accepted.toLowerCase().contains("gzip")) {
            ByteArrayOutputStream zipped = new ByteArrayOutputStream(bytes.length / 4);
            try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
                gzip.write(bytes);
            }
            bytes = zipped.toByteArray();
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            exchange.getResponseHeaders().set("Vary", "Accept-Encoding");
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String newToken() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
        feed.close();
        threads.shutdownNow();
    }
}
