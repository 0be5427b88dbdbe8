package dev.wvo.config;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What wvo does when a trigger happens to a task.
 *
 * @param action  retry the task, or block it for a person
 * @param max     how many times the trigger may send the task back before it is blocked; null for no
 *                limit of its own (the task's {@code max_attempts} still applies)
 */
public record Reaction(Action action, Integer max) {

    /** The two things wvo can do. */
    public enum Action {
        /** Run the task again (a new attempt, which counts against {@code max_attempts}). */
        RETRY,
        /** Block the task for a person. */
        BLOCK
    }

    static Reaction retry(Integer max) {
        return new Reaction(Action.RETRY, max);
    }

    /** What wvo does for each trigger that {@code reactions:} does not name. */
    public static Map<Trigger, Reaction> defaults() {
        Map<Trigger, Reaction> d = new EnumMap<>(Trigger.class);
        d.put(Trigger.MERGE_TEST_FAILED, retry(2));
        d.put(Trigger.MERGE_CONFLICT, retry(2));
        d.put(Trigger.STALLED, retry(2));
        d.put(Trigger.TIMED_OUT, retry(1));
        // the same permissions refuse the same edits again: one more try, then a person
        d.put(Trigger.REFUSED, retry(1));
        d.put(Trigger.NO_CHANGES, retry(1));
        d.put(Trigger.FAILED, retry(null));
        return Collections.unmodifiableMap(d);
    }

    /**
     * Reads the {@code reactions:} section; triggers it leaves out keep their defaults.
     *
     * @throws ConfigException naming config.yaml:line:column when a key or value is wrong
     */
    static Map<Trigger, Reaction> read(ConfigFile config) {
        Map<Trigger, Reaction> reactions = new EnumMap<>(defaults());
        Optional<ConfigFile.Entry> section = config.root().child("reactions");
        if (section.isEmpty()) {
            return defaults();
        }
        String[] keys = Arrays.stream(Trigger.values()).map(Trigger::key).toArray(String[]::new);
        for (Map.Entry<String, ConfigFile.Entry> e : section.get().onlyKeys(keys).children().entrySet()) {
            Trigger trigger = Trigger.ofKey(e.getKey());
            ConfigFile.Entry entry = e.getValue().onlyKeys("action", "max");
            Action action = entry.child("action")
                    .map(a -> Action.valueOf(a.choice("retry", "block").toUpperCase(Locale.ROOT)))
                    .orElse(Action.RETRY);
            // a retry without a max of its own keeps the trigger's default count
            Integer max = entry.child("max").map(m -> m.integer(0)).orElse(reactions.get(trigger).max());
            reactions.put(trigger, new Reaction(action, action == Action.BLOCK ? null : max));
        }
        return Collections.unmodifiableMap(reactions);
    }
}
