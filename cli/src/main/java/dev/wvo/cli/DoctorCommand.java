package dev.wvo.cli;

import dev.wvo.cli.render.TerminalText;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.wvo.cli.render.Json;
import dev.wvo.cli.render.Palette;
import dev.wvo.config.PluginSettingsCheck;
import dev.wvo.doctor.AgentCheck;
import dev.wvo.doctor.AttentionCheck;
import dev.wvo.doctor.ConfigCheck;
import dev.wvo.doctor.Finding;
import dev.wvo.doctor.GitCheck;
import dev.wvo.doctor.LockContentionCheck;
import dev.wvo.doctor.LockHealthCheck;
import dev.wvo.doctor.OrphanCheck;
import dev.wvo.doctor.PluginCheck;
import dev.wvo.doctor.RateLimitCheck;
import dev.wvo.doctor.StateDirectoryCheck;
import dev.wvo.doctor.ToolCheck;
import dev.wvo.doctor.Verdict;
import dev.wvo.fs.StateDir;
import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockException;
import dev.wvo.plugins.PluginHost;
import dev.wvo.accounts.RateLimitBoard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * {@code wvo doctor}: checks the state directory, its locks and leftovers, the file system's
 * locking, git, the agent CLIs and the plugins, and says what to do about each problem. It
 * changes nothing in the state directory apart from the lock check's own short-lived files.
 */
@Command(name = "doctor",
        header = "Check the state directory, locks, file system, git, agent CLIs and plugins.",
        description = "Runs every check and prints each verdict (ok, warn, fail) with what to do when it is not ok. "
                + "Exit status 0 when nothing fails (warnings allowed), 1 when a check fails. --json prints an array "
                + "of {area, check, status, detail, fix}, documented in docs/cli.md.")
final class DoctorCommand implements Callable<Integer> {

    private static final Duration LOCK_CHECK_LENGTH = Duration.ofSeconds(1);
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(5);

    @Spec
    private CommandSpec spec;

    @Mixin
    private JsonOption json;

    @Option(names = "--no-lock-check", description = "Skip the check that starts two JVMs contending on a lock (about 2 s).")
    private boolean noLockCheck;

    @Override
    public Integer call() throws JsonProcessingException {
        WvoCommand global = WvoCommand.of(spec);
        List<Finding> findings = examine(global);
        PrintWriter out = spec.commandLine().getOut();
        if (json.on()) {
            out.println(Json.MAPPER.writeValueAsString(findings.stream().map(DoctorCommand::toJson).toList()));
        } else {
            print(out, findings, global.palette());
        }
        out.flush();
        return findings.stream().anyMatch(f -> f.status() == Verdict.FAIL) ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    /**
     * The lock backend in use: for ZooKeeper, whether the ensemble answers, a session is
     * established, and how long one acquire and release of a probe lock takes.
     */
    private static Finding lockBackend(WvoCommand global) {
        if (LockBackends.backend(global) == LockBackends.Backend.FILE) {
            return Finding.ok("locks", "backend", "file locks in " + LockBackends.location(global));
        }
        long start = System.nanoTime();
        try (dev.wvo.lock.LockManager locks = LockBackends.open(global,
                LockBackends.Options.defaults().owner("wvo-doctor").releasingOnShutdown())) {
            long connected = System.nanoTime();
            try (dev.wvo.lock.LockHandle probe = locks.acquire("wvo-doctor:probe", dev.wvo.lock.LockMode.EXCLUSIVE,
                    java.time.Duration.ofSeconds(10))) {
                long acquired = System.nanoTime();
                probe.release();
                return Finding.ok("locks", "backend", String.format(java.util.Locale.ROOT,
                        "ZooKeeper %s: session established in %d ms, probe lock acquired and released in %.1f ms",
                        LockBackends.location(global), (connected - start) / 1_000_000,
                        (System.nanoTime() - connected) / 1e6));
            }
        } catch (RuntimeException | dev.wvo.lock.LockTimeoutException e) {
            return Finding.fail("locks", "backend", "ZooKeeper " + LockBackends.location(global) + ": " + e.getMessage(),
                    "check that the ensemble runs and that --zookeeper / $WVO_ZOOKEEPER names it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Finding.fail("locks", "backend", "interrupted while checking ZooKeeper", "run wvo doctor again");
        }
    }

    private List<Finding> examine(WvoCommand global) {
        Path state = global.stateDirectory();
        StateDirectoryCheck stateCheck = new StateDirectoryCheck(state);
        List<Finding> findings = new ArrayList<>(stateCheck.run());
        ConfigCheck config = ConfigCheck.of(new StateDir(state).config());
        findings.add(config.finding());
        // read with the other state files, reported with the backends they concern
        List<Finding> rateLimits = new ArrayList<>();
        if (stateCheck.usable()) {
            try (FileLockManager locks = FileLockManager.builder(global.lockDirectory()).releaseOnShutdown(false).build()) {
                findings.addAll(new LockHealthCheck(locks).run(stateCheck.roadmap()));
                findings.addAll(new OrphanCheck(state, locks, Clock.systemUTC()).run(stateCheck.roadmap()));
                rateLimits.addAll(new RateLimitCheck(new RateLimitBoard(state, locks, Clock.systemUTC())).run());
            } catch (LockException | UncheckedIOException e) {
                // reported, and the other checks still run
                findings.add(new Finding("locks", "lock directory", Verdict.FAIL, e.getMessage(),
                        e.getMessage() != null && e.getMessage().contains("permission denied")
                                ? "give this user write access to " + global.lockDirectory()
                                : "fix what the message names, then run wvo doctor again"));
            }
            if (!noLockCheck) {
                findings.addAll(LockContentionCheck.ofThisJvm(state, LOCK_CHECK_LENGTH).run());
            }
            if (config.config().isPresent()) {
                findings.add(lockBackend(global)); // chosen by config.yaml, which must read first
            }
            findings.addAll(new GitCheck(state).run());
            findings.addAll(new AttentionCheck(state).run(stateCheck.roadmap()));
        }
        findings.addAll(new ToolCheck(ToolCheck.DEFAULT_TOOLS, TOOL_TIMEOUT).run());
        List<Path> pluginDirectories = global.pluginDirectories();
        if (pluginDirectories.stream().noneMatch(Files::isDirectory)) {
            findings.add(PluginCheck.noDirectories(pluginDirectories));
        } else {
            try (PluginHost host = PluginHost.load(pluginDirectories)) {
                findings.addAll(new PluginCheck(host).run());
                config.config().ifPresent(c -> findings.addAll(new AgentCheck(host.backends(), c.backends()).run()));
                config.config().ifPresent(c -> findings.add(ConfigCheck.plugins(c,
                        new PluginSettingsCheck(host, global.environment()))));
            }
        }
        findings.addAll(rateLimits);
        return findings;
    }

    private static Map<String, String> toJson(Finding f) {
        Map<String, String> object = new LinkedHashMap<>();
        object.put("area", f.area());
        object.put("check", f.check());
        object.put("status", f.status().word());
        object.put("detail", f.detail());
        object.put("fix", f.fix());
        return object;
    }

    /** Grouped by area in the order the checks ran; the check names padded to one column. */
    private static void print(PrintWriter out, List<Finding> findings, Palette palette) {
        int width = findings.stream().mapToInt(f -> f.check().length()).max().orElse(0);
        String indent = " ".repeat(2 + 4 + 2 + width + 2);
        String area = null;
        for (Finding f : findings) {
            if (!f.area().equals(area)) {
                if (area != null) {
                    out.println();
                }
                area = f.area();
                out.println(palette.bold(area));
            }
            String word = f.status().word();
            out.println("  " + style(f.status(), palette).apply(word + " ".repeat(4 - word.length())) + "  "
                    + f.check() + " ".repeat(width - f.check().length()) + "  " + TerminalText.line(f.detail()));
            if (f.fix() != null) { // both name task ids and paths: anyone's text
                out.println(indent + palette.dim("fix: " + TerminalText.line(f.fix())));
            }
        }
        long warnings = findings.stream().filter(f -> f.status() == Verdict.WARN).count();
        long failures = findings.stream().filter(f -> f.status() == Verdict.FAIL).count();
        out.println();
        out.println((findings.size() - warnings - failures) + " ok, " + warnings + " warning(s), " + failures + " failure(s)");
    }

    private static UnaryOperator<String> style(Verdict verdict, Palette palette) {
        return switch (verdict) {
            case OK -> palette::green;
            case WARN -> palette::yellow;
            case FAIL -> palette::red;
        };
    }
}
