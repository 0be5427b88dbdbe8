package dev.wvo.cli.agents;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The real agent CLIs the build installed with {@code npm ci} from {@code cli/agent-clis}
 * ({@code @anthropic-ai/claude-code} and {@code @openai/codex} at the versions its
 * package-lock.json pins). Tests that run them are annotated {@link RequiresAgentClis}.
 *
 * <p>The folder comes from the system property {@code wvo.agent.clis} (cli's Surefire and
 * Failsafe set it; another module reusing this kit through the test-jar sets its own), else from
 * {@code cli/agent-clis/node_modules/.bin} found upward of the working directory.
 */
public final class AgentClis {

    /** Set (to anything) where a missing CLI must fail the tests instead of skipping them: CI. */
    public static final String REQUIRED_ENV = "WVO_REQUIRE_AGENT_CLIS";
    static final String PROPERTY = "wvo.agent.clis";

    private AgentClis() {
    }

    /** The folder holding the {@code claude} and {@code codex} launchers. */
    public static Path binDirectory() {
        return find().orElseThrow(() -> new IllegalStateException(whyMissing().orElse("the agent CLIs are missing")));
    }

    public static Path claude() {
        return binDirectory().resolve("claude");
    }

    public static Path codex() {
        return binDirectory().resolve("codex");
    }

    /** What is missing for the real CLIs to run here, and what to do; empty when both are installed. */
    public static Optional<String> whyMissing() {
        Optional<Path> bin = find();
        if (bin.isEmpty()) {
            return Optional.of("the real agent CLIs are not installed (no cli/agent-clis/node_modules/.bin): "
                    + "install npm and build with Maven, or run `npm ci` in cli/agent-clis");
        }
        for (String cli : new String[] {"claude", "codex"}) {
            if (!Files.isExecutable(bin.get().resolve(cli))) {
                return Optional.of("`" + cli + "` is missing from " + bin.get() + ": run `npm ci` in "
                        + bin.get().getParent().getParent());
            }
        }
        return Optional.empty();
    }

    /** Whether a missing CLI fails the tests (CI) rather than skipping them. */
    static boolean required() {
        String value = System.getenv(REQUIRED_ENV);
        return value != null && !value.isBlank();
    }

    private static Optional<Path> find() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path bin = Path.of(configured);
            return Files.isDirectory(bin) ? Optional.of(bin) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : new Path[] {dir.resolve("agent-clis"), dir.resolve("cli").resolve("agent-clis")}) {
                Path bin = candidate.resolve("node_modules").resolve(".bin");
                if (Files.isDirectory(bin)) {
                    return Optional.of(bin);
                }
            }
        }
        return Optional.empty();
    }
}
