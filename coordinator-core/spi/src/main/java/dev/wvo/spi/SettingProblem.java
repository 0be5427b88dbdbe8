package dev.wvo.spi;

import java.util.Objects;

/**
 * What is wrong with one setting a plugin was given in {@code config.yaml}, found before anything
 * runs ({@link AgentBackend#validate}, {@link Notifier#validate}): wvo adds where the setting is
 * ({@code config.yaml:line:column}) and exits 2.
 *
 * @param key     the setting's key ({@code url}, {@code park_at_utilization})
 * @param message what is wrong and what to write instead: {@code is 'lots'; write a share such as 80%}
 */
public record SettingProblem(String key, String message) {

    public SettingProblem {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
    }

    /** A key the plugin does not take, with the ones it does. */
    public static SettingProblem unknownKey(String key, java.util.Collection<String> known) {
        return new SettingProblem(key, "is not a setting of this plugin; it takes " + String.join(", ", known));
    }
}
