package dev.wvo.worker;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import dev.wvo.spi.ShellWords;
import dev.wvo.spi.TaskView;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
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
 * Values are text; a YAML list becomes one string in shell quoting, which the backend splits
 * back into the same items ({@link ShellWords}); a leading {@code ~/} is the user's home directory.
 */
public final class BackendSettings {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private BackendSettings() {
    }

    /**
     * @param config    {@code state/config.yaml} (absent is fine)
     * @param profile   a profile name from the file, or null
     * @param overrides {@code backend.key=value} entries
     * @throws IllegalArgumentException naming the file, line and column, or the entry, when something is wrong
     */
    public static Map<String, Map<String, String>> load(Path config, String profile, List<String> overrides) {
        Map<String, Map<String, String>> settings = new HashMap<>();
        JsonNode root = read(config);
        addAll(settings, root.path("backends"), config, "backends");
        if (profile != null) {
            JsonNode p = root.path("profiles").path(profile);
            if (p.isMissingNode()) {
                throw new IllegalArgumentException("No profile '" + profile + "' in " + config
                        + "; define it under `profiles:` or leave --profile out");
            }
            addAll(settings, p, config, "profiles." + profile);
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
        return settings;
    }

    /** The names of the profiles {@code config} defines, in file order. */
    public static List<String> profiles(Path config) {
        List<String> names = new ArrayList<>();
        read(config).path("profiles").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode read(Path config) {
        try {
            JsonNode root = YAML.readTree(Files.readString(config));
            return root == null ? YAML.createObjectNode() : root;
        } catch (NoSuchFileException e) {
            return YAML.createObjectNode();
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new IllegalArgumentException(config + ":" + (at == null ? 1 : at.getLineNr()) + ":"
                    + (at == null ? 1 : at.getColumnNr()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read " + config + ": " + e.getMessage());
        }
    }

    private static void addAll(Map<String, Map<String, String>> settings, JsonNode backends, Path config, String where) {
        if (backends.isMissingNode() || backends.isNull()) {
            return;
        }
        if (!backends.isObject()) {
            throw new IllegalArgumentException(config + ": `" + where + "` must map backend names to settings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = backends.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> backend = it.next();
            if (!backend.getValue().isObject()) {
                throw new IllegalArgumentException(config + ": `" + where + "." + backend.getKey()
                        + "` must be a mapping of settings (model: opus, ...)");
            }
            Map<String, String> values = settings.computeIfAbsent(backend.getKey(), b -> new HashMap<>());
            for (Iterator<Map.Entry<String, JsonNode>> fields = backend.getValue().fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> e = fields.next();
                JsonNode value = e.getValue();
                if (value.isObject()) {
                    throw new IllegalArgumentException(config + ": `" + where + "." + backend.getKey() + "." + e.getKey()
                            + "` must be text, a number or a list, not a mapping");
                }
                List<String> items = new ArrayList<>();
                value.forEach(item -> items.add(item.asText()));
                values.put(e.getKey(), value.isArray() ? ShellWords.join(items) : expandHome(value.asText()));
            }
        }
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

    private static String expandHome(String value) {
        return value.startsWith("~/") ? System.getProperty("user.home") + value.substring(1) : value;
    }
}
