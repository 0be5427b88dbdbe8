package dev.wvo.plugins.agentclaude;

import dev.wvo.spi.AgentBackend;
import dev.wvo.spi.Executables;
import dev.wvo.spi.ShellWords;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What {@code wvo doctor} says of the claude backend as configured. */
final class ClaudeDiagnosis {

    /** The credentials claude reads, in its order of precedence. */
    private static final List<String> AUTH_VARIABLES = List.of("CLAUDE_CODE_USE_BEDROCK", "CLAUDE_CODE_USE_VERTEX",
            "CLAUDE_CODE_USE_FOUNDRY", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN");

    private ClaudeDiagnosis() {
    }

    static AgentBackend.Diagnosis of(Map<String, String> settings, Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(environment);
        if (settings.containsKey("config_dir")) {
            env.put("CLAUDE_CONFIG_DIR", settings.get("config_dir"));
        }
        String executable = settings.getOrDefault("executable", "claude");
        Optional<Path> program = Executables.find(executable, env);
        AgentBackend.Availability version = program.map(p -> Executables.version(p, environment))
                .orElseGet(() -> AgentBackend.Availability.no("`" + executable + "` is not on the PATH: install Claude "
                        + "Code (npm install -g @anthropic-ai/claude-code) or set the backend's executable"));
        List<String> cannotEdit = new ArrayList<>();
        String mode = settings.getOrDefault("permission_mode", PermissionModes.DEFAULT);
        try {
            PermissionModes.whyCannotEdit(PermissionModes.checked(mode), settings.get("allowed_tools"))
                    .ifPresent(cannotEdit::add);
            if (ShellWords.split(settings.getOrDefault("extra_args", "")).contains("--disallowedTools")) {
                cannotEdit.add("extra_args passes --disallowedTools: check that it leaves Edit and Write allowed");
            }
        } catch (IllegalArgumentException e) {
            cannotEdit.add(e.getMessage());
        }
        List<String> credentials = new ArrayList<>();
        for (String name : AUTH_VARIABLES) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                credentials.add(name + " is set");
            }
        }
        Path config = Path.of(env.getOrDefault("CLAUDE_CONFIG_DIR", System.getProperty("user.home") + "/.claude"));
        if (Files.isRegularFile(config.resolve(".credentials.json"))) {
            credentials.add("a /login in " + config.resolve(".credentials.json"));
        }
        return new AgentBackend.Diagnosis(version.available(), version.detail(), cannotEdit, credentials);
    }
}
