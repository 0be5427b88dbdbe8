package dev.wvo.doctor;

import dev.wvo.config.Config;
import dev.wvo.config.ConfigException;
import dev.wvo.config.PluginSettingsCheck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code config.yaml}, read as a worker reads it: every section, every key. A mistake there stops
 * every worker at start, so it fails the check with the place and what to write instead; the
 * checks that depend on the settings (the agents') run on what it read.
 *
 * @param finding the verdict
 * @param config  the settings, unless the file is wrong
 */
public record ConfigCheck(Finding finding, Optional<Config> config) {

    static final String AREA = "state";

    /** Reads and judges {@code file}. */
    public static ConfigCheck of(Path file) {
        try {
            Config config = Config.read(file);
            String detail = !Files.exists(file) ? "none at " + file + ": every setting has its default"
                    : file + " reads" + config.lockBackend().map(b -> "; lock backend " + b).orElse("");
            return new ConfigCheck(Finding.ok(AREA, "config.yaml", detail), Optional.of(config));
        } catch (ConfigException e) {
            return new ConfigCheck(Finding.fail(AREA, "config.yaml", e.getMessage(), "fix that line of " + file
                    + "; docs/state-format.md lists every setting"), Optional.empty());
        }
    }

    /**
     * What {@code config} says about the plugins, judged by the plugins loaded: the notifiers and
     * account backends it names, and each plugin's settings.
     */
    public static Finding plugins(Config config, PluginSettingsCheck check) {
        Path file = config.file();
        try {
            check.check(config);
            return Finding.ok(AREA, "plugin settings", "every notifier, account backend and plugin setting is one the "
                    + "plugins loaded take");
        } catch (ConfigException e) {
            return Finding.fail(AREA, "plugin settings", e.getMessage(), "fix that line of " + file
                    + "; `wvo plugins list` shows the plugins loaded, their documentation their settings");
        }
    }
}
