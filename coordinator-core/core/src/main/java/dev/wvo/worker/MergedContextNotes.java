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
 * The worker's use of {@code context.md} through the context merger: a prompt gets the sections
 * that mention the task (its id, epic or domain) and the newest update-log entries, kept short;
 * the end of an attempt becomes one entry of the file's update log, merged under the lock.
 */
public final class MergedContextNotes implements ContextNotes {

    static final int MAX_LINES = 60;
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
        List<String> out = new ArrayList<>();
        for (Section s : doc.sections()) {
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
        return out.size() > MAX_LINES ? List.copyOf(out.subList(0, MAX_LINES)) : List.copyOf(out);
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
