package dev.wvo.cli.agents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the real CLIs need to run in one test against the scripted API: their own
 * {@code CLAUDE_CONFIG_DIR} and {@code CODEX_HOME} (codex's with a {@code config.toml} whose
 * {@code local} model provider points at the API, model {@code gpt-5.5} so that it offers
 * {@code apply_patch}), credentials that only the scripted API sees, the CLIs first on the
 * {@code PATH}, and every call home of theirs (updates, telemetry, error reports) turned off.
 */
public final class AgentEnvironment {

    private final Path claudeConfig;
    private final Path codexHome;
    private final ScriptedModelApi api;
    private boolean subscription;

    private AgentEnvironment(Path claudeConfig, Path codexHome, ScriptedModelApi api) {
        this.claudeConfig = claudeConfig;
        this.codexHome = codexHome;
        this.api = api;
    }

    /** Creates {@code claude-config/} and {@code codex-home/} under {@code dir}. */
    public static AgentEnvironment in(Path dir, ScriptedModelApi api) {
        try {
            Path claude = Files.createDirectories(dir.resolve("claude-config"));
            Path codex = Files.createDirectories(dir.resolve("codex-home"));
            Files.writeString(codex.resolve("config.toml"), """
                    # written by the test: codex talks to the scripted model API only
                    model = "gpt-5.5"
                    model_provider = "local"
                    check_for_update_on_startup = false

                    [analytics]
                    enabled = false

                    [model_providers.local]
                    name = "scripted model API"
                    base_url = "%s"
                    wire_api = "responses"
                    env_key = "OPENAI_API_KEY"
                    """.formatted(api.openAiBaseUrl()));
            return new AgentEnvironment(claude, codex, api);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the agent CLIs' homes in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Logs claude in as a subscription ({@code CLAUDE_CODE_OAUTH_TOKEN}) instead of with an API
     * key: only then does it read a usage limit's {@code anthropic-ratelimit-unified-*} headers.
     */
    public AgentEnvironment subscription() {
        this.subscription = true;
        return this;
    }

    public Path claudeConfigDir() {
        return claudeConfig;
    }

    public Path codexHome() {
        return codexHome;
    }

    /** The variables to give a CLI, or a wvo worker that starts them. */
    public Map<String, String> variables() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", AgentClis.binDirectory() + java.io.File.pathSeparator + System.getenv("PATH"));
        env.put("ANTHROPIC_BASE_URL", api.anthropicBaseUrl());
        env.put(subscription ? "CLAUDE_CODE_OAUTH_TOKEN" : "ANTHROPIC_API_KEY", "sk-scripted-anthropic");
        env.put("CLAUDE_CONFIG_DIR", claudeConfig.toString());
        env.put("OPENAI_API_KEY", "sk-scripted-openai");
        env.put("CODEX_HOME", codexHome.toString());
        // no traffic but to the scripted API: no updater, telemetry, error reports or other side calls
        // (claude's session-title request is one of those; the API answers it when it comes)
        env.put("DISABLE_AUTOUPDATER", "1");
        env.put("DISABLE_TELEMETRY", "1");
        env.put("DISABLE_ERROR_REPORTING", "1");
        env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        return env;
    }

    /**
     * The variables to remove from an inherited environment: the other kind of claude login
     * (an {@code ANTHROPIC_API_KEY} wins over a subscription in print mode), codex's
     * {@code CODEX_API_KEY}, and {@code CLAUDECODE}, with which claude refuses to start.
     */
    public Set<String> removed() {
        return subscription ? Set.of("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "CODEX_API_KEY", "CLAUDECODE")
                : Set.of("CLAUDE_CODE_OAUTH_TOKEN", "ANTHROPIC_AUTH_TOKEN", "CODEX_API_KEY", "CLAUDECODE");
    }

    /** A process builder's environment made into this one. */
    public void applyTo(Map<String, String> environment) {
        environment.keySet().removeAll(removed());
        environment.putAll(variables());
    }
}
