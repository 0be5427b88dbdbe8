package dev.wvo.cli;

import dev.wvo.fs.StateDir;
import dev.wvo.worker.WorkerControl;
import dev.wvo.worker.WorkerRecord;
import dev.wvo.worker.WorkerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code wvo serve} in a real headless browser: Debian's {@code chromium} driven by Selenium
 * through Debian's {@code chromium-driver}, watching a live run (workers of the shell backend
 * whose tasks print a numbered line every 0.2 s until the test lets them end) and pressing the
 * page's buttons. Skipped, saying why, when the browser is not installed; {@code .ci/run}
 * installs it.
 *
 * <p>With {@code -Dwvo.screenshots=DIR} it saves the page as {@code DIR/dashboard-web.png}: the
 * screenshot of docs/dashboard.md.
 */
@Tag("process")
class ServeBrowserProcessTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Pattern ADDRESS = Pattern.compile("wvo serve: (http://\\S+)");

    @TempDir
    Path dir;

    private Path state;
    private CliProcess serve;
    private WebDriver browser;

    @BeforeEach
    void setUp() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver are not installed (apt-get install -y chromium chromium-driver; "
                        + ".ci/run installs them): the browser test needs them");
        state = dir.resolve("state");
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
        StringBuilder roadmap = new StringBuilder("version: 2\ntasks:\n");
        for (String id : List.of("t1", "t2")) {
            roadmap.append("""
                      - id: %s
                        title: Count for %s
                        domain: api
                        owns: [out/%s]
                        command: 'n=0; while [ ! -e %s ]; do n=$((n+1)); echo "%s line $n"; sleep 0.2; done'
                    """.formatted(id, id, id, dir.resolve("end-" + id), id));
        }
        Files.writeString(state.resolve("roadmap.yaml"), roadmap.toString());
        // serve runs in a repository, as merge-queue next (the Land button) needs one
        GitRepo.create(dir).git("commit", "-q", "--allow-empty", "-m", "init");
        serve = CliProcess.start(dir, "serve", Map.of(), "--state", state.toString(), "--plugins",
                ReactorPlugins.folderIn(dir).toString(), "serve", "--port", "0");
        browser = headlessChromium(dir.resolve("profile"));
    }

    /** Headless Chromium with a fresh profile and nothing that reaches the network on its own. */
    static WebDriver headlessChromium(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (serve != null) {
            serve.process.destroy();
            serve.exitCode();
        }
        if (state != null && Files.isDirectory(state.resolve("workers"))) {
            new WorkerRegistry(state.resolve("workers")).list().stream().map(WorkerRecord::pid)
                    .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    static String address(CliProcess serve) {
        return await("wvo serve to print its address").atMost(PATIENCE).until(() -> {
            Matcher m = ADDRESS.matcher(serve.stdout());
            return m.find() ? m.group(1) : null;
        }, a -> a != null);
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    private void awaitPage(String what, Predicate<WebDriver> condition) {
        await(what).atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> condition.test(browser));
    }

    /** Clicks a row's button; the page redraws its rows as the state changes, so a button found may be gone: find it again. */
    private void click(String action, String target) {
        await(action + " " + target).atMost(PATIENCE).ignoreExceptions().until(() -> {
            browser.findElement(By.cssSelector("button[data-action='" + action + "'][data-target='" + target + "']")).click();
            return true;
        });
    }

    private java.util.stream.Stream<String> events() {
        return browser.findElements(By.cssSelector("#events li")).stream().map(WebElement::getText);
    }

    private String workerRow(String id) {
        return browser.findElement(By.cssSelector("#workers tr[data-worker='" + id + "']")).getText();
    }

    @Test
    void thePageFollowsALiveRun_andItsButtonsActThroughTheControlFiles() throws Exception {
        String address = address(serve);
        assertThat(address).startsWith("http://127.0.0.1:");
        browser.get(address);
        awaitPage("the first render", b -> text("#progress").equals("0/2 done, 2 pending")
                && text("#connection").equals("live") && text("#tasks-count").equals("2"));

        browser.findElement(By.id("agent")).sendKeys("shell");
        browser.findElement(By.id("spawn")).click();
        awaitPage("spawn's answer", b -> text("#answer").startsWith("started worker1 (pid "));
        browser.findElement(By.id("spawn")).click();
        awaitPage("the second worker", b -> text("#answer").startsWith("started worker2 (pid "));

        awaitPage("both workers at work, with their output", b -> workerRow("worker1").matches("worker1 working shell t\\d#1 .*t\\d line \\d+.*")
                && workerRow("worker2").matches("worker2 working shell t\\d#1 .*t\\d line \\d+.*"));
        String task1 = workerRow("worker1").split(" ")[3].replace("#1", "");
        int before = lineNumber(workerRow("worker1"));
        awaitPage("the output line to move on, live", b -> lineNumber(workerRow("worker1")) >= before + 3);
        awaitPage("the claim as a sentence", b -> events().anyMatch(e -> e.matches("\\d\\d:\\d\\d worker1 started " + task1
                + " with shell")));

        browser.findElement(By.id("filter")).sendKeys("status:in_progress " + task1);
        awaitPage("the filter", b -> text("#tasks-count").equals("1 of 2 match"));
        browser.findElement(By.id("filter")).sendKeys(Keys.chord(Keys.CONTROL, "a"),
                Keys.DELETE);
        awaitPage("the filter cleared", b -> text("#tasks-count").equals("2"));

        click("pause", "worker1");
        awaitPage("the pause answer", b -> text("#answer").startsWith("Asked worker1 to pause"));
        assertThat(new WorkerControl(new StateDir(state)).requestFor("worker1")).isEqualTo(WorkerControl.Request.PAUSE);
        Files.createFile(dir.resolve("end-" + task1));
        awaitPage("worker1 paused after its task", b -> workerRow("worker1").startsWith("worker1 paused")
                && text("#progress").startsWith("1/2 done"));
        awaitPage("the end as a sentence", b -> events().anyMatch(e -> e.matches("\\d\\d:\\d\\d worker1 finished " + task1
                + " in \\d+s")));

        saveScreenshot();

        click("resume", "worker1");
        awaitPage("the resume answer", b -> text("#answer").startsWith("Asked worker1 to resume"));
        click("stop", "worker1");
        awaitPage("the stop answer", b -> text("#answer").startsWith("Asked worker1 to stop"));
        browser.findElement(By.id("stop-newest")).click();
        awaitPage("stop-newest's answer", b -> text("#answer").startsWith("Asked worker2 (the most recently started)"));
        Files.createFile(dir.resolve("end-" + (task1.equals("t1") ? "t2" : "t1")));
        awaitPage("both workers gone", b -> text("#workers-count").equals("0 running") && text("#progress").equals("2/2 done"));

        browser.findElement(By.id("land")).click();
        awaitPage("merge-queue next's own answer", b -> text("#answer").startsWith("Nothing to land: no queued entry is ready"));
    }

    @Test
    void requestsFromElsewhere_areRefused() throws Exception {
        String address = address(serve);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(URI.create(address + "api/action"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"stop-newest\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("X-Wvo-Token");

        browser.get(address.replace("127.0.0.1", "wvo-test.localhost"));
        assertThat(browser.getPageSource()).contains("this server answers only to the address wvo serve printed");
    }

    private static int lineNumber(String row) {
        Matcher m = Pattern.compile("line (\\d+)").matcher(row);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private void saveScreenshot() throws Exception {
        String target = System.getProperty("wvo.screenshots");
        if (target != null) {
            File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
            Files.createDirectories(Path.of(target));
            Files.copy(shot.toPath(), Path.of(target, "dashboard-web.png"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
