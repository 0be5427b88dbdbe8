package dev.wvo.cli;

import dev.wvo.fs.AtomicWrite;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockMode;
import dev.wvo.lock.LockTimeoutException;
import dev.wvo.spi.TaskView;
import dev.wvo.worker.ContextNotes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A plain reading of {@code context.md}: the {@code ## } sections that mention a task's id, epic
 * or domain go into its prompt, and each finished attempt adds one line under
 * {@code ## Recent Updates}, written whole under the {@value #LOCK} lock.
 */
final class SimpleContextNotes implements ContextNotes {

    /** The lock resource that serializes writers of the context file. */
    static final String LOCK = "context";
    static final String UPDATES_HEADING = "## Recent Updates";
    private static final int MAX_LINES = 60;
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(30);

    private final Path file;
    private final LockManager locks;
    private final Clock clock;

    SimpleContextNotes(Path file, LockManager locks, Clock clock) {
        this.file = file;
        this.locks = locks;
        this.clock = clock;
    }

    @Override
    public List<String> relevantTo(TaskView task) {
        List<String> keys = Stream.of(task.id(), task.epic(), task.domain()).filter(Objects::nonNull)
                .filter(k -> !k.isBlank()).toList();
        List<String> out = new ArrayList<>();
        for (List<String> section : sections(read())) {
            String heading = section.get(0);
            if (heading.strip().equals(UPDATES_HEADING)) {
                section.stream().skip(1).filter(l -> keys.stream().anyMatch(l::contains)).forEach(out::add);
            } else if (section.stream().anyMatch(l -> keys.stream().anyMatch(l::contains))) {
                out.addAll(section);
            }
        }
        return out.size() <= MAX_LINES ? out : out.subList(out.size() - MAX_LINES, out.size());
    }

    @Override
    public void taskFinished(TaskView task, String worker, String outcome, String summary) {
        String entry = "- " + clock.instant() + " " + worker + ": " + task.id() + " " + outcome
                + (summary == null || summary.isBlank() ? "" : ": " + summary.replace('\n', ' ').strip());
        try (LockHandle ignored = locks.acquire(LOCK, LockMode.EXCLUSIVE, LOCK_TIMEOUT)) {
            AtomicWrite.write(file, withEntry(read(), entry).getBytes(StandardCharsets.UTF_8));
        } catch (LockTimeoutException e) {
            throw new IllegalStateException("The context file is locked: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the context lock", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The text with {@code entry} as the last line of the updates section, which is added if missing. */
    static String withEntry(String text, String entry) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        int heading = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(UPDATES_HEADING)) {
                heading = i;
                break;
            }
        }
        if (heading < 0) {
            if (!lines.isEmpty() && !lines.get(lines.size() - 1).isBlank()) {
                lines.add("");
            }
            lines.add(UPDATES_HEADING);
            lines.add(entry);
        } else {
            int end = heading + 1;
            while (end < lines.size() && !lines.get(end).startsWith("## ")) {
                end++;
            }
            int at = end;
            while (at > heading + 1 && lines.get(at - 1).isBlank()) {
                at--;
            }
            lines.add(at, entry);
        }
        return String.join("\n", lines) + "\n";
    }

    private static List<List<String>> sections(String text) {
        List<List<String>> sections = new ArrayList<>();
        List<String> current = null;
        for (String line : text.lines().toList()) {
            if (line.startsWith("## ")) {
                current = new ArrayList<>();
                sections.add(current);
            }
            if (current != null) {
                current.add(line);
            }
        }
        return sections;
    }

    private String read() {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
