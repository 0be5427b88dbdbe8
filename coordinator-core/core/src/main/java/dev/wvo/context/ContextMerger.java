package dev.wvo.context;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Merges versions of the context file section by section. Update-log sections merge their
 * entries (de-duplicated, newest first, capped); other sections merge line by line against the
 * base the writers started from, keeping conflict markers inside the section where both changed
 * the same lines. Deterministic, and a merge result merges with itself to itself.
 */
public final class ContextMerger {

    private final ContextMergeConfig config;

    public ContextMerger(ContextMergeConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public ContextMergeConfig config() {
        return config;
    }

    /** Parses text with this merger's configuration into canonical form. */
    public ContextDocument parse(String text) {
        return ContextDocument.parse(text, config);
    }

    /**
     * Merges an agent's edited copy into the current file: three-way against the base the agent
     * started from. Conflict markers name the sides {@code current} and {@code update}.
     */
    public MergeResult mergeUpdate(String base, String current, String edited) {
        Merged merged = merge3(parse(base), parse(current), parse(edited), "current", "update");
        return new MergeResult(merged.document().render(), List.copyOf(merged.conflicts()));
    }

    /**
     * Merges several documents, in order. With a base, each is merged three-way against it;
     * without one, sections are united, identical sections collapse, update logs merge, and a
     * non-log section that differs between documents is a conflict.
     *
     * @throws IllegalArgumentException if {@code docs} is empty
     */
    public MergeResult merge(Optional<NamedDocument> base, List<NamedDocument> docs) {
        if (docs.isEmpty()) {
            throw new IllegalArgumentException("Nothing to merge: give at least one context document");
        }
        ContextDocument baseDoc = base.map(b -> parse(b.text()))
                .orElseGet(() -> new ContextDocument(List.of(), List.of()));
        ContextDocument result = parse(docs.get(0).text());
        String resultName = docs.get(0).name();
        Set<String> conflicts = new LinkedHashSet<>();
        for (NamedDocument next : docs.subList(1, docs.size())) {
            Merged merged = merge3(baseDoc, result, parse(next.text()), resultName, next.name());
            result = merged.document();
            conflicts.addAll(merged.conflicts());
            resultName = resultName + "+" + next.name();
        }
        return new MergeResult(result.render(), orderedAsIn(result, conflicts));
    }

    /**
     * Adds a timestamped entry {@code - [instant] text} to an update-log section, creating the
     * section at the top if it is missing. Lines of a multi-line text after the first are
     * indented as continuation lines.
     *
     * @throws IllegalArgumentException if the section is not an update log or the text is blank
     */
    public MergeResult addEntry(String current, String section, String text, Instant at) {
        if (!config.isLogSection(section)) {
            throw new IllegalArgumentException("'" + section + "' is not an update-log section, so it takes no "
                    + "timestamped entries; give --section one of " + config.logSections().stream().sorted()
                    .map(s -> "'" + s + "'").collect(java.util.stream.Collectors.joining(", "))
                    + " (case does not matter), or edit other sections of context.md by hand");
        }
        if (text.isBlank()) {
            throw new IllegalArgumentException("The entry for '" + section + "' is empty; give the text to record");
        }
        List<String> entry = new ArrayList<>();
        String stamp = DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS));
        List<String> textLines = ContextText.stripBlankEdges(ContextText.lines(text.strip()));
        entry.add("- [" + stamp + "] " + textLines.get(0));
        for (String line : textLines.subList(1, textLines.size())) {
            entry.add(line.isBlank() ? "" : "  " + line);
        }
        ContextDocument doc = parse(current);
        String heading = doc.sections().stream().map(Section::heading)
                .filter(h -> h.equalsIgnoreCase(section.strip())).findFirst().orElse(section.strip());
        List<String> oldBody = doc.section(heading).map(Section::body).orElse(List.of());
        List<LogItem> items = UpdateLog.merge(List.of(UpdateLog.parse(entry), UpdateLog.parse(oldBody)),
                Set.of(), config.maxEntries());
        Section updated = new Section(heading, UpdateLog.render(items));
        List<Section> sections = new ArrayList<>(doc.sections());
        int index = doc.headings().indexOf(heading);
        if (index >= 0) {
            sections.set(index, updated);
        } else {
            sections.add(0, updated);
        }
        return new MergeResult(new ContextDocument(doc.preamble(), sections).render(), List.of());
    }

    private record Merged(ContextDocument document, Set<String> conflicts) {
    }

    private Merged merge3(ContextDocument base, ContextDocument ours, ContextDocument theirs,
                          String oursName, String theirsName) {
        Set<String> conflicts = new LinkedHashSet<>();
        Optional<List<String>> preamble = mergeBody(MergeResult.PREAMBLE, false,
                Optional.of(base.preamble()), Optional.of(ours.preamble()), Optional.of(theirs.preamble()),
                oursName, theirsName, conflicts);
        List<Section> sections = new ArrayList<>();
        for (String heading : sectionOrder(ours, theirs)) {
            mergeBody(heading, config.isLogSection(heading), body(base, heading), body(ours, heading),
                    body(theirs, heading), oursName, theirsName, conflicts)
                    .ifPresent(merged -> sections.add(new Section(heading, merged)));
        }
        ContextDocument document = new ContextDocument(preamble.orElse(List.of()), sections);
        return new Merged(document, new LinkedHashSet<>(orderedAsIn(document, conflicts)));
    }

    /** Absent sections are {@code Optional.empty()}; a section deleted on one side and kept
     *  unchanged on the other is deleted. */
    private Optional<List<String>> mergeBody(String heading, boolean log, Optional<List<String>> base,
                                             Optional<List<String>> ours, Optional<List<String>> theirs,
                                             String oursName, String theirsName, Set<String> conflicts) {
        if (ours.equals(theirs) || theirs.equals(base)) {
            return ours;
        }
        if (ours.equals(base)) {
            return theirs;
        }
        List<String> b = base.orElse(List.of());
        List<String> o = ours.orElse(List.of());
        List<String> t = theirs.orElse(List.of());
        if (log) {
            return Optional.of(UpdateLog.render(UpdateLog.merge3(
                    UpdateLog.parse(b), UpdateLog.parse(o), UpdateLog.parse(t), config.maxEntries())));
        }
        LineMerge.Merged merged = LineMerge.merge(b, o, t, oursName, theirsName);
        if (merged.conflicted()) {
            conflicts.add(heading);
        }
        return Optional.of(merged.lines());
    }

    /** Our sections in our order; a section only they have goes right after the section that
     *  precedes it in their document (or first, if none does). */
    private static List<String> sectionOrder(ContextDocument ours, ContextDocument theirs) {
        List<String> order = new ArrayList<>(ours.headings());
        String previous = null;
        for (String heading : theirs.headings()) {
            if (!order.contains(heading)) {
                order.add(previous == null ? 0 : order.indexOf(previous) + 1, heading);
            }
            previous = heading;
        }
        return order;
    }

    private static Optional<List<String>> body(ContextDocument doc, String heading) {
        return doc.section(heading).map(Section::body);
    }

    private static List<String> orderedAsIn(ContextDocument doc, Set<String> conflicts) {
        List<String> ordered = new ArrayList<>();
        if (conflicts.contains(MergeResult.PREAMBLE)) {
            ordered.add(MergeResult.PREAMBLE);
        }
        for (String heading : doc.headings()) {
            if (conflicts.contains(heading)) {
                ordered.add(heading);
            }
        }
        return ordered;
    }
}
