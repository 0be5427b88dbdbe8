package dev.wvo.roadmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Roadmaps with entries of their task lists that are not tasks (a scalar, a list, a mapping without
 * an id, an empty item, multi-line scalars and flow collections) and tasks with a key the editor
 * cannot place, in every task list (top level, epics, milestones), with comments, blank lines,
 * CRLF, a BOM and astral characters around them: every splice of an editor's edit, of a hand edit
 * of a piece or a line or a few chars, and of the cache's kept roadmap, reads as the whole parse
 * does, or declines. Written in a review of f72730e: ~170,000 roadmaps (runs of 15,000 to 40,000
 * tries) and 150 long chains ran clean, but for line breaks other than LF and CRLF and for an
 * explicit key that is a mapping, which splices now decline ({@link RoadmapSpliceLineBreakTest}).
 */
class RoadmapSpliceStrayProperties {

    private static final Path FILE = Path.of("roadmap.yaml");

    /** The shape of a generated roadmap. */
    record Shape(int lists, int topDash, boolean crlf, boolean bom, boolean prefixComment, boolean suffix, List<Integer> entries,
                 List<Integer> seps) {
    }

    /** One step: an editor edit (kind 0), a line changed by hand (1), chars changed (2), a cache round trip (3), lines of one piece changed by hand (4). */
    record Step(int kind, double position, int op, int value, String inserted, int deleted) {
    }

    // ---------------------------------------------------------------- rendering

    static String render(Shape s) {
        List<Integer> entries = s.entries();
        StringBuilder out = new StringBuilder();
        if (s.bom()) {
            out.append('\uFEFF');
        }
        out.append("version: 2\n");
        if (s.prefixComment()) {
            out.append("# a comment before the tasks\n");
        }
        int[] counter = {0};
        int per = Math.max(1, (entries.size() + s.lists() - 1) / s.lists());
        List<List<Integer>> chunks = new ArrayList<>();
        for (int i = 0; i < entries.size(); i += per) {
            chunks.add(entries.subList(i, Math.min(entries.size(), i + per)));
        }
        while (chunks.size() < s.lists()) {
            chunks.add(List.of());
        }
        int sepAt = 0;
        if (s.lists() == 1) {
            out.append("tasks:\n");
            sepAt = list(out, chunks.get(0), s.topDash(), counter, s.seps(), sepAt);
        } else if (s.topDash() == 0 && s.suffix()) {
            // the top-level tasks before the epics (the reader sorts and indexes them again), and a flow list of strays
            out.append("tasks:\n");
            sepAt = list(out, chunks.get(1), 2, counter, s.seps(), sepAt);
            out.append("epics:\n");
            out.append("  - id: E0\n    tasks: [a note, {title: x}]\n");
            out.append("  - id: E1\n    title: Epic\n    tasks:\n");
            sepAt = list(out, chunks.get(0), 4, counter, s.seps(), sepAt);
            if (s.lists() > 2) {
                out.append("    milestones:\n      - just a milestone note\n      - tasks:\n");
                sepAt = list(out, chunks.get(2), 8, counter, s.seps(), sepAt);
            }
        } else {
            out.append("epics:\n");
            out.append("  - id: E1\n    title: Epic\n    tasks:\n");
            sepAt = list(out, chunks.get(0), 6, counter, s.seps(), sepAt);
            if (s.lists() > 2) {
                out.append("    milestones:\n      - name: M1\n        tasks:\n");
                sepAt = list(out, chunks.get(2), 10, counter, s.seps(), sepAt);
            }
            out.append("  - id: E2\n    tasks:\n");
            sepAt = list(out, chunks.size() > 3 ? chunks.get(3) : List.of(), 4, counter, s.seps(), sepAt);
            out.append("tasks:\n");
            sepAt = list(out, chunks.get(1), s.topDash(), counter, s.seps(), sepAt);
        }
        if (s.suffix()) {
            out.append("other: value\n");
        }
        String text = out.toString();
        return s.crlf() ? text.replace("\n", "\r\n") : text;
    }

    private static int list(StringBuilder out, List<Integer> entries, int dash, int[] counter, List<Integer> seps, int sepAt) {
        if (entries.isEmpty()) {
            out.append(" ".repeat(dash)).append("- id: filler").append(counter[0]++).append('\n');
            return sepAt;
        }
        for (int kind : entries) {
            int sep = seps.isEmpty() ? 0 : seps.get(sepAt++ % seps.size());
            out.append(separator(sep, dash));
            out.append(entry(kind, dash, counter[0]++));
        }
        return sepAt;
    }

    private static String separator(int sep, int dash) {
        String d = " ".repeat(dash);
        return switch (sep % 8) {
            case 1 -> "\n";
            case 2 -> d + "# a comment at the dash\n";
            case 3 -> "# a comment at column 0\n";
            case 4 -> d + "    # a deeper comment\n";
            case 5 -> "   \n";
            case 6 -> "\n" + d + "# two\n\n";
            default -> "";
        };
    }

    static final int KINDS = 38;

    static String entry(int kind, int dash, int i) {
        String d = " ".repeat(dash);
        String c = " ".repeat(dash + 2);
        String id = "t" + i;
        String body = switch (kind % KINDS) {
            case 0 -> "- id: " + id + "\n" + c + "status: pending\n";
            case 1 -> "- id: " + id + "\n" + c + "title: \"😀 wide\"\n" + c + "dependencies: [t0]\n";
            case 2 -> "- id: " + id + "\n" + c + "description: |\n" + c + "  line\n\n" + c + "  more\n" + c + "status: done\n";
            case 3 -> "- id: " + id + "\n" + c + "status: pending  # c\n" + c + "  # trailing deeper\n";
            case 4 -> "- id: " + id + "\n" + c + "? status\n" + c + ": pending\n";
            case 5 -> "- id: " + id + "\n" + c + "status: pending\n" + c + "status: done\n";
            case 6 -> "- a note an agent left\n";
            case 7 -> "- a note\n" + c + "continued\n";
            case 8 -> "- \"a quoted note\n" + c + "- id: fake\n" + c + "end\"\n";
            case 9 -> "- [a,\n" + c + "b]\n";
            case 10 -> "- {title: x,\n" + c + "note: y}\n";
            case 11 -> "- title: no id\n" + c + "status: pending\n";
            case 12 -> "-\n";
            case 13 -> "-   # an empty entry\n";
            case 14 -> "-\n" + c + "title: on the next line\n";
            case 15 -> "- - x\n" + c + "- y\n";
            case 16 -> "- |\n" + c + "text\n\n" + c + "more\n";
            case 17 -> "- id: \"\"\n" + c + "status: pending\n";
            case 18 -> "- id:\n" + c + "title: t\n";
            case 19 -> "- ~\n";
            case 20 -> "- id: " + id + "\n" + c + "claim: {worker: w1,\n" + c + "  attempt: 1}\n";
            case 21 -> "- id: " + id + "   # comment on the item\n" + c + "title: x\n";
            case 22 -> "- 😀 note 😀\n";
            case 23 -> "- id: t0\n" + c + "status: pending\n"; // a duplicate id, mostly
            case 24 -> "- id: " + id + "\n" + c + "dependencies: [nowhere]\n";
            case 25 -> "- \"id: x\"\n";
            case 26 -> "- {}\n";
            case 27 -> "- id: " + id + "\n" + c + "status: weird\n";
            case 28 -> "- \"a quoted note\n" + d + "  continued at the dash\"\n";
            case 29 -> "- >\n" + c + "folded\n" + c + "note\n";
            case 30 -> "- id: " + id + "\n" + c + "title: 😀😀\n" + c + "owns:\n" + c + "- src/x\n";
            case 31 -> "- id: " + id + "\n" + c + "? title\n" + c + ": x\n" + c + "status: pending\n";
            case 32 -> "-\n" + c + "- nested\n";
            case 33 -> "- note\twith a tab\n";
            case 34 -> "- \"tab\tin quotes\"\n" + c + "\n";
            case 35 -> "- id: " + id + "\n" + c + "title: a\tb\t\n" + c + "status: pending\t# tab before a comment\n";
            case 36 -> "- {a: 1,\t b: 2}\n";
            default -> "- id: " + id + "\n";
        };
        StringBuilder out = new StringBuilder();
        for (String line : body.split("\n", -1)) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            if (!line.isEmpty() && out.isEmpty()) {
                out.append(d);
            }
            out.append(line);
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- arbitraries

    @Provide
    Arbitrary<Shape> shape() {
        Arbitrary<List<Integer>> entries = Arbitraries.integers().between(0, KINDS - 1).list().ofMinSize(1).ofMaxSize(9);
        Arbitrary<List<Integer>> seps = Arbitraries.integers().between(0, 7).list().ofMaxSize(6);
        return Combinators.combine(Arbitraries.integers().between(1, 4), Arbitraries.of(0, 2),
                Arbitraries.of(false, false, false, true), Arbitraries.of(false, false, false, false, true),
                Arbitraries.of(false, true), Arbitraries.of(false, true), entries, seps).as(Shape::new);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<String> inserted = Arbitraries.oneOf(
                Arbitraries.of("", "\"", "'", "|", ">", "{", "[", "]", "}", "\n", "\n  ", "\n    ", "- ", "  - ", "#",
                        " #", ": ", "\t", "\n- id: X\n", "    x: y\n", "  - id: n\n", "    status: done\n", "  # note\n",
                        "\n\n", "? ", "x", "😀", "\r\n", "    - z\n", "  status: done\n", "\"open\n",
                        "- note\n", "  - note\n", "-\n", "  -\n", "id: ", "  ? status\n", "  : x\n"),
                Arbitraries.strings().withChars(" -:#\"'|>{}[]\n?abc").ofMaxLength(8));
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 9),
                Arbitraries.doubles().between(0, true, 1, false), Arbitraries.integers().between(0, 40),
                Arbitraries.integers().between(0, 40), inserted, Arbitraries.integers().between(0, 12))
                .as((kind, position, op, value, ins, del) -> new Step(kind < 4 ? 0 : kind < 5 ? 1 : kind < 6 ? 2 : kind < 9 ? 4 : 3,
                        position, op, value, ins, del));
        return step.list().ofMinSize(1).ofMaxSize(10);
    }

    // ---------------------------------------------------------------- the properties

    @Property(tries = 1000, shrinking = net.jqwik.api.ShrinkingMode.FULL)
    void straysSpliceAsTheWholeParse(@ForAll("shape") Shape shape, @ForAll("steps") List<Step> steps) throws IOException {
        String text = render(shape);
        Roadmap current;
        try {
            current = RoadmapReader.parse(FILE, text);
        } catch (RoadmapException e) {
            Statistics.label("start").collect("does not parse");
            return;
        }
        Statistics.label("start").collect(current.taskLayout().isPresent()
                ? (current.entryWarnings().isEmpty() ? "layout, no entry warnings" : "layout with entry warnings")
                : "no layout");
        if (current.taskLayout().isEmpty()) {
            return;
        }
        current.states();
        Path dir = null;
        try {
            for (Step step : steps) {
                if (step.kind() == 3) {
                    if (dir == null) {
                        dir = Files.createTempDirectory("stray-splice");
                    }
                    current = throughTheCache(dir, current);
                    if (current.taskLayout().isEmpty()) {
                        return;
                    }
                    continue;
                }
                String changed;
                RoadmapEditor editor = null;
                if (step.kind() == 0) {
                    if (current.tasks().isEmpty()) {
                        continue;
                    }
                    editor = editorOf(current, step);
                    if (editor == null || !editor.hasChanges()) {
                        continue;
                    }
                    changed = editor.edited().toString();
                } else if (step.kind() == 4) {
                    if (current.tasks().isEmpty() || current.taskLayout().isEmpty()) {
                        continue;
                    }
                    changed = pieceChange(current, step);
                } else if (step.kind() == 1) {
                    changed = lineChange(current.text(), step);
                } else {
                    changed = charChange(current.text(), step);
                }
                byte[] bytes = changed.getBytes(StandardCharsets.UTF_8);
                CharSequence decoded = step.op() % 2 == 0 ? RoadmapReader.decode(current.file(), bytes, current) : changed;
                Optional<Roadmap> spliced = RoadmapSplice.apply(current, decoded, bytes);
                Roadmap whole;
                try {
                    whole = RoadmapReader.parse(current.file(), changed).withUtf8(bytes);
                } catch (RoadmapException e) {
                    Statistics.label("step").collect("whole parse rejects");
                    assertThat(spliced).as("a text the whole parse rejects is never spliced: " + e.getMessage()).isEmpty();
                    continue;
                }
                Statistics.label("step").collect((step.kind() == 0 ? "edit " : step.kind() == 4 ? "piece " : "raw ") + (spliced.isPresent() ? "spliced" : "declined"));
                if (editor != null && whole.taskLayout().isPresent()) {
                    assertThat(spliced).as("an editor edit of a splittable roadmap splices").isPresent();
                }
                if (spliced.isPresent()) {
                    int was = current.entryWarnings().size();
                    int now = spliced.get().entryWarnings().size();
                    Statistics.label("entry warnings").collect(was == 0 && now == 0 ? "none" : now < was ? "dropped"
                            : current.entryWarnings().equals(spliced.get().entryWarnings()) ? "same lines" : "moved");
                    compare(spliced.get(), whole, true);
                    current = spliced.get();
                } else {
                    current = whole;
                    if (current.taskLayout().isEmpty()) {
                        return;
                    }
                }
                if (step.value() % 3 == 0) {
                    current.states();
                }
            }
        } finally {
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /**
     * A cache of the format before (format 4 had no warnings of single entries) is not read, but
     * parsed past and written again in the format of this build: here its bytes as this build
     * wrote them, the format number made the one before and the checksum made again.
     */
    @net.jqwik.api.Example
    void aCacheOfTheFormatBefore_isParsedPast_andWrittenAgain() throws IOException {
        Path dir = Files.createTempDirectory("stray-splice");
        try {
            Path file = dir.resolve("roadmap.yaml");
            Path cacheFile = dir.resolve("roadmap.cache");
            Files.writeString(file, "tasks:\n  - a note\n  - id: a\n    status: pending\n  - id: b\n    ? status\n    : done\n");
            new RoadmapCache(file, cacheFile, 0).read();
            byte[] data = Files.readAllBytes(cacheFile);
            int format = java.nio.ByteBuffer.wrap(data, 4, 4).getInt(); // this build's
            java.nio.ByteBuffer.wrap(data, 4, 4).putInt(format - 1);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(data, 0, data.length - 4);
            java.nio.ByteBuffer.wrap(data, data.length - 4, 4).putInt((int) crc.getValue());
            Files.write(cacheFile, data);

            Roadmap read = new RoadmapCache(file, cacheFile, 0).read();
            assertThat(read.tasks()).as("parsed, not read from the cache").allMatch(t -> t.marks() != null);
            assertThat(java.nio.ByteBuffer.wrap(Files.readAllBytes(cacheFile), 4, 4).getInt()).as("written again").isEqualTo(format);
            Roadmap kept = new RoadmapCache(file, cacheFile, 0).read(Files.readAllBytes(file));
            assertThat(kept.tasks()).as("read from the cache").allMatch(t -> t.marks() == null);
            compare(kept, RoadmapReader.parse(file, Files.readString(file)), true);
            assertThat(kept.entryWarnings()).extracting(RoadmapWarning::line).containsExactly(2, 5);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Long chains of editor edits on a roadmap of ~100 tasks with entries that are not tasks (and
     * tasks with unplaced keys) between them: the shifts grow and are written into the places.
     */
    @Property(tries = 10)
    void longChainsWithStrays(@ForAll @net.jqwik.api.constraints.IntRange(min = 60, max = 120) int size,
            @ForAll("strayKinds") List<Integer> kinds, @ForAll("longEdits") List<Step> steps) throws IOException {
        StringBuilder text = new StringBuilder("tasks:\n");
        for (int i = 0; i < size; i++) {
            int kind = kinds.get(i % kinds.size());
            if (i % 3 == 1) {
                text.append(entry(kind, 2, 1000 + i));
            }
            text.append("  - id: t").append(i).append("\n    title: task ").append(i).append("\n    status: pending\n");
        }
        text.append(entry(kinds.get(0), 2, 5000));
        Roadmap current = RoadmapReader.read(FILE, text.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(current.taskLayout()).isPresent();
        current.states();
        boolean writtenInto = false;
        Path dir = null;
        try {
            int n = 0;
            for (Step step : steps) {
                n++;
                if (n == 120) {
                    if (dir == null) {
                        dir = Files.createTempDirectory("stray-splice");
                    }
                    current = throughTheCache(dir, current);
                    continue;
                }
                if (n % 7 == 0) {
                    // a hand edit of one piece, or a line anywhere: spliced as the whole parse, or declined
                    String changed = n % 2 == 0 ? pieceChange(current, step) : lineChange(current.text(), step);
                    Optional<Roadmap> spliced = RoadmapSplice.apply(current, changed, changed.getBytes(StandardCharsets.UTF_8));
                    Roadmap whole;
                    try {
                        whole = RoadmapReader.parse(current.file(), changed);
                    } catch (RoadmapException e) {
                        assertThat(spliced).isEmpty();
                        continue;
                    }
                    Statistics.label("raw").collect(spliced.isPresent() ? "spliced" : "declined");
                    if (spliced.isPresent()) {
                        compare(spliced.get(), whole, true);
                        current = spliced.get();
                    } else if (whole.taskLayout().isPresent()) {
                        current = whole;
                        current.states();
                    }
                    continue;
                }
                RoadmapEditor editor = editorOf(current, step);
                if (editor == null || !editor.hasChanges()) {
                    continue;
                }
                CharSequence edited = editor.edited();
                byte[] written = editor.utf8(edited);
                Optional<Roadmap> spliced = RoadmapSplice.apply(current, edited, written);
                assertThat(spliced).isPresent();
                Roadmap whole = RoadmapReader.parse(current.file(), edited.toString());
                RoadmapSpliceProperties.assertReadsSame(spliced.get(), whole);
                assertThat(spliced.get().taskLayout().map(RoadmapSpliceProperties::places))
                        .isEqualTo(whole.taskLayout().map(RoadmapSpliceProperties::places));
                writtenInto |= spliced.get().taskLayout().orElseThrow().storedStart() != current.taskLayout().orElseThrow().storedStart();
                current = spliced.get();
            }
        } finally {
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        Statistics.label("shifts").collect(writtenInto ? "written into the places" : "kept apart throughout");
    }

    @Provide
    Arbitrary<List<Integer>> strayKinds() {
        return Arbitraries.of(4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 22, 25, 26, 28, 29, 31, 32)
                .list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<Step>> longEdits() {
        return Combinators.combine(Arbitraries.doubles().between(0, true, 1, false)
                        .withDistribution(net.jqwik.api.RandomDistribution.uniform()), Arbitraries.integers().between(0, 40),
                Arbitraries.integers().between(0, 40)).as((position, op, value) -> new Step(0, position, op, value, "", 0))
                .list().ofMinSize(100).ofMaxSize(150);
    }

    /**
     * The roadmap written to the file and read through the cache: the cache holds the roadmap of an
     * earlier step (or none), so the first read splices from that kept roadmap (tasks without
     * marks) or parses whole, and keeps what it read; the second reads that back from disk.
     */
    private static Roadmap throughTheCache(Path dir, Roadmap current) throws IOException {
        Path file = dir.resolve("roadmap.yaml");
        Path cacheFile = dir.resolve("roadmap.cache");
        boolean hadCache = Files.exists(cacheFile);
        Files.write(file, current.utf8());
        Roadmap whole = RoadmapReader.parse(file, current.text());
        Roadmap first = new RoadmapCache(file, cacheFile, 0).read();
        compare(first, whole, true);
        Roadmap kept = new RoadmapCache(file, cacheFile, 0).read(Files.readAllBytes(file));
        Statistics.label("cache").collect((hadCache ? "again, " : "first, ")
                + (kept.tasks().stream().allMatch(t -> t.marks() == null) ? "kept" : "not kept"));
        compare(kept, whole, true);
        return kept;
    }

    // ---------------------------------------------------------------- changes

    private static RoadmapEditor editorOf(Roadmap roadmap, Step step) {
        RoadmapEditor editor = new RoadmapEditor(roadmap);
        List<RoadmapTask> tasks = roadmap.tasks();
        RoadmapTask task = tasks.get((int) (step.position() * tasks.size()));
        if (roadmap.marked(task).marks().unplacedKey() >= 0) {
            return null;
        }
        switch (step.op() % 9) {
            case 0 -> editor.set(task, "status", "in_progress").set(task, "claim", RoadmapSpliceProperties.claim("w" + step.value()));
            case 1 -> editor.set(task, "status", "done").set(task, "claim", null);
            case 2 -> editor.set(task, "note", step.value() % 2 == 0 ? "one\ntwo\nthree" : "x");
            case 3 -> editor.set(task, "title", null);
            case 4 -> editor.set(task, "description", null);
            case 5 -> editor.set(task, "status", "pending");
            case 6 -> editor.set(task, "title", "😀 " + step.value());
            case 7 -> editor.set(task, "dependencies", List.of("t" + step.value() % 5));
            default -> {
                // two tasks at once
                editor.set(task, "note", "first");
                RoadmapTask other = tasks.get(step.value() % tasks.size());
                if (roadmap.marked(other).marks().unplacedKey() < 0) {
                    editor.set(other, "status", "in_progress");
                }
            }
        }
        return editor;
    }

    /** A change of lines inside one task's piece (as someone editing the file by hand). */
    private static String pieceChange(Roadmap roadmap, Step step) {
        TaskLayout layout = roadmap.taskLayout().orElseThrow();
        int k = (int) (step.position() * layout.size());
        String text = roadmap.text();
        int start = layout.start(k);
        int end = layout.end(k);
        String piece = text.substring(start, end);
        int dash = layout.dash[k];
        String d = " ".repeat(dash);
        String c = " ".repeat(dash + 2);
        String nl = piece.contains("\r\n") ? "\r\n" : "\n";
        List<String> lines = new ArrayList<>(Arrays.asList(piece.split(nl, -1)));
        boolean endsWithBreak = piece.endsWith(nl);
        if (endsWithBreak) {
            lines.remove(lines.size() - 1);
        }
        int at = lines.size() <= 1 ? 1 : 1 + step.value() % lines.size();
        at = Math.min(at, lines.size());
        String[] candidates = {
            c + "status: done", c + "? status", c + ": done", c + "title: 😀 x", c + "status: pending", c + "note: n",
            d + "- a note", d + "-", d + "- title: no id", d + "- id: N" + step.value(), c + "# comment", "",
            d + "# left", c + "id: again", c + "dependencies: [t0]", c + "dependencies: [nowhere]", c + "status: weird",
            c + "description: |", c + "  block line", c + "title: \"open", c + "  close\"", c + "- stray in value",
            d + "- [a,", c + "b]", c + "claim: {worker: w}", c + "? title", c + "title: twice", c + "status: x",
            c + "title: \"a b\"", c + "title: a b",
        };
        String candidate = candidates[step.op() % candidates.length];
        switch ((step.op() / candidates.length + step.value()) % 4) {
            case 0 -> lines.add(at, candidate);
            case 1 -> {
                if (at < lines.size()) {
                    lines.set(at, candidate);
                } else {
                    lines.add(candidate);
                }
            }
            case 2 -> {
                if (at < lines.size() && lines.size() > 1) {
                    lines.remove(at);
                } else {
                    lines.add(at, candidate);
                }
            }
            default -> {
                // the item's own line
                String first = lines.get(0);
                lines.set(0, switch (step.value() % 5) {
                    case 0 -> first.replace("- id:", "- idx:");
                    case 1 -> d + "- note";
                    case 2 -> first + " # c";
                    case 3 -> d + "- id: t0";
                    default -> d + "- ? id";
                });
                if (step.value() % 5 == 4) {
                    lines.add(1, c + ": " + "q" + step.value());
                }
            }
        }
        String changed = String.join(nl, lines) + (endsWithBreak ? nl : "");
        return text.substring(0, start) + changed + text.substring(end);
    }

    private static String lineChange(String text, Step step) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int at = Math.min(lines.size() - 1, (int) (step.position() * lines.size()));
        String line = lines.get(at);
        int indent = 0;
        while (indent < line.length() && line.charAt(indent) == ' ') {
            indent++;
        }
        String d = " ".repeat(indent);
        String cr = line.endsWith("\r") ? "\r" : "";
        String[] candidates = {
            d + "- a note", d + "- id: X" + step.value(), d + "? status", d + ": done", d + "status: done", d + "-",
            d + "# c", "", d + "- title: x", d + "id: Y" + step.value(), d + "  - z", d + "status: done", d + "status: pending",
            d + "  ? status", d + "  : done", d + "- id: t0", d + "- [a, b]", d + "-   # c", d + "- 😀", d + "title: 😀",
            d + "  title: x", d.length() >= 2 ? d.substring(2) + "- id: L" : "- id: L", d + "- \"open", d + "  x\"",
            d + "- |", d + "  block", d + "- ~", d + "id: \"\"", d + "id:",
        };
        String candidate = candidates[step.value() % candidates.length] + cr;
        switch (step.op() % 4) {
            case 0 -> lines.set(at, candidate);
            case 1 -> lines.add(at, candidate);
            case 2 -> lines.remove(at);
            default -> {
                // the id of the line made something else, or a stray made a task
                if (line.contains("- id:")) {
                    lines.set(at, line.replace("- id:", "- title:"));
                } else if (line.contains("id:")) {
                    lines.set(at, line.replace("id:", "idx:"));
                } else if (line.trim().startsWith("- ")) {
                    lines.set(at, d + "- id: S" + step.value() + cr);
                } else {
                    lines.add(at, candidate);
                }
            }
        }
        return String.join("\n", lines);
    }

    private static String charChange(String text, Step step) {
        int at = Math.min(text.length(), (int) (step.position() * (text.length() + 1)));
        if (step.op() % 2 == 0) {
            at = text.lastIndexOf('\n', Math.max(0, at - 1)) + 1;
        }
        // never split a surrogate pair: a text the UTF-8 bytes do not hold
        if (at > 0 && at < text.length() && Character.isLowSurrogate(text.charAt(at))) {
            at--;
        }
        // never split a CRLF either: a lone CR is a line break SnakeYAML counts and the layout does not (found, pre-existing)
        if (at > 0 && at < text.length() && text.charAt(at - 1) == '\r' && text.charAt(at) == '\n') {
            at++;
        }
        int to = Math.min(text.length(), at + step.deleted());
        if (to > 0 && to < text.length() && text.charAt(to - 1) == '\r' && text.charAt(to) == '\n') {
            to++;
        }
        if (to > 0 && to < text.length() && Character.isLowSurrogate(text.charAt(to))) {
            to++;
        }
        return text.substring(0, at) + step.inserted() + text.substring(to);
    }

    // ---------------------------------------------------------------- comparing

    static void compare(Roadmap read, Roadmap whole, boolean places) {
        RoadmapSpliceProperties.assertReadsSame(read, whole);
        if (places) {
            assertThat(read.taskLayout().map(RoadmapSpliceProperties::places))
                    .as("places").isEqualTo(whole.taskLayout().map(RoadmapSpliceProperties::places));
        }
        for (int i = 0; i < whole.tasks().size(); i++) {
            assertThat(nextEdit(read, read.tasks().get(i))).as("the next edit of task %d", i)
                    .isEqualTo(nextEdit(whole, whole.tasks().get(i)));
        }
        assertThat(added(read)).as("a task added").isEqualTo(added(whole));
    }

    private static String added(Roadmap roadmap) {
        try {
            return new RoadmapEditor(roadmap).add(Map.of("id", "added")).apply();
        } catch (RuntimeException e) {
            return "refused: " + e.getMessage();
        }
    }

    private static String nextEdit(Roadmap roadmap, RoadmapTask task) {
        try {
            return new RoadmapEditor(roadmap).set(task, "status", "done").set(task, "note", "x: y").apply();
        } catch (RoadmapChangeRefused e) {
            return "refused: " + e.getMessage();
        }
    }
}
