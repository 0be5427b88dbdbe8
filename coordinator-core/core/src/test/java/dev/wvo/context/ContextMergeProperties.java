package dev.wvo.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Merge laws over generated context documents and generated concurrent edits of them. */
class ContextMergeProperties {

    private static final int CAP = 6;
    private static final List<String> HEADINGS = List.of(
            "Current Focus", "Next Actions", "Status ✅", "Recent Activity", "Latest Update", "Recent Updates");
    private static final List<String> PLAIN_LINES = List.of(
            "alpha", "beta", "gamma", "delta", "### Sub heading", "- item", "1. step", "  indented", "",
            "**bold** text", "_Trimmed for token efficiency_");
    private static final Instant EPOCH = Instant.parse("2025-10-22T00:00:00Z");

    private final ContextMerger merger = new ContextMerger(ContextMergeConfig.defaults().withMaxEntries(CAP));

    @Property
    void canonicalForm_isAFixedPoint(@ForAll("documents") String text) {
        String once = merger.parse(text).render();

        assertThat(merger.parse(once).render()).isEqualTo(once);
    }

    @Property
    void mergingAMergeResultAgain_changesNothing(@ForAll("concurrentEdits") List<String> edits) {
        String base = edits.get(0);
        MergeResult result = merger.mergeUpdate(base, edits.get(1), edits.get(2));
        String r = result.text();

        assertThat(merger.mergeUpdate(r, r, r).text()).isEqualTo(r);
        assertThat(merger.mergeUpdate(base, r, r).text()).isEqualTo(r);
        assertThat(merger.merge(Optional.empty(), List.of(doc("a", r), doc("b", r))).text()).isEqualTo(r);
        assertThat(merger.merge(Optional.of(doc("base", base)), List.of(doc("r", r))).text()).isEqualTo(r);
        assertThat(merger.parse(r).render()).isEqualTo(r);
    }

    @Property
    void merging_isDeterministic(@ForAll("concurrentEdits") List<String> edits) {
        MergeResult first = merger.mergeUpdate(edits.get(0), edits.get(1), edits.get(2));
        MergeResult second = merger.mergeUpdate(edits.get(0), edits.get(1), edits.get(2));

        assertThat(second).isEqualTo(first);
    }

    @Property
    void updateLogs_areUniqueNewestFirstAndCapped(@ForAll("concurrentEdits") List<String> edits) {
        String text = merger.merge(Optional.empty(), List.of(doc("a", edits.get(1)), doc("b", edits.get(2)))).text();

        for (Section section : merger.parse(text).sections()) {
            if (!merger.config().isLogSection(section.heading())) {
                continue;
            }
            List<LogItem> items = UpdateLog.parse(section.body());
            List<Instant> stamps = items.stream().map(LogItem::timestamp).flatMap(Optional::stream).toList();
            assertThat(stamps).hasSizeLessThanOrEqualTo(CAP).isSortedAccordingTo(Comparator.reverseOrder());
            assertThat(items.stream().map(LogItem::key).distinct().count()).isEqualTo(items.size());
        }
    }

    @Property
    void conflictMarkers_appearExactlyInTheReportedSections(@ForAll("concurrentEdits") List<String> edits) {
        MergeResult result = merger.mergeUpdate(edits.get(0), edits.get(1), edits.get(2));

        Set<String> marked = new HashSet<>();
        ContextDocument doc = merger.parse(result.text());
        if (doc.preamble().stream().anyMatch(l -> l.startsWith("<<<<<<< "))) {
            marked.add(MergeResult.PREAMBLE);
        }
        for (Section section : doc.sections()) {
            if (section.body().stream().anyMatch(l -> l.startsWith("<<<<<<< "))) {
                marked.add(section.heading());
            }
        }
        assertThat(marked).containsExactlyInAnyOrderElementsOf(result.conflictedSections());
    }

    @Property
    void editsToDifferentSections_bothSurviveWithoutConflict(@ForAll("documents") String text,
                                                             @ForAll("twoIndexes") Tuple.Tuple2<Integer, Integer> which) {
        ContextDocument base = merger.parse(text);
        List<Section> plain = base.sections().stream()
                .filter(s -> !merger.config().isLogSection(s.heading())).toList();
        if (plain.size() < 2) {
            return;
        }
        Section first = plain.get(which.get1() % plain.size());
        Section second = plain.get((which.get1() + 1 + which.get2() % (plain.size() - 1)) % plain.size());

        String ours = withLine(base, first.heading(), "edited by ours");
        String theirs = withLine(base, second.heading(), "edited by theirs");
        MergeResult result = merger.mergeUpdate(base.render(), ours, theirs);

        assertThat(result.hasConflicts()).isFalse();
        ContextDocument merged = merger.parse(result.text());
        assertThat(merged.section(first.heading()).orElseThrow().body()).contains("edited by ours");
        assertThat(merged.section(second.heading()).orElseThrow().body()).contains("edited by theirs");
    }

    @Provide
    Arbitrary<Tuple.Tuple2<Integer, Integer>> twoIndexes() {
        return Combinators.combine(Arbitraries.integers().between(0, 20), Arbitraries.integers().between(0, 20))
                .as(Tuple::of);
    }

    @Provide
    Arbitrary<String> documents() {
        Arbitrary<List<String>> preamble = Arbitraries.of(PLAIN_LINES).list().ofMaxSize(2);
        Arbitrary<List<String>> sections = section().list().ofMaxSize(7).map(
                list -> list.stream().flatMap(List::stream).toList());
        return Combinators.combine(preamble, sections).as((p, s) -> {
            List<String> lines = new ArrayList<>(p);
            lines.addAll(s);
            return String.join("\n", lines) + "\n";
        });
    }

    /** A base document and two independent edits of it. */
    @Provide
    Arbitrary<List<String>> concurrentEdits() {
        return documents().flatMap(base -> {
            List<String> lines = merger.parse(base).render().lines().toList();
            return Combinators.combine(edited(lines), edited(lines)).as((o, t) -> List.of(base, o, t));
        });
    }

    private Arbitrary<String> edited(List<String> lines) {
        Arbitrary<Edit> edit = Combinators.combine(
                Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 1000), anyLine())
                .as(Edit::new);
        return edit.list().ofMaxSize(4).map(edits -> {
            List<String> out = new ArrayList<>(lines);
            for (Edit e : edits) {
                e.applyTo(out);
            }
            return String.join("\n", out) + "\n";
        });
    }

    private record Edit(int kind, int position, String line) {
        void applyTo(List<String> lines) {
            int at = lines.isEmpty() ? 0 : position % (lines.size() + 1);
            switch (kind) {
                case 0 -> lines.add(at, line);
                case 1 -> {
                    if (at < lines.size()) {
                        lines.set(at, line);
                    }
                }
                case 2 -> {
                    if (at < lines.size()) {
                        lines.remove(at);
                    }
                }
                default -> lines.add(at, "## " + line.strip());
            }
        }
    }

    private Arbitrary<String> anyLine() {
        return Arbitraries.oneOf(Arbitraries.of(PLAIN_LINES), entryLine(), Arbitraries.of(HEADINGS));
    }

    private Arbitrary<List<String>> section() {
        return Arbitraries.of(HEADINGS).flatMap(heading -> {
            Arbitrary<List<String>> body = ContextMergeConfig.DEFAULT_LOG_SECTIONS.contains(heading)
                    ? logItem().list().ofMaxSize(8).map(items -> items.stream().flatMap(List::stream).toList())
                    : Arbitraries.of(PLAIN_LINES).list().ofMaxSize(5);
            return body.map(b -> {
                List<String> lines = new ArrayList<>();
                lines.add("## " + heading);
                lines.addAll(b);
                return lines;
            });
        });
    }

    private Arbitrary<List<String>> logItem() {
        Arbitrary<List<String>> entry = Combinators.combine(entryLine(), Arbitraries.of(
                        List.<String>of(), List.of("  continued"), List.of("  - sub note", "  more")))
                .as((first, rest) -> {
                    List<String> lines = new ArrayList<>();
                    lines.add(first);
                    lines.addAll(rest);
                    return lines;
                });
        Arbitrary<List<String>> note = Arbitraries.of("_Trimmed; history in backups_", "- Follow-ups scheduled",
                "plain note", "").map(List::of);
        return Arbitraries.frequencyOf(Tuple.of(5, entry), Tuple.of(1, note));
    }

    private Arbitrary<String> entryLine() {
        Arbitrary<Instant> when = Arbitraries.integers().between(0, 72).map(h -> EPOCH.plus(h * 17L, ChronoUnit.MINUTES));
        Arbitrary<String> what = Arbitraries.of("started T1", "completed T2", "**Started** T9.2.1 (worker-0)",
                "**Started** T9.2.1 (worker-1)", "fixed the build");
        return Combinators.combine(when, Arbitraries.integers().between(0, 2), what).as((instant, shape, text) ->
                switch (shape) {
                    case 0 -> "- " + DateTimeFormatter.ISO_LOCAL_DATE.format(instant.atOffset(ZoneOffset.UTC))
                            + ": " + text;
                    case 1 -> "- " + DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'")
                            .format(instant.atOffset(ZoneOffset.UTC)) + ": " + text;
                    default -> "- [" + DateTimeFormatter.ISO_INSTANT.format(instant.plusMillis(373)) + "] " + text;
                });
    }

    private static String withLine(ContextDocument doc, String heading, String line) {
        List<Section> sections = new ArrayList<>();
        for (Section s : doc.sections()) {
            if (s.heading().equals(heading)) {
                List<String> body = new ArrayList<>(s.body());
                body.add(line);
                sections.add(new Section(heading, body));
            } else {
                sections.add(s);
            }
        }
        return new ContextDocument(doc.preamble(), sections).render();
    }

    private static NamedDocument doc(String name, String text) {
        return new NamedDocument(name, text);
    }
}
