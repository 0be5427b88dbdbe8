package dev.wvo.cli.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wvo.cli.Main;
import dev.wvo.cli.ShellCommand;
import dev.wvo.cli.render.Json;
import dev.wvo.cli.shell.WorkerLauncher;
import dev.wvo.fs.StateDir;
import dev.wvo.lock.FileLockManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page as {@code wvo serve} sends it, in this JVM: with the state's document in it, so the
 * page draws before its event stream opens; safe whatever the state's text holds; gzipped for a
 * browser that takes it. The page in a real browser is {@code ServeBrowserProcessTest}'s.
 */
class DashboardServerTest {

    private static final Pattern FIRST = Pattern.compile(
            "<script id=\"first\" type=\"application/json\">(.*?)</script>", Pattern.DOTALL);

    @TempDir
    Path state;

    @Test
    void thePage_carriesTheFirstDocument_escaped_andGzipped() throws Exception {
        String title = "Close </script><!--<script>alert(1)</script> & more";
        Files.writeString(state.resolve("roadmap.yaml"), "version: 2\ntasks:\n  - id: T-1\n    title: '"
                + title.replace("'", "''") + "'\n");
        CommandLine wvo = Main.newCommandLine(Map.of());
        wvo.parseArgs("--state", state.toString());
        try (FileLockManager locks = FileLockManager.builder(state.resolve("locks")).releaseOnShutdown(false).build();
             DashboardServer server = DashboardServer.start(ShellCommand.commands(wvo.getCommand(), locks,
                             new WorkerLauncher(List.of("false"), List.of(), state, state)), new StateDir(state),
                     new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Clock.systemUTC(), ZoneId.systemDefault())) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<byte[]> zipped = http.send(HttpRequest.newBuilder(server.uri())
                    .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
            HttpResponse<String> plain = http.send(HttpRequest.newBuilder(server.uri()).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> status = http.send(HttpRequest.newBuilder(server.uri().resolve("/api/status")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
            String page = new String(new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(plain.body()).isEqualTo(page);
            assertThat(zipped.body().length).isLessThan(page.length() / 2);

            Matcher first = FIRST.matcher(page);
            assertThat(first.find()).isTrue();
            assertThat(first.group(1)).doesNotContain("<");
            JsonNode document = Json.MAPPER.readTree(first.group(1));
            assertThat(document).isEqualTo(Json.MAPPER.readTree(status.body()));
            assertThat(document.get("tasks").get(0).get("title").asText()).isEqualTo(title);
            assertThat(page.indexOf("<script>", first.end())).as("the page's own script follows, whole").isPositive();
        }
    }
}
