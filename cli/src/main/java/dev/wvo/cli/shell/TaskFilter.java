package dev.wvo.cli.shell;

import dev.wvo.status.StatusSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The tasks panel's filter, typed after {@code /}: {@code status:pending epic:api domain:web}
 * and free words; a task shows when every part matches. A {@code key:value} matches that field
 * exactly (case aside); a free word matches the id, title or why-not text anywhere in them.
 */
record TaskFilter(String text, List<Part> parts) {

    static final TaskFilter NONE = new TaskFilter("", List.of());

    /** One part: the field it reads and the lower-case value it wants; {@code exact} for key:value. */
    record Part(Function<StatusSnapshot.TaskLine, List<String>> field, String value, boolean exact) {
        boolean matches(StatusSnapshot.TaskLine task) {
            return field.apply(task).stream().filter(v -> v != null).map(v -> v.toLowerCase(Locale.ROOT))
                    .anyMatch(v -> exact ? v.equals(value) : v.contains(value));
        }
    }

    /**
     * Reads a filter.
     *
     * @throws IllegalArgumentException naming the unknown key and the keys there are
     */
    static TaskFilter parse(String text) {
        List<Part> parts = new ArrayList<>();
        for (String word : text.strip().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            int colon = word.indexOf(':');
            String value = word.substring(colon + 1).toLowerCase(Locale.ROOT);
            if (colon <= 0) {
                parts.add(new Part(t -> List.of(t.id(), t.title(), t.waitingFor() == null ? "" : t.waitingFor()),
                        word.toLowerCase(Locale.ROOT), false));
                continue;
            }
            String key = word.substring(0, colon).toLowerCase(Locale.ROOT);
            parts.add(switch (key) {
                case "status" -> new Part(t -> List.of(t.status()), value, true);
                case "epic" -> new Part(t -> t.epic() == null ? List.of() : List.of(t.epic()), value, true);
                case "domain" -> new Part(t -> t.domain() == null ? List.of() : List.of(t.domain()), value, true);
                case "worker" -> new Part(t -> t.worker() == null ? List.of() : List.of(t.worker()), value, true);
                default -> throw new IllegalArgumentException("unknown filter key '" + key
                        + "'; use status:, epic:, domain:, worker: or free words");
            });
        }
        return new TaskFilter(text.strip(), parts);
    }

    boolean matches(StatusSnapshot.TaskLine task) {
        return parts.stream().allMatch(p -> p.matches(task));
    }

    boolean isEmpty() {
        return parts.isEmpty();
    }
}
