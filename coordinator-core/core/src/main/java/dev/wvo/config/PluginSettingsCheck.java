package dev.wvo.config;

import dev.wvo.plugins.PluginHost;
import dev.wvo.spi.AgentBackend;
import dev.wvo.spi.Notifier;
import dev.wvo.spi.SettingProblem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks what {@code config.yaml} says about plugins against the plugins loaded: that every
 * notifier of {@code notify.notifiers} and every backend of an account is one a plugin provides,
 * and each plugin's settings as the plugin judges them ({@link AgentBackend#validate},
 * {@link Notifier#validate}). Core cannot know a plugin's keys; the plugin cannot know where in the
 * file a key stands: the plugin says what is wrong, this class says where. Run where the plugins
 * are loaded, before anything runs ({@code status}, {@code doctor}, a worker before it claims).
 * It asks the host for each plugin the file names, so only those are loaded to be judged (and
 * every one of a kind only to list the known names when a name is wrong).
 */
public final class PluginSettingsCheck {

    private final PluginHost plugins;
    private final Map<String, String> environment;

    /**
     * @param environment where {@code $NAME} settings are read: a variable not set leaves the value as written
     */
    public PluginSettingsCheck(PluginHost plugins, Map<String, String> environment) {
        this.plugins = plugins;
        this.environment = Map.copyOf(environment);
    }

    /**
     * Whether the settings say anything a plugin judges (notifiers, accounts, backend settings):
     * a command that does not otherwise load plugins loads them only then, to check.
     */
    public static boolean concernsPlugins(Config config) {
        return config.notifications().map(n -> !n.notifiers().isEmpty()).orElse(false)
                || !config.accounts().all().isEmpty() || !config.backends().isEmpty();
    }

    /**
     * Checks the settings as they were read (the same file, not read again: what is judged is what
     * the command runs with); the defaults configure no plugin.
     *
     * @throws ConfigException naming file:line:column of the first problem, what is wrong and what to do
     */
    public void check(Config config) {
        if (config.source().isEmpty()) {
            return;
        }
        ConfigFile.Entry root = config.source().get().root();
        root.child("notify").flatMap(n -> n.child("notifiers")).ifPresent(section -> section.children()
                .forEach((name, settings) -> {
                    Notifier notifier = plugins.notifier(name).orElseThrow(() -> unknown(settings, "notifier", name,
                            plugins.notifiers().stream().map(Notifier::name).toList()));
                    report(settings, notifier.validate(values(settings)));
                }));
        root.child("backends").ifPresent(this::checkBackends);
        root.child("profiles").ifPresent(profiles -> profiles.children().values().forEach(this::checkBackends));
        root.child("accounts").filter(ConfigFile.Entry::isList).ifPresent(accounts -> accounts.items().forEach(item ->
                item.child("backend").ifPresent(entry -> {
                    AgentBackend backend = plugins.backend(entry.text().strip()).orElseThrow(() -> unknown(entry,
                            "agent backend", entry.text().strip(), plugins.backends().stream().map(AgentBackend::name).toList()));
                    item.child("settings").ifPresent(settings -> report(settings, backend.validate(values(settings))));
                })));
    }

    /** {@code backends:} or a profile: each known backend's settings (a backend no plugin provides is doctor's to name). */
    private void checkBackends(ConfigFile.Entry section) {
        section.children().forEach((name, settings) -> plugins.backend(name)
                .ifPresent(backend -> report(settings, backend.validate(values(settings)))));
    }

    private static ConfigException unknown(ConfigFile.Entry entry, String what, String name, List<String> known) {
        String suggestion = ConfigFile.closest(name, known).map(k -> "; did you mean `" + k + "`?").orElse(".");
        return new ConfigException(entry.keyWhere() + ": `" + entry.path() + "` names " + what + " '" + name
                + "', which no plugin provides" + suggestion + " Known here: " + String.join(", ", known)
                + " (`wvo plugins list` shows the plugins loaded)");
    }

    /** The first problem, at its key (or at the plugin's settings when the key is missing). */
    private static void report(ConfigFile.Entry settings, List<SettingProblem> problems) {
        if (problems.isEmpty()) {
            return;
        }
        SettingProblem first = problems.get(0);
        ConfigFile.Entry at = settings.isMapping() ? settings.child(first.key()).orElse(settings) : settings;
        String path = at == settings ? settings.path() + "." + first.key() : at.path();
        throw new ConfigException((at == settings ? settings.keyWhere() : at.keyWhere()) + ": `" + path + "` "
                + first.message());
    }

    private Map<String, String> values(ConfigFile.Entry settings) {
        Map<String, String> values = new LinkedHashMap<>();
        if (!settings.isMapping()) {
            return values;
        }
        settings.children().forEach((key, value) -> {
            String text = BackendSettings.valueOf(value);
            String variable = text.startsWith("$") ? environment.get(text.substring(1)) : null;
            values.put(key, variable != null ? variable : text);
        });
        return values;
    }
}
