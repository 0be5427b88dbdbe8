package dev.wvo.config;

import dev.wvo.spi.ShellWords;
import dev.wvo.spi.TaskView;

import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings each agent backend runs with, from {@code state/config.yaml}, a profile, and
 * command-line overrides, later ones winning:
 *
 * <pre>
 * backends:
 *   claude: {model: opus, permission_mode: acceptEdits}
 *   codex:
 *     sandbox: workspace-write
 *     extra_args: ["-c", "model_reasoning_effort=\"high\""]   # or one string in shell quoting
 * profiles:
 *   work:
 *     claude: {config_dir: ~/.claude-work}   # CLAUDE_CONFIG_DIR: another account
 *     codex:  {home: ~/.codex-work}          # CODEX_HOME
 * </pre>
 *
 * and, over all of them for one task, the task's own {@code backends:} map ({@link #forTask}).
 * Values are text; a YAML list becomes one string in shell quoting, which the backend splits back
 * into the same items ({@link ShellWords}); a leading {@code ~/} is the user's home directory.
 * Which keys a backend takes is the backend's own business (its plugin's documentation); wvo
 * reads {@code resume} itself.
 */
public final class BackendSettings {

    /** No backend settings, no profiles. */
    public static final BackendSettings NONE = new BackendSettings(Path.of("config.yaml"), Map.of(), Map.of());

    private final Path file;
    private final Map<String, Map<String, String>> backends;
    private final Map<String, Map<String, Map<String, String>>> profiles;

    private BackendSettings(Path file, Map<String, Map<String, String>> backends,
                            Map<String, Map<String, Map<String, String>>> profiles) {
        this.file = file;
        this.backends = backends;
        this.profiles = profiles;
    }

    /**
     * Reads {@code backends:} and {@code profiles:}.
     *
     * @throws ConfigException naming file:line:column when a section is not a mapping of backends to settings
     */
    static BackendSettings read(ConfigFile config) {
        Map<String, Map<String, String>> backends = config.root().child("backends")
                .map(BackendSettings::backendsOf).orElse(Map.of());
        Map<String, Map<String, Map<String, String>>> profiles = new LinkedHashMap<>();
        config.root().child("profiles").ifPresent(section -> section.children()
                .forEach((name, profile) -> profiles.put(name, backendsOf(profile))));
        return new BackendSettings(config.file(), Map.copyOf(backends), Collections.unmodifiableMap(profiles));
    }

    private static Map<String, Map<String, String>> backendsOf(ConfigFile.Entry section) {
        if (!section.isMapping()) {
            throw section.problem("must map backend names to their settings (claude: {model: opus})");
        }
        Map<String, Map<String, String>> backends = new LinkedHashMap<>();
        section.children().forEach((backend, settings) -> {
            if (!settings.isMapping()) {
                throw settings.problem("must be a mapping of settings (model: opus, ...)");
            }
            Map<String, String> values = new LinkedHashMap<>();
            settings.children().forEach((key, value) -> values.put(key, valueOf(value)));
            backends.put(backend, Map.copyOf(values));
        });
        return backends;
    }

    /** The profiles defined, in file order. */
    public boolean isEmpty() {
        return backends.isEmpty() && profiles.isEmpty();
    }

    public List<String> profiles() {
        return List.copyOf(profiles.keySet());
    }

    /**
     * The settings of every backend for a worker: the file's, then the profile's, then the overrides.
     *
     * @param profile   a profile of the file, or null
     * @param overrides {@code backend.key=value} entries
     * @throws ConfigException          if the profile is not defined
     * @throws IllegalArgumentException naming an override that is not {@code BACKEND.KEY=VALUE}
     */
    public Map<String, Map<String, String>> forWorker(String profile, List<String> overrides) {
        Map<String, Map<String, String>> settings = new HashMap<>();
        backends.forEach((backend, values) -> settings.put(backend, new HashMap<>(values)));
        if (profile != null) {
            Map<String, Map<String, String>> chosen = profiles.get(profile);
            if (chosen == null) {
                throw new ConfigException("No profile '" + profile + "' in " + file + (profiles.isEmpty()
                        ? " (it defines none under `profiles:`)" : " (it defines " + String.join(", ", profiles())
                        + ")") + "; define it under `profiles:` or leave --profile out");
            }
            chosen.forEach((backend, values) -> settings.computeIfAbsent(backend, b -> new HashMap<>()).putAll(values));
        }
        for (String o : overrides) {
            int dot = o.indexOf('.');
            int eq = o.indexOf('=');
            if (dot <= 0 || eq < dot + 2) {
                throw new IllegalArgumentException("'" + o + "' is not BACKEND.KEY=VALUE (for example claude.model=opus)");
            }
            settings.computeIfAbsent(o.substring(0, dot), b -> new HashMap<>())
                    .put(o.substring(dot + 1, eq), expandHome(o.substring(eq + 1)));
        }
        Map<String, Map<String, String>> frozen = new HashMap<>();
        settings.forEach((backend, values) -> frozen.put(backend, Map.copyOf(values)));
        return Map.copyOf(frozen);
    }

    /**
     * A backend's settings for one task: the task's own {@code backends: {NAME: {...}}} over the
     * worker's, so that one task can run, say, with {@code permission_mode: plan}.
     */
    public static Map<String, String> forTask(Map<String, String> worker, TaskView task, String backend) {
        if (!(task.extra().get("backends") instanceof Map<?, ?> byBackend)
                || !(byBackend.get(backend) instanceof Map<?, ?> own)) {
            return worker;
        }
        Map<String, String> merged = new HashMap<>(worker);
        own.forEach((key, value) -> merged.put(String.valueOf(key), value instanceof List<?> list
                ? ShellWords.join(list.stream().map(String::valueOf).toList()) : expandHome(String.valueOf(value))));
        return merged;
    }

    /** A setting's value as text: a list joined in shell quoting, a leading {@code ~/} made the home directory. */
    static String valueOf(ConfigFile.Entry value) {
        if (value.isList()) {
            return ShellWords.join(value.texts());
        }
        if (value.isMapping()) {
            throw value.problem("must be text, a number or a list, not a mapping");
        }
        return expandHome(value.text());
    }

    static String expandHome(String value) {
        return value.startsWith("~/") ? System.getProperty("user.home") + value.substring(1) : value;
    }
}
