package dev.wvo.worker;

import dev.wvo.config.RetrySettings;
import dev.wvo.fs.AtomicWrite;
import dev.wvo.fs.StateDir;
import org.apache.commons.io.input.ReversedLinesFileReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a retried attempt is told about the attempt before it: why that one ended, the commits it
 * made and the files it changed (from git, see {@link AttemptChanges}), the tail of the feedback
 * it got ({@code feedback.txt}, written for instance by the merge queue after a failing test) and
 * the tail of its output, all within a budget of lines. Written to the new attempt's artifacts as
 * {@code previous-attempt.md} ({@link StateDir.AttemptDir#brief()}) and put in the prompt.
 *
 * <p>It also carries the previous attempt's session id when the new attempt may resume it: same
 * backend, a session reported, and resuming configured ({@link RetrySettings}).
 */
final class AttemptBrief {

    /** The longest line kept; an agent's output can hold very long ones. */
    private static final int MAX_LINE = 200;

    private static final AttemptBrief NONE = new AttemptBrief("", null);

    private final String text;
    private final String resumeSession;

    private AttemptBrief(String text, String resumeSession) {
        this.text = text;
        this.resumeSession = resumeSession;
    }

    /**
     * The brief for {@code attempt} of a task, about attempt {@code attempt - 1}; empty (no text,
     * no session) for a first attempt or when the previous one left nothing behind.
     *
     * @param workingDirectory where the new attempt runs: the repository to read when the previous
     *                         attempt's directory is gone
     * @param secrets          values to mask, should any reach the brief unmasked
     */
    static AttemptBrief forAttempt(StateDir state, String taskId, int attempt, String agent, Path workingDirectory,
                                   RetrySettings retry, Map<String, String> agentSettings, List<String> secrets) {
        if (attempt <= 1) {
            return NONE;
        }
        StateDir.AttemptDir previousDir = state.attempt(taskId, attempt - 1);
        if (!Files.isDirectory(previousDir.directory())) {
            return NONE;
        }
        Optional<AttemptRecord> record = AttemptRecord.readFrom(previousDir);
        String text = retry.briefLines() == 0 ? ""
                : mask(render(attempt - 1, record, previousDir, retry.briefLines(),
                        workingDirectory, List.of(state.root())),
                secrets);
        String session = record.filter(r -> r.sessionId() != null && agent.equals(r.agent()))
                .filter(r -> retry.resumes(agent, agentSettings)).map(AttemptRecord::sessionId).orElse(null);
        return new AttemptBrief(text, session);
    }

    /** The brief, at most the budget's lines; empty when there is nothing to tell. */
    String text() {
        return text;
    }

    /** The previous attempt's session to continue, or null to start fresh. */
    String resumeSession() {
        return resumeSession;
    }

    /** Writes the brief into the new attempt's artifacts, when there is one. */
    void writeTo(StateDir.AttemptDir artifacts) {
        if (text.isEmpty()) {
            return;
        }
        try {
            AtomicWrite.write(artifacts.brief(), text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + artifacts.brief() + ": " + e.getMessage(), e);
        }
    }

    private static String render(int number, Optional<AttemptRecord> record, StateDir.AttemptDir dir, int budget,
                                 Path workingDirectory, List<Path> excluded) {
        List<Section> sections = new ArrayList<>();
        Optional<AttemptChanges> changes = record.flatMap(r -> AttemptChanges.of(r, workingDirectory, excluded));
        if (changes.isPresent()) {
            AttemptChanges c = changes.get();
            if (!c.commits().isEmpty()) {
                sections.add(Section.list("Commits it made on " + (c.branch() == null ? "its detached HEAD" : c.branch())
                        + " since " + c.base() + ":", c.commits(), "commits"));
            }
            if (!c.files().isEmpty()) {
                sections.add(Section.list("Files changed since " + c.base() + " (" + c.files().size() + " file"
                                + (c.files().size() == 1 ? "" : "s") + ", +" + c.added() + " -" + c.removed() + "):",
                        c.files().stream().map(AttemptChanges.FileStat::describe).toList(), "files"));
            }
        } else if (record.isPresent() && !record.get().changedFiles().isEmpty()) {
            sections.add(Section.list("Files it reported changing:", record.get().changedFiles(), "files"));
        }
        List<String> feedback = tail(dir.feedback(), budget);
        if (!feedback.isEmpty()) {
            sections.add(Section.tail(dir.feedback().getFileName().toString(), "Feedback on it", feedback));
        }
        List<String> output = tail(dir.output(), budget);
        if (!output.isEmpty()) {
            sections.add(Section.tail(dir.output().getFileName().toString(), "Its last output", output));
        }
        if (record.isEmpty() && sections.isEmpty()) {
            return "";
        }
        List<String> lines = new ArrayList<>();
        lines.add(whyItEnded(number, record));
        int[] given = share(sections.stream().mapToInt(Section::need).toArray(), budget - lines.size());
        for (int i = 0; i < sections.size(); i++) {
            lines.addAll(sections.get(i).render(given[i]));
        }
        return String.join("\n", lines) + "\n";
    }

    private static String whyItEnded(int number, Optional<AttemptRecord> record) {
        if (record.isEmpty()) {
            return "Attempt " + number + " left no record of how it ended.";
        }
        AttemptRecord r = record.get();
        String who = "Attempt " + number + " (" + r.agent() + ", worker " + r.worker() + ")";
        String summary = r.summary() == null || r.summary().isBlank() ? "" : ": " + clip(r.summary());
        if (r.isRunning()) {
            return who + " did not finish: its worker " + r.worker() + " died and the task was reclaimed.";
        }
        return switch (r.outcome()) {
            case "failure" -> who + " failed" + summary;
            case "timed_out" -> who + " timed out" + summary;
            case "stalled" -> who + " stalled (printed nothing for too long)" + summary;
            case "refused" -> who + " had its edits refused by its own permissions or sandbox" + summary;
            case "no_changes" -> who + " reported success but changed no file" + summary;
            case "success" -> who + " reported success" + summary + "; the task came back to be done again";
            default -> who + " ended with " + r.outcome() + summary;
        };
    }

    /**
     * Shares {@code budget} lines among sections that need {@code needs[i]} each, fairly: the
     * smallest are served in full first, and what they leave goes to the larger ones.
     */
    static int[] share(int[] needs, int budget) {
        int[] given = new int[needs.length];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < needs.length; i++) {
            order.add(i);
        }
        order.sort((a, b) -> Integer.compare(needs[a], needs[b]));
        int left = Math.max(0, budget);
        for (int k = 0; k < order.size(); k++) {
            int i = order.get(k);
            given[i] = Math.min(needs[i], left / (order.size() - k));
            left -= given[i];
        }
        return given;
    }

    /** The last non-blank lines of a file, up to {@code max}; empty when it is absent. */
    private static List<String> tail(Path file, int max) {
        if (!Files.isRegularFile(file) || max <= 0) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        try (ReversedLinesFileReader reader = ReversedLinesFileReader.builder().setPath(file)
                .setCharset(StandardCharsets.UTF_8).get()) {
            for (String line = reader.readLine(); line != null && lines.size() < max; line = reader.readLine()) {
                if (!line.isBlank()) {
                    lines.add(clip(line.stripTrailing()));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return List.of(); // an unreadable log leaves its part out of the brief
        }
        Collections.reverse(lines);
        return lines;
    }

    private static String clip(String line) {
        return line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "…" : line;
    }

    private static String mask(String text, List<String> secrets) {
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, "***");
        }
        return out;
    }

    /** A part of the brief: a heading line and its items, shortened to the lines it is given. */
    private record Section(String heading, List<String> items, boolean keepsLast, String noun) {

        static Section list(String heading, List<String> items, String noun) {
            return new Section(heading, items, false, noun);
        }

        static Section tail(String file, String what, List<String> lines) {
            return new Section(what + " (last %s of " + file + "):", lines, true, "lines");
        }

        int need() {
            return 1 + items.size();
        }

        List<String> render(int lines) {
            if (lines < 2) {
                return List.of(); // a heading alone says nothing
            }
            List<String> out = new ArrayList<>();
            if (keepsLast) {
                List<String> shown = items.subList(Math.max(0, items.size() - (lines - 1)), items.size());
                out.add(heading.formatted(shown.size() == 1 ? "line" : shown.size() + " lines"));
                shown.forEach(l -> out.add("  " + l));
                return out;
            }
            out.add(heading);
            int shown = lines >= need() ? items.size() : lines - 2;
            items.subList(0, shown).forEach(i -> out.add("  " + i));
            if (shown < items.size()) {
                out.add("  … and " + (items.size() - shown) + " more " + noun);
            }
            return out;
        }
    }
}
