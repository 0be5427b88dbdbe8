package dev.wvo.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One run of an agent on one task.
 *
 * @param task             the task
 * @param workingDirectory where the agent works (the repository, or the task's worktree)
 * @param prompt           the full prompt wvo built for the agent
 * @param environment      variables to add to the agent's environment ({@code WVO_TASK_ID}, ...)
 * @param timeout          how long the whole run may take
 * @param stallTimeout     how long the agent may go without output before it counts as stalled
 * @param settings         backend settings from configuration ({@code model}, {@code extra_args}, ...); a
 *                         list in the configuration arrives as one string in shell quoting (see {@link #arguments})
 * @param resumeSession    a session id of an earlier attempt to continue, or null to start fresh
 */
public record AgentRun(TaskView task, Path workingDirectory, String prompt, Map<String, String> environment,
                       Duration timeout, Duration stallTimeout, Map<String, String> settings, String resumeSession) {

    public AgentRun {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(stallTimeout, "stallTimeout");
        environment = Map.copyOf(environment);
        settings = Map.copyOf(settings);
    }

    /** A setting, or the default when it is not configured. */
    public String setting(String key, String defaultValue) {
        return settings.getOrDefault(key, defaultValue);
    }

    /**
     * A setting that holds arguments ({@code extra_args}), split as a shell would split it
     * ({@link ShellWords}); empty when it is not configured.
     *
     * @throws IllegalArgumentException naming the setting when its quoting is broken
     */
    public List<String> arguments(String key) {
        String value = settings.get(key);
        if (value == null || value.isBlank()) {
            return List.of();
        }
        try {
            return ShellWords.split(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The setting " + key + " cannot be split into arguments: " + e.getMessage(), e);
        }
    }
}
