package dev.wvo.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A read-only view of one roadmap task, as plugins see it. Plugins never see the roadmap file,
 * only these values. Made with {@link #builder}, or from another view with {@link #toBuilder}.
 *
 * @param id           the task id, unique in the roadmap
 * @param title        one line
 * @param description  free text, may be empty
 * @param status       the status as written in the roadmap ({@code pending}, {@code in_progress}, ...)
 * @param domain       the task's domain, or null
 * @param epic         the task's epic (its own, or the enclosing epic's in nested roadmaps), or null
 * @param priority     larger runs first; 0 when unset
 * @param dependencies ids of tasks that must be done first
 * @param exitCriteria what must hold for the task to count as done
 * @param owns         the paths or globs the task changes; empty means the whole workspace
 * @param readonly     true if the task only reads (verifiers, reviews)
 * @param command      the shell command of a command task, or null
 * @param prompt       the prompt for an agent, or null (then title, description and exit criteria make it)
 * @param agent        the preferred agent backend, or null
 * @param attempt      which attempt this is, from 1
 * @param extra        every other field of the task, as read (strings, numbers, lists, maps)
 */
public record TaskView(String id, String title, String description, String status, String domain, String epic,
                       int priority, List<String> dependencies, List<String> exitCriteria, List<String> owns,
                       boolean readonly, String command, String prompt, String agent, int attempt,
                       Map<String, Object> extra) {

    public TaskView {
        Objects.requireNonNull(id, "id");
        title = title == null ? "" : title;
        description = description == null ? "" : description;
        dependencies = List.copyOf(dependencies);
        exitCriteria = List.copyOf(exitCriteria);
        owns = List.copyOf(owns);
        extra = Map.copyOf(extra);
    }

    /** A view of task {@code id}, every other field empty: pending, priority 0, attempt 1, no dependencies. */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** A builder holding every field of this view, to change some. */
    public Builder toBuilder() {
        return new Builder(id).title(title).description(description).status(status).domain(domain).epic(epic)
                .priority(priority).dependencies(dependencies).exitCriteria(exitCriteria).owns(owns).readonly(readonly)
                .command(command).prompt(prompt).agent(agent).attempt(attempt).extra(extra);
    }

    /** This view for another attempt. */
    public TaskView withAttempt(int number) {
        return toBuilder().attempt(number).build();
    }

    /** The fields of a {@link TaskView}, set by name. */
    public static final class Builder {
        private final String id;
        private String title = "";
        private String description = "";
        private String status = "pending";
        private String domain;
        private String epic;
        private int priority;
        private List<String> dependencies = List.of();
        private List<String> exitCriteria = List.of();
        private List<String> owns = List.of();
        private boolean readonly;
        private String command;
        private String prompt;
        private String agent;
        private int attempt = 1;
        private Map<String, Object> extra = Map.of();

        private Builder(String id) {
            this.id = Objects.requireNonNull(id, "id");
        }

        public Builder title(String value) {
            this.title = value;
            return this;
        }

        public Builder description(String value) {
            this.description = value;
            return this;
        }

        public Builder status(String value) {
            this.status = value;
            return this;
        }

        public Builder domain(String value) {
            this.domain = value;
            return this;
        }

        public Builder epic(String value) {
            this.epic = value;
            return this;
        }

        public Builder priority(int value) {
            this.priority = value;
            return this;
        }

        public Builder dependencies(List<String> value) {
            this.dependencies = value;
            return this;
        }

        public Builder exitCriteria(List<String> value) {
            this.exitCriteria = value;
            return this;
        }

        public Builder owns(List<String> value) {
            this.owns = value;
            return this;
        }

        public Builder readonly(boolean value) {
            this.readonly = value;
            return this;
        }

        public Builder command(String value) {
            this.command = value;
            return this;
        }

        public Builder prompt(String value) {
            this.prompt = value;
            return this;
        }

        public Builder agent(String value) {
            this.agent = value;
            return this;
        }

        public Builder attempt(int value) {
            this.attempt = value;
            return this;
        }

        public Builder extra(Map<String, Object> value) {
            this.extra = value;
            return this;
        }

        public TaskView build() {
            return new TaskView(id, title, description, status, domain, epic, priority, dependencies, exitCriteria, owns,
                    readonly, command, prompt, agent, attempt, extra);
        }
    }
}
