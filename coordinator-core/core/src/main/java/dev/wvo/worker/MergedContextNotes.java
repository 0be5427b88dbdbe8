package dev.wvo.worker;

import dev.wvo.context.ContextDocument;
import dev.wvo.context.ContextMergeConfig;
import dev.wvo.context.ContextStore;
import dev.wvo.context.Section;
import dev.wvo.lock.LockTimeoutException;
import dev.wvo.spi.TaskView;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The worker's use of {@code context.md} through the context merger: a prompt gets the project's
 * own sections (build and test commands, safety rules, key files: a section headed
 * {@code ## Project} or {@code ## Project context}, or any heading ending in
 * {@code (every prompt)}) whatever the task, then the sections that mention the task (its id, epic
 * or domain) and the newest update-log entries, kept short; the end of an attempt becomes one
 * entry of the file's update log, merged under the lock.
 */
public final class MergedContextNotes implements ContextNotes {

    static final int MAX_LINES = 60;
    /** The project's sections reach every prompt whole, up to this many lines; the rest has its own budget. */
    static final int MAX_PROJECT_LINES = 80;
    private static final String EVERY_PROMPT = "(every prompt)";
    static final int RECENT_ENTRIES = 8;

    private final ContextStore store;
    private final ContextMergeConfig config = ContextMergeConfig.defaults();
    private final Clock clock;
    private final Consumer<String> warnings;

    public MergedContextNotes(ContextStore store, Clock clock, Consumer<String> warnings) {
        this.store = store;
        this.clock = clock;
        this.warnings = warnings;
    }

    @Override
    public List<String> relevantTo(TaskView task) {
        ContextDocument doc;
        try {
            doc = store.readDocument();
        } catch (IOException e) {
            warnings.accept("could not read " + store.file() + ": " + e.getMessage());
            return List.of();
        }
        List<String> keys = new ArrayList<>(List.of(task.id().toLowerCase(Locale.ROOT)));
        if (task.epic() != null) {
            keys.add(task.epic().toLowerCase(Locale.ROOT));
        }
        if (task.domain() != null) {
            keys.add(task.domain().toLowerCase(Locale.ROOT));
        }
        List<String> project = new ArrayList<>();
        List<String> out = new ArrayList<>();
        for (Section s : doc.sections()) {
            if (isForEveryPrompt(s.heading())) {
                project.add("## " + s.heading());
                project.addAll(s.body());
                continue;
            }
            if (config.isLogSection(s.heading())) {
                out.add("## " + s.heading());
                s.body().stream().filter(l -> l.startsWith("- ")).limit(RECENT_ENTRIES).forEach(out::add);
                continue;
            }
            String text = (s.heading() + "\n" + String.join("\n", s.body())).toLowerCase(Locale.ROOT);
            if (keys.stream().anyMatch(text::contains)) {
                out.add("## " + s.heading());
                out.addAll(s.body());
            }
        }
        List<String> all = new ArrayList<>(project.size() > MAX_PROJECT_LINES ? project.subList(0, MAX_PROJECT_LINES)
                : project);
        all.addAll(out.size() > MAX_LINES ? out.subList(0, MAX_LINES) : out);
        return List.copyOf(all);
    }

    /** Whether a section is the project's context, which every prompt gets. */
    static boolean isForEveryPrompt(String heading) {
        String h = heading.strip().toLowerCase(Locale.ROOT);
        return h.equals("project") || h.equals("project context") || h.endsWith(EVERY_PROMPT);
    }

    @Override
    public void taskFinished(TaskView task, String worker, String outcome, String summary) {
        String entry = worker + " finished " + task.id() + " (" + task.title() + "): " + outcome
                + (summary == null || summary.isBlank() ? "" : " — " + summary.strip());
        try {
            store.addEntry(logSection(), entry, clock);
        } catch (IOException | LockTimeoutException | RuntimeException e) {
            // the task's outcome is already in the roadmap and the event log; a missed note is only reported
            warnings.accept("could not add to " + store.file() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The file's own update-log section if it has one, else the default. */
    private String logSection() {
        try {
            return store.readDocument().sections().stream().map(Section::heading).filter(config::isLogSection)
                    .findFirst().orElse(ContextStore.DEFAULT_LOG_SECTION);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
