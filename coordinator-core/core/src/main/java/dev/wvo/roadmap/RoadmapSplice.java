package dev.wvo.roadmap;

import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a roadmap from the roadmap it was before, parsing only the tasks whose text changed: how
 * a claim on a roadmap of thousands of tasks avoids parsing all of them again after another
 * worker's claim changed one.
 *
 * <p>The new text must be the old one with some task pieces ({@link TaskLayout}) replaced and
 * everything between them exactly as it was. Every byte is accounted for: each stretch between
 * pieces is compared with the old one, each piece either equals the old piece (the task is reused,
 * moved by the edits before it) or is parsed on its own and must read as one mapping that
 * starts on its item's line and has an id. Because a piece ends where a line as far left as its
 * dash begins, and YAML's block style lets no construct of a piece reach past such a line (a task
 * in flow style could, with a bracket or quote left open there: the piece parsed alone proves
 * its quotes and brackets are closed), the whole file parses exactly as
 * the pieces do. Anything else (a task added or removed, an edit between tasks, a piece that does
 * not read alone) answers empty, and the caller parses the whole file.
 *
 * <p>Only the tasks read again are made anew. The others are carried as the read that parsed
 * them made them ({@link MovedTasks}), their places as stored ({@link TaskLayout}), and how far
 * this splice's edits moved them is added as stretches ({@link Shifts}); their states are kept
 * ({@link Roadmap#states()}). So a claim on a roadmap of 10,000 tasks parses one piece and copies
 * a few arrays, whatever the number of tasks it moved.
 */
final class RoadmapSplice {

    private RoadmapSplice() {
    }

    /**
     * The roadmap of {@code text}, read from {@code before} and the changed tasks; empty if the file
     * must be read whole.
     *
     * @param text the new text: a string, or an ASCII text's bytes ({@link AsciiText}), read only
     *             near the pieces that changed
     * @param utf8 the text's UTF-8 bytes (as read, or as about to be written)
     */
    static Optional<Roadmap> apply(Roadmap before, CharSequence text, byte[] utf8) {
        Optional<TaskLayout> known = before.taskLayout();
        if (known.isEmpty()) {
            return Optional.empty();
        }
        TaskLayout old = known.get();
        MovedTasks oldTasks = MovedTasks.of(before.tasks());
        if (oldTasks.shifts() != old.shifts) {
            return Optional.empty(); // never so: a splice makes the two with the same shifts; read whole rather than guess
        }
        CharSequence was = before.chars();
        Stretches same = Stretches.of(was, before.utf8(), text, utf8);
        Shifts oldShifts = old.shifts;
        int n = old.size();
        // A task this splice does not read again keeps its stored place: how far the edits moved it
        // goes into the shifts, from where each edit moved the tasks after it on (`moves`). A task it
        // reads again gets a stored place that the shifts move to where it is. So the places are
        // copied whole (many at a time) and changed only where a task was read again; where pieces
        // start, in chars and code points, is never changed by that and is shared with the roadmap before.
        int[] end = old.storedEnd().clone();
        int[] cpEnd = old.storedCpEnd().clone();
        int[] lineEnds = old.lineEnds.clone();
        RoadmapTask[] read = oldTasks.storedRead().clone();
        int[] cpsMoved = oldTasks.storedCps().clone();
        int[] linesMoved = oldTasks.storedLines().clone();
        Shifts.Builder moves = new Shifts.Builder();
        ReadAgain readAgain = new ReadAgain();
        // the warnings stand, at the lines their tasks moved to, while each task read again keeps its
        // id, its dependencies and its own problems: a validation of the tasks would find just those
        boolean warningsStand = true;
        boolean hadWarnings = !before.warnings().isEmpty();
        boolean sameIds = true;
        boolean surrogates = before.hasSurrogates();
        // The pieces in the text both share at their start are the same tasks at the same places,
        // the whole piece and the line after it (what ends it) unchanged: taken as they are.
        int head = sharedHead(old, same);
        int from = head == 0 ? 0 : old.end(head - 1);     // where the stretch before the next piece starts in the old text
        int cpFrom = head == 0 ? 0 : old.cpEnd(head - 1);
        int at = from;     // the same place in the new text
        int cpAt = cpFrom;
        int lineShift = 0; // lines the edits so far added
        int runEnd = -1;   // the old text from `from` up to here is the new text's from `at`; -1: not looked at since the last shift
        int stretch = oldShifts.stretchOf(head); // the old shifts' stretch of task k, followed as k grows
        int nextStretch = oldShifts.nextStart(stretch);
        for (int k = head; k < n; k++) {
            if (k >= nextStretch) {
                stretch = oldShifts.stretchOf(k);
                nextStretch = oldShifts.nextStart(stretch);
            }
            int shiftedChars = oldShifts.chars(stretch);
            int shiftedCps = oldShifts.cps(stretch);
            int oldStart = old.storedStart()[k] + shiftedChars;
            int oldEnd = old.storedEnd()[k] + shiftedChars;
            int oldCpStart = old.storedCpStart()[k] + shiftedCps;
            int oldCpEnd = old.storedCpEnd()[k] + shiftedCps;
            // this task and, unless a later one says otherwise, those after it move by what the edits so far added
            moves.add(k, at - from, cpAt - cpFrom, lineShift);
            if (same.inTail(at, from)) {
                // the rest is in the text both share at their end: the same tasks, all moved as far
                int shift = at - from;
                from = old.end(n - 1);
                cpFrom = old.cpEnd(n - 1);
                at = from + shift;
                break;
            }
            int through = oldEnd + old.dash[k] + 1; // the piece, and the line after it as far as it decides where the piece ends
            if (runEnd < through) {
                runEnd = from + same.run(at, from);
            }
            if (through <= runEnd) {
                // as in the shared start, shifted: the stretch before the piece, the piece and the line after it
                // unchanged, found with one compare up to the next change instead of one per piece (changes far apart)
                at = oldEnd + (at - from);
                cpAt = oldCpEnd + (cpAt - cpFrom);
                from = oldEnd;
                cpFrom = oldCpEnd;
                continue;
            }
            int gap = oldStart - from;
            if (!same.equal(at, from, gap)) {
                return Optional.empty();
            }
            at += gap;
            cpAt += oldCpStart - cpFrom;
            RoadmapTask task = oldTasks.asRead(k);
            int length = oldEnd - oldStart;
            // the same text, and no more of it: a piece that grew at its end starts with the old one
            if (same.equal(at, oldStart, length)
                    && (same.endsAsBefore(at + length, oldEnd, old.dash[k]) || TaskLayout.endsPiece(text, at + length, old.dash[k]))) {
                at += length;
                cpAt += oldCpEnd - oldCpStart;
            } else {
                int pieceEnd = TaskLayout.pieceEnd(text, at, old.dash[k]);
                if (pieceEnd < 0 || at + old.dash[k] + 2 > pieceEnd
                        || TaskLayout.itemDash(text, at, at + old.dash[k] + 2) != old.dash[k]) {
                    return Optional.empty();
                }
                String piece = text.subSequence(at, pieceEnd).toString();
                // YAML also breaks lines at a lone CR, NEL, U+2028 and U+2029, which a piece's count of
                // lines (LFs) misses (no piece before had one: TaskLayout.of offers no layout then)
                if (TaskLayout.hasOtherLineBreaks(piece)) {
                    return Optional.empty();
                }
                Optional<RoadmapTask> fresh = readPiece(piece, old.dash[k], cpAt, oldTasks.line(k) + lineShift, task, UnplacedKeys.REFUSED);
                if (fresh.isEmpty()) {
                    return Optional.empty();
                }
                // stored so that the new shifts (the old ones and this splice's moves) put the piece where it is now
                int movedChars = shiftedChars + (at - oldStart);
                int movedCps = shiftedCps + (cpAt - oldCpStart);
                int movedLines = oldShifts.lines(stretch) + lineShift;
                read[k] = fresh.get();
                cpsMoved[k] = -movedCps;
                linesMoved[k] = -movedLines;
                readAgain.add(k);
                sameIds &= Objects.equals(read[k].id(), task.id());
                // the warnings before stand: the same ids and dependencies, and the same problems of its own
                // (none, in a roadmap that had no warning: only the task read again is looked at)
                warningsStand &= sameIds && read[k].dependencies().equals(task.dependencies())
                        && (hadWarnings ? RoadmapValidator.sameProblemsOfItsOwn(task, read[k])
                                : RoadmapValidator.problemsOfItsOwn(read[k]).isEmpty());
                boolean pieceSurrogates = CodePoints.hasSurrogates(piece, 0, piece.length());
                surrogates |= pieceSurrogates;
                lineEnds[k] = TaskLayout.lineEnds(piece, 0, piece.length());
                lineShift += lineEnds[k] - old.lineEnds[k];
                at = pieceEnd;
                cpAt += pieceSurrogates ? piece.codePointCount(0, piece.length()) : piece.length();
                end[k] = at - movedChars;
                cpEnd[k] = cpAt - movedCps;
                runEnd = -1; // the run looked at ended in this piece; the next is looked at from its end, at the new shift
            }
            from = oldEnd;
            cpFrom = oldCpEnd;
        }
        int rest = was.length() - from;
        if (text.length() - at != rest || !same.equal(at, from, rest)) {
            return Optional.empty();
        }
        Shifts shifts = oldShifts.plus(moves.build());
        int[] start = old.storedStart();
        int[] cpStart = old.storedCpStart();
        if (shifts.isLong()) {
            // written into the places, so that finding a task's stretch stays a few steps
            start = start.clone();
            cpStart = cpStart.clone();
            Shifts.writeInto(shifts, new int[][] {start, end}, new int[][] {cpStart, cpEnd, cpsMoved}, new int[][] {linesMoved});
            shifts = Shifts.NONE;
        }
        MovedTasks tasks = new MovedTasks(read, cpsMoved, linesMoved, shifts);
        Warnings warnings = Warnings.after(before, warningsStand, oldTasks, tasks, lineShift, readAgain);
        return Optional.of(Roadmap.spliced(before, text, tasks, warnings.all(), warnings.ofEntries(), surrogates ? null : CodePoints.same(),
                new TaskLayout(start, end, cpStart, cpEnd, old.dash, lineEnds, shifts, old.widestDash), sameIds,
                readAgain.positions()).withUtf8(utf8));
    }

    /**
     * The warnings after a splice, all of them and those of single entries among them ({@link
     * Roadmap#entryWarnings}), which only a whole read finds.
     */
    private record Warnings(List<RoadmapWarning> all, List<RoadmapWarning> ofEntries) {

        /**
         * The warnings before, at the lines they moved to, when they stand; else a validation of
         * every task, beside the warnings of single entries (moved). The validation took ~45 ms
         * of every claim on 10,000 tasks, under the lock, for one warning anywhere in the file.
         *
         * @param stand      whether each task read again kept its id, dependencies and own problems
         * @param linesAdded how many lines the splice's edits added to the text
         */
        static Warnings after(Roadmap before, boolean stand, MovedTasks oldTasks, MovedTasks tasks, int linesAdded,
                              ReadAgain readAgain) {
            List<RoadmapWarning> entries = before.entryWarnings();
            // A task read again has no problem of its entry (a piece with one is not read alone): one
            // it had was fixed by hand, and its warning goes; the tasks are then validated again.
            List<RoadmapWarning> standing = notOnTheLinesOf(entries, oldTasks, readAgain);
            stand &= standing.size() == entries.size();
            // An entry's line moves as the text around it: it lies between the pieces.
            List<RoadmapWarning> ofEntries = standing.isEmpty() ? standing
                    : RoadmapValidator.moved(standing, line -> anyLineAfter(oldTasks, tasks, linesAdded, line)).orElseThrow();
            if (stand && before.warnings().isEmpty()) {
                return new Warnings(List.of(), List.of());
            }
            // The validation's warnings stand on the lines of their tasks, or are found again.
            Optional<List<RoadmapWarning>> validated = stand
                    ? RoadmapValidator.moved(without(before.warnings(), entries), line -> taskLineAfter(oldTasks, tasks, line))
                    : Optional.empty();
            if (ofEntries.isEmpty() && validated.isPresent()) {
                return new Warnings(validated.get(), ofEntries);
            }
            // as a whole read orders them: by line, an entry's own problems before the validation's on the same line
            List<RoadmapWarning> all = new ArrayList<>(ofEntries);
            all.addAll(validated.orElseGet(() -> RoadmapValidator.validate(tasks)));
            return new Warnings(RoadmapReader.sortedWarnings(all), ofEntries);
        }

        /** {@code warnings} but those on the line of a task read again (its line before the splice). */
        private static List<RoadmapWarning> notOnTheLinesOf(List<RoadmapWarning> warnings, MovedTasks oldTasks,
                                                            ReadAgain readAgain) {
            if (warnings.isEmpty()) {
                return warnings;
            }
            Set<Integer> lines = new HashSet<>();
            for (int k : readAgain.positions()) {
                lines.add(oldTasks.line(k));
            }
            List<RoadmapWarning> kept = new ArrayList<>(warnings.size());
            for (RoadmapWarning w : warnings) {
                if (!lines.contains(w.line())) {
                    kept.add(w);
                }
            }
            return kept.size() == warnings.size() ? warnings : kept;
        }

        /** {@code all} but {@code some}, which are among them. */
        private static List<RoadmapWarning> without(List<RoadmapWarning> all, List<RoadmapWarning> some) {
            if (some.isEmpty()) {
                return all;
            }
            Set<RoadmapWarning> left = new HashSet<>(some);
            List<RoadmapWarning> rest = new ArrayList<>(all.size());
            for (RoadmapWarning w : all) {
                if (!left.contains(w)) {
                    rest.add(w);
                }
            }
            return rest;
        }
    }

    /** The line the task that started on {@code line} before the splice starts on after it; -1 if no task started there. */
    private static int taskLineAfter(MovedTasks before, MovedTasks after, int line) {
        int k = taskAt(before, line);
        return k >= 0 ? after.line(k) : -1;
    }

    /**
     * The line that {@code line} before the splice is after it: a task's moves with its task; any
     * other line lies between the pieces (an entry of a task list that is not a task), which a
     * splice leaves as they were, so it moves as the next task does, or by all the lines the edits
     * added ({@code linesAdded}) when no task follows it.
     */
    private static int anyLineAfter(MovedTasks before, MovedTasks after, int linesAdded, int line) {
        int k = taskAt(before, line);
        if (k >= 0) {
            return after.line(k);
        }
        int next = -k - 1;
        return line + (next < before.size() ? after.line(next) - before.line(next) : linesAdded);
    }

    /**
     * The position of the task that starts on {@code line}, else {@code -(the position of the first
     * task after it) - 1}, as {@link Arrays#binarySearch} answers: tasks keep their positions in a
     * splice, and their lines ascend.
     */
    private static int taskAt(MovedTasks tasks, int line) {
        int lo = 0;
        int hi = tasks.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int at = tasks.line(mid);
            if (at < line) {
                lo = mid + 1;
            } else if (at > line) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -lo - 1;
    }

    /**
     * How many pieces lie, with the line after each, in the text the two share at their start: a
     * binary search over where pieces end (they end in file order), then a look at the few pieces
     * whose line after them may reach past the shared start.
     */
    private static int sharedHead(TaskLayout old, Stretches same) {
        int lo = 0;
        int hi = old.size();
        // every piece before `lo` ends far enough before the shared start's end for any dash
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (same.inHead(old.end(mid), old.widestDash)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int head = lo;
        while (head < old.size() && same.inHead(old.end(head), old.dash[head])) {
            head++;
        }
        return head;
    }

    /** The positions of the tasks a splice read again, in file order: a claim's few. */
    private static final class ReadAgain {
        private int[] positions = new int[4];
        private int count;

        void add(int k) {
            if (count == positions.length) {
                positions = Arrays.copyOf(positions, count * 2);
            }
            positions[count++] = k;
        }

        int[] positions() {
            return Arrays.copyOf(positions, count);
        }
    }

    /**
     * Compares stretches of the new text with stretches of the old: as bytes when both texts are
     * ASCII (one byte per char, compared many at a time), else char by char. When both are ASCII,
     * the text the two share at their start and at their end is found first, a few vector compares
     * for 2 MB, and a stretch inside either is the same without a look (a claim changes a few lines).
     *
     * @param head how many chars at the start the two texts share
     * @param tail how many chars at the end they share beyond those
     */
    private record Stretches(CharSequence was, byte[] wasBytes, CharSequence text, byte[] textBytes, int head, int tail) {

        static Stretches of(CharSequence was, byte[] wasUtf8, CharSequence text, byte[] textUtf8) {
            boolean ascii = wasUtf8.length == was.length() && textUtf8.length == text.length();
            if (!ascii) {
                // compared char by char as strings: a text that is not ASCII is one already, an ASCII one is made one here
                return new Stretches(was.toString(), null, text.toString(), null, 0, 0);
            }
            int head = Arrays.mismatch(textUtf8, wasUtf8);
            if (head < 0) {
                head = textUtf8.length;
            }
            int tail = RoadmapReader.commonTail(textUtf8, wasUtf8, Math.min(textUtf8.length, wasUtf8.length) - head);
            return new Stretches(was, wasUtf8, text, textUtf8, head, tail);
        }

        /** Whether {@code length} chars of the new text from {@code at} equal the old text's from {@code from}. */
        boolean equal(int at, int from, int length) {
            if (at + length > text.length() || from + length > was.length()) {
                return false;
            }
            if (at == from && from + length <= head || inTail(at, from)) {
                return true;
            }
            return wasBytes == null ? text.toString().regionMatches(at, was.toString(), from, length)
                    : Arrays.equals(textBytes, at, at + length, wasBytes, from, from + length);
        }

        /**
         * How many chars of the new text from {@code at} equal the old text's from {@code from}, up to
         * the first that differs: one compare of many bytes at a time; 0 when the texts are not both ASCII.
         */
        int run(int at, int from) {
            if (wasBytes == null) {
                return 0;
            }
            int run = Arrays.mismatch(textBytes, at, textBytes.length, wasBytes, from, wasBytes.length);
            return run < 0 ? Math.min(textBytes.length - at, wasBytes.length - from) : run;
        }

        /**
         * Whether a piece that ended at {@code from} in the old text, and now at {@code at}, ends there
         * for the same reason ({@link TaskLayout#endsPiece}): the line after it is the same, in the
         * shared start or the shared end.
         */
        boolean endsAsBefore(int at, int from, int dash) {
            return at == from && from + dash + 1 <= head || inTail(at, from);
        }

        /** Whether a piece that ends at {@code end} in the old text is in the shared start, with the line after it. */
        boolean inHead(int end, int dash) {
            return end + dash + 1 <= head;
        }

        /** Whether old text from {@code from} on is in the shared end, which the new text has from {@code at} on. */
        boolean inTail(int at, int from) {
            return from >= was.length() - tail && at - from == text.length() - was.length();
        }
    }

    /**
     * The {@code k}th task of {@code roadmap} read again from its piece, with its marks: for an edit
     * of a task {@link RoadmapCache} kept, which has none. A key the editor cannot place is read
     * too: the editor refuses the edit by the marks, with the task's problem. Empty if the piece does
     * not read alone as it did when the layout was made (it always should: the text is the one the
     * task was read from), for the caller to read the whole text instead.
     */
    static Optional<RoadmapTask> readAgain(Roadmap roadmap, TaskLayout layout, int k, RoadmapTask task) {
        if (k >= layout.size()) {
            return Optional.empty();
        }
        String piece = roadmap.chars().subSequence(layout.start(k), layout.end(k)).toString();
        return readPiece(piece, layout.dash[k], layout.cpStart(k), task.line(), task, UnplacedKeys.READ);
    }

    /**
     * What a piece read alone does with a key the editor cannot place: a splice refuses it (the
     * task's problem is for a whole read to find); a read for an edit's marks reads it, and the
     * editor refuses the edit by the marks.
     */
    private enum UnplacedKeys { REFUSED, READ }

    /**
     * One task's piece read alone: the dash blanked, so that the piece is a document whose root is
     * the item's mapping, at the same columns as in the file. Empty unless it reads as one mapping
     * (block, or flow: {@code {id: x, ...}}) that starts on the piece's first line, uses no anchor,
     * has an id, and only keys the editor can place unless those are {@link UnplacedKeys#READ}.
     */
    private static Optional<RoadmapTask> readPiece(String piece, int dash, int base, int line, RoadmapTask was,
                                                   UnplacedKeys unplacedKeys) {
        char[] chars = piece.toCharArray();
        chars[dash] = ' ';
        String alone = new String(chars);
        Node node;
        try {
            node = RoadmapReader.compose(alone);
        } catch (YAMLException e) {
            return Optional.empty();
        }
        if (!(node instanceof MappingNode map) || map.getValue().isEmpty() || map.getStartMark().getLine() != 0
                || RoadmapReader.isAnchored(map)) {
            return Optional.empty();
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            fields.put(YamlValues.keyOf(t), YamlValues.valueOf(t.getValueNode()));
        }
        TaskMarks marks = TaskMarks.of(map, alone, CodePoints.of(alone));
        if (marks.hasKeyThatIsNoScalar()) {
            return Optional.empty(); // its roadmap is read whole, as TaskLayout.of says
        }
        // a key the editor cannot place makes a problem of the task, which only a whole read finds
        if (fields.get("id") == null || fields.get("id").toString().isBlank() || unplacedKeys == UnplacedKeys.REFUSED && marks.unplacedKey() >= 0) {
            return Optional.empty();
        }
        return Optional.of(RoadmapTask.parsedAt(fields, marks, base, line, was.index(), was.enclosingEpic()));
    }
}
