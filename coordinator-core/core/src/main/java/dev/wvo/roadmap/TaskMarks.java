package dev.wvo.roadmap;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.util.List;
import java.util.Optional;

/**
 * Where a task's mapping and each of its entries stand in the text, as {@link RoadmapEditor} and
 * {@link TaskLayout} need them: the positions SnakeYAML's marks gave, kept as plain numbers so
 * that the parsed node tree can go. A worker keeps the roadmap between its transactions; with the
 * node tree, a 10,000-task roadmap kept ~85 MB alive (a full garbage collection of it stopped the
 * lock's holder for a quarter of a second), with these a few MB.
 *
 * <p>Positions are code point indexes from the start of what was parsed (the task's {@code base}
 * in the text), as the marks count them.
 */
final class TaskMarks {

    /** The entry's value is not a plain or quoted scalar: its end mark reaches into the next line. */
    static final int BLOCK_END = 1;
    /** The entry's value is an empty scalar of no length: its end mark is at the next token. */
    static final int EMPTY_AT_NEXT = 2;
    /**
     * The entry's value is an alias ({@code key: *name}). SnakeYAML gives an alias the node it
     * names, whose marks are the anchor's, earlier in the file: an entry appended after it went
     * into the anchor's task (a worker's claim was written into another task). Its value's end
     * is kept as its key's, and found in the text from there ({@link #textEnd}).
     */
    static final int ALIAS = 4;

    private static final int START = 0;
    private static final int END = 1;
    private static final int START_COLUMN = 2;
    private static final int KEY_COLUMN = 3;
    private static final int FIRST_ENTRY = 4;
    private static final int PER_ENTRY = 4;

    /**
     * Why the editor cannot place a key's value: it writes a value from its key's end on, as
     * {@code : value}, which holds of a key written {@code key: value} once, and of no other.
     */
    enum UnplacedKey {
        /**
         * An alias as the key ({@code *name : value}): it is given its anchor's node, and so its
         * marks, elsewhere in the file; a claim of such a task cut the text between the two.
         */
        ALIAS,
        /**
         * An explicit key ({@code ? status}, then {@code : pending} on a line of its own): it became
         * a mapping when its value was replaced ({@code ? status: in_progress}), which parses; the
         * claim was lost, and the task ran for nothing.
         */
        EXPLICIT,
        /**
         * A key written twice in the task (agents add a second {@code status:} rather than change
         * the first): YAML reads the last, the editor would change the first.
         */
        REPEATED
    }

    private final boolean flow;
    /** The first entry whose key the editor cannot place, or -1; and why. */
    private final int unplacedKey;
    private final UnplacedKey unplacedShape;
    /** Each entry's key as text when it is a scalar (the only keys an edit names), else null. */
    private final String[] keys;
    /** The mapping's start, end, start column and its first key's column, then per entry: key start, key end, value end, flags. */
    private final int[] at;

    private TaskMarks(boolean flow, String[] keys, int[] at, int unplacedKey, UnplacedKey unplacedShape) {
        this.flow = flow;
        this.keys = keys;
        this.at = at;
        this.unplacedKey = unplacedKey;
        this.unplacedShape = unplacedShape;
    }

    /**
     * The marks of a task's mapping, composed from {@code text}, whose char indexes {@code cps}
     * gives for the marks' code points: the text is read only where a key ends.
     */
    static TaskMarks of(MappingNode node, String text, CodePoints cps) {
        List<NodeTuple> tuples = node.getValue();
        boolean flow = node.getFlowStyle() == DumperOptions.FlowStyle.FLOW;
        int unplaced = -1;
        UnplacedKey shape = null;
        int previousEnd = node.getStartMark().getIndex();
        String[] keys = new String[tuples.size()];
        int[] at = new int[FIRST_ENTRY + PER_ENTRY * tuples.size()];
        at[START] = node.getStartMark().getIndex();
        at[END] = node.getEndMark().getIndex();
        at[START_COLUMN] = node.getStartMark().getColumn();
        at[KEY_COLUMN] = tuples.isEmpty() ? 0 : tuples.get(0).getKeyNode().getStartMark().getColumn();
        for (int i = 0; i < tuples.size(); i++) {
            NodeTuple t = tuples.get(i);
            keys[i] = t.getKeyNode() instanceof ScalarNode k ? k.getValue().intern() : null; // as YamlValues.keyOf
            Node value = t.getValueNode();
            int e = FIRST_ENTRY + PER_ENTRY * i;
            int keyEnd = t.getKeyNode().getEndMark().getIndex();
            // a value that starts before its key ends is an alias: the node of an anchor before it
            boolean alias = value.getStartMark().getIndex() < keyEnd;
            at[e] = t.getKeyNode().getStartMark().getIndex();
            at[e + 1] = keyEnd;
            at[e + 2] = alias ? keyEnd : value.getEndMark().getIndex();
            at[e + 3] = alias ? ALIAS : flagsOf(value);
            // an edit names a scalar key: no other is ever edited; a flow task is rewritten whole from its values
            if (unplaced < 0 && !flow && keys[i] != null) {
                shape = at[e] < previousEnd ? UnplacedKey.ALIAS // a key node before the entry before it ends: an anchor's
                        : !colonAfter(text, cps.charIndex(keyEnd)) ? UnplacedKey.EXPLICIT
                        : written(keys, i) ? UnplacedKey.REPEATED : null;
                unplaced = shape == null ? -1 : i;
            }
            previousEnd = at[e + 2];
        }
        return new TaskMarks(flow, keys, at, unplaced, shape);
    }

    /**
     * Whether a key of the task is a mapping or a list ({@code ? {status: x}}, by hand): where such
     * a task ends in the text is for a whole read to tell, so its roadmap is read whole.
     */
    boolean hasKeyThatIsNoScalar() {
        for (String key : keys) {
            if (key == null) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code keys[i]} is among the keys before it (interned, as keys are). */
    private static boolean written(String[] keys, int i) {
        for (int j = 0; j < i; j++) {
            if (keys[j] == keys[i]) {
                return true;
            }
        }
        return false;
    }

    /** Whether a colon follows {@code from} on its line, after blanks only: the key before it is an implicit one. */
    private static boolean colonAfter(String text, int from) {
        int i = from;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i < text.length() && text.charAt(i) == ':';
    }

    /** {@link #BLOCK_END} and {@link #EMPTY_AT_NEXT} of a value node. */
    static int flagsOf(Node value) {
        if (!(value instanceof ScalarNode s) || s.getScalarStyle() == DumperOptions.ScalarStyle.FOLDED
                || s.getScalarStyle() == DumperOptions.ScalarStyle.LITERAL) {
            return BLOCK_END;
        }
        return s.getValue().isEmpty() && s.getStartMark().getIndex() == s.getEndMark().getIndex() ? EMPTY_AT_NEXT : 0;
    }

    /**
     * Where a value's text ends, given its end mark as a char index: block collections' end marks
     * reach into the next line, so back up over whitespace. So does the empty value of an explicit
     * key ({@code ? key} with no {@code :}): SnakeYAML marks it at the next token, which may be the
     * next task's dash after a comment line, and an entry appended there would land in the middle
     * of that line.
     *
     * <p>Back up over the comment lines before that next token too, when their {@code #} stands
     * left of {@code inside}, the first column that belongs to the value: such a comment heads what
     * follows ({@code # later: epics} above {@code epics:}). Without this a worker's result fields
     * went under it, and a value replaced or removed took the comment with it. A comment at or
     * right of {@code inside} stays with the value (a commented-out list item, a note on it).
     */
    static int textEnd(CharSequence text, int endMark, int flags, int inside) {
        int end = endMark;
        if (flags == 0) {
            return end;
        }
        if (flags == ALIAS) {
            return aliasEnd(text, endMark);
        }
        while (true) {
            while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
                end--;
            }
            int lineStart = AsciiText.lastIndexOf(text, '\n', end - 1) + 1;
            int hash = lineStart;
            while (hash < end && text.charAt(hash) == ' ') {
                hash++;
            }
            if (lineStart == 0 || hash == end || text.charAt(hash) != '#' || hash - lineStart >= inside) {
                return end;
            }
            end = lineStart;
        }
    }

    /**
     * Where an alias value ends, from its key's end: past the colon, blanks and line ends, the
     * {@code *} and the anchor's name, which ends at a blank or a flow indicator.
     *
     * @throws IllegalStateException if something else stands there: the edit is refused, not made
     *                               at a guessed place
     */
    private static int aliasEnd(CharSequence text, int keyEnd) {
        int i = keyEnd;
        boolean colon = false;
        while (i < text.length() && (Character.isWhitespace(text.charAt(i)) || (!colon && text.charAt(i) == ':'))) {
            colon |= text.charAt(i) == ':';
            i++;
        }
        if (!colon || i == text.length() || text.charAt(i) != '*') {
            throw new IllegalStateException("no alias after the key that ends at char " + keyEnd
                    + " of the roadmap; write the value out in place of the alias and run the command again");
        }
        i++;
        while (i < text.length() && !Character.isWhitespace(text.charAt(i)) && ",[]{}".indexOf(text.charAt(i)) < 0) {
            i++;
        }
        return i;
    }

    /**
     * The first entry whose key the editor cannot place ({@link UnplacedKey}), or -1. Such a task
     * is not run ({@code RoadmapReader}), nor read alone by a splice, nor edited ({@code
     * RoadmapEditor}). Only scalar keys count (an edit names its field); a task written as a flow
     * mapping is rewritten whole from its values, and has none.
     */
    int unplacedKey() {
        return unplacedKey;
    }

    /** Why the editor cannot place {@link #unplacedKey}'s key, as a problem of the task with what to do; empty if it can place every key. */
    Optional<String> unplacedKeyProblem() {
        if (unplacedKey < 0) {
            return Optional.empty();
        }
        String key = keys[unplacedKey];
        return Optional.of("its key `" + key + "` " + switch (unplacedShape) {
            case ALIAS -> "is an alias (*name), which wvo cannot edit in place; write the key out";
            case EXPLICIT -> "is written as an explicit key (`? " + key + "`, its `: value` apart), which wvo cannot edit "
                    + "in place; write it as `" + key + ": value`";
            case REPEATED -> "is written twice in the task (YAML reads the last), which wvo cannot edit in place; keep one";
        });
    }

    /** Whether the task is written as a flow mapping ({@code {id: x, ...}}). */
    boolean flow() {
        return flow;
    }

    int start() {
        return at[START];
    }

    int end() {
        return at[END];
    }

    int startColumn() {
        return at[START_COLUMN];
    }

    /** The column of the first key: where a new entry's key goes. */
    int keyColumn() {
        return at[KEY_COLUMN];
    }

    int entries() {
        return keys.length;
    }

    /** The first entry whose key is the scalar {@code key}, or -1. */
    int indexOf(String key) {
        for (int i = 0; i < keys.length; i++) {
            if (key.equals(keys[i])) {
                return i;
            }
        }
        return -1;
    }

    int keyStart(int entry) {
        return at[FIRST_ENTRY + PER_ENTRY * entry];
    }

    int keyEnd(int entry) {
        return at[FIRST_ENTRY + PER_ENTRY * entry + 1];
    }

    /** The value's end mark (see the flags for where its text really ends). */
    int valueEnd(int entry) {
        return at[FIRST_ENTRY + PER_ENTRY * entry + 2];
    }

    /** {@link #BLOCK_END}, {@link #EMPTY_AT_NEXT} or {@link #ALIAS} of the entry's value. */
    int flags(int entry) {
        return at[FIRST_ENTRY + PER_ENTRY * entry + 3];
    }
}
