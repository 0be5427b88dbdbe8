package dev.wvo.doctor;

import org.apache.commons.io.FileUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Whether the programs wvo runs are on the PATH: each is started with {@code --version} (argv
 * only, no shell) and given a short time to answer.
 */
public final class ToolCheck {

    static final String AREA = "tools";
    /** The agent CLIs the bundled backends drive, and git. */
    public static final List<String> DEFAULT_TOOLS = List.of("claude", "codex", "git");
    /** git is needed for conflict detection; the agent CLIs only by the backends that use them. */
    private static final String REQUIRED = "git";

    private final List<String> tools;
    private final Duration timeout;

    public ToolCheck(List<String> tools, Duration timeout) {
        this.tools = List.copyOf(tools);
        this.timeout = timeout;
    }

    public List<Finding> run() {
        List<Finding> findings = new ArrayList<>();
        tools.forEach(tool -> findings.add(check(tool)));
        return findings;
    }

    private Finding check(String tool) {
        Path output = null;
        try {
            output = Files.createTempFile("wvo-doctor-", ".out");
            Process process = new ProcessBuilder(tool, "--version").redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            // a tool that asks something gets end of input at once instead of waiting out the timeout
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return Finding.warn(AREA, tool, tool + " --version did not answer within " + timeout.toMillis() + " ms",
                        "run " + tool + " --version yourself to see what it waits for");
            }
            String version = Files.readAllLines(output, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank())
                    .findFirst().orElse("(no output)").strip();
            return process.exitValue() == 0
                    ? Finding.ok(AREA, tool, version)
                    : Finding.warn(AREA, tool, tool + " --version exited with " + process.exitValue() + ": " + version,
                    "run " + tool + " --version yourself");
        } catch (IOException e) {
            String detail = tool + " is not on the PATH";
            String fix = "install " + tool + ", or add its directory to PATH";
            return REQUIRED.equals(tool) ? Finding.fail(AREA, tool, detail, fix)
                    : Finding.warn(AREA, tool, detail, fix + " (needed only by the backend that runs it)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Finding.warn(AREA, tool, "interrupted", "run wvo doctor again");
        } finally {
            if (output != null) {
                FileUtils.deleteQuietly(output.toFile());
            }
        }
    }
}
