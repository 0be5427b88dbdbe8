package dev.wvo.bench;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long {@code wvo serve}'s page takes to show a real big roadmap: the 752 KB WeatherVane
 * fixture (432 entries, 358 of them tasks) in a state of its own, {@code wvo serve --port 0} as a
 * process, and Debian's headless Chromium (through chromium-driver) opening the page with a
 * fresh profile each run. The figure is the page's own mark: milliseconds from the start of the
 * navigation to the end of its first full render (every task row in the table), as the page
 * records it in {@code data-first-render}; the median of the runs is reported (target: under 1 s).
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.wvo.bench.PageRenderBenchmark [--runs 7] [--wvo ./wvo]
 *     [--roadmap /work/shared/fixtures/weathervane/roadmap-2025-10-24-bc7f707b.yaml]</pre>
 */
public final class PageRenderBenchmark {

    private static final Pattern ADDRESS = Pattern.compile("wvo serve: (http://\\S+)");

    private PageRenderBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args);
        int runs = a.integer("runs", 7);
        Path wvo = Launcher.find(a.text("wvo", "./wvo"));
        Path fixture = Path.of(a.text("roadmap", "/work/shared/fixtures/weathervane/roadmap-2025-10-24-bc7f707b.yaml"));
        Path dir = BenchDirectory.create("page-render-");
        Path roadmap = dir.resolve("roadmap.yaml");
        Files.writeString(roadmap, Files.readString(fixture));
        Path state = dir.resolve("state");
        Launcher.run(wvo, "init", "--from", roadmap.toString(), "--state", state.toString());
        Path out = dir.resolve("serve.out");
        Process serve = new ProcessBuilder(wvo.toString(), "--state", state.toString(), "serve", "--port", "0")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            String address = address(out, serve);
            long[] marks = new long[runs];
            int rows = 0;
            System.out.printf("# %s, %d KB roadmap, %d runs, load before: %s%n", fixture.getFileName(),
                    Files.size(fixture) / 1024, runs, Files.readString(Path.of("/proc/loadavg")).strip());
            for (int i = 0; i < runs; i++) {
                WebDriver browser = chromium(dir.resolve("profile-" + i));
                try {
                    browser.get(address);
                    new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> b.findElement(By.tagName("body"))
                            .getAttribute("data-first-render") != null ? true : null);
                    marks[i] = Long.parseLong(browser.findElement(By.tagName("body")).getAttribute("data-first-render"));
                    rows = browser.findElements(By.cssSelector("#tasks tbody tr")).size();
                } finally {
                    browser.quit();
                }
            }
            long[] sorted = marks.clone();
            Arrays.sort(sorted);
            System.out.printf("# load after: %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
            System.out.printf("wvo serve, first full render (%d task rows): median %d ms; sorted %s%n", rows,
                    sorted[sorted.length / 2], Arrays.toString(sorted));
        } finally {
            serve.destroy();
            serve.waitFor();
            BenchDirectory.delete(dir);
        }
    }

    private static String address(Path out, Process serve) throws Exception {
        for (int i = 0; i < 600; i++) {
            Matcher m = ADDRESS.matcher(Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "");
            if (m.find()) {
                return m.group(1);
            }
            if (!serve.isAlive()) {
                throw new IllegalStateException("wvo serve ended: " + Files.readString(out));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("wvo serve printed no address within 60 s");
    }

    /** Debian's headless Chromium with a fresh profile and nothing that reaches the network on its own. */
    private static WebDriver chromium(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File("/usr/bin/chromium"));
        List<String> flags = new ArrayList<>(List.of("--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile));
        options.addArguments(flags);
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build(), options);
    }
}
