package dev.wvo.roadmap;

import dev.wvo.schedule.Blocker;
import dev.wvo.schedule.Runnability;
import dev.wvo.schedule.TaskState;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A roadmap file as read: its exact text, its layout, its tasks in file order, and the problems
 * of single entries. Reading never writes; {@link RoadmapEditor} makes a changed text from it.
 *
 * <p>A roadmap is read either whole ({@link RoadmapReader}) or, after a change to a few tasks,
 * from the roadmap before by reading only the tasks whose text changed ({@link RoadmapSplice});
 * the two give the same tasks and warnings.
 */
public final class Roadmap {

    /** The top-level keys that hold tasks; every other one is a setting. */
    private static final Set<String> TASK_LISTS = Set.of("tasks", "epics");

    private final Path file;
    /** The text: a string, or the bytes of an ASCII text read as chars ({@link AsciiText}). */
    private final CharSequence chars;
    /** The text as a string, made from {@link #chars} when first asked for. */
    private volatile String text;
    private final Layout layout;
    /**
     * The top-level values other than the task lists, from the last whole parse (a splice changes
     * task entries only), which the cache keeps with the roadmap: a worker's claim asks for the
     * default pipeline. The parsed document itself is not kept: its node tree is many times the
     * size of the tasks.
     */
    private volatile Map<String, Object> settings;
    private final List<RoadmapTask> tasks;
    private final List<RoadmapWarning> warnings;
    /**
     * The problems the reader found of single entries (an entry of a task list that is not a task, a
     * task with a key the editor cannot place): part of {@link #warnings}, which a validation of the
     * tasks does not find again. A splice carries them, moved with the lines around them.
     */
    private final List<RoadmapWarning> entryWarnings;
    private final boolean anchored;

    private volatile Map<Integer, List<String>> problemsByLine;
    private volatile Map<String, Integer> indexById;
    /** Where new tasks go; made from a parse of the whole text when not found by the read. */
    private volatile TaskListEnd taskListEnd;
    private volatile CodePoints codePoints;
    private volatile Optional<TaskLayout> taskLayout;
    /** The text's UTF-8 bytes, when the reader or writer had them at hand. */
    private volatile byte[] utf8;
    /**
     * Each task's blocker as {@link RoadmapBoardStore#blockersOf} judged them, or as the cache kept
     * them; null until then. Never carried to a roadmap read by a splice: a changed task changes
     * the judgement of others (its dependents, the tasks whose ownership meets its own).
     */
    private volatile List<Blocker> blockers;
    /** Each task's state and which tasks hold a claim; null until asked for, or made by a splice. */
    private volatile TaskStates states;
    /**
     * The text's tasks, parsed whole for their marks: made once when a task without marks is edited
     * in a roadmap that does not split into pieces ({@link #marked}), so that a transaction that
     * edits thousands of them (an import) parses once, not once per task.
     */
    private volatile List<RoadmapTask> parsedTasks;

    /**
     * A roadmap read whole, from its parsed document {@code root}, which it does not keep; {@code
     * codePoints}: its text's char indexes of code points, as the reader made them.
     */
    Roadmap(Path file, String text, Layout layout, MappingNode root, List<RoadmapTask> tasks,
            List<RoadmapWarning> warnings, List<RoadmapWarning> entryWarnings, boolean anchored, CodePoints codePoints) {
        this(file, text, layout, settingsOf(root), tasks, warnings, entryWarnings, anchored);
        this.codePoints = codePoints;
        this.taskListEnd = TaskListEnd.of(root, text, codePoints);
    }

    private Roadmap(Path file, CharSequence text, Layout layout, Map<String, Object> settings, List<RoadmapTask> tasks,
                    List<RoadmapWarning> warnings, List<RoadmapWarning> entryWarnings, boolean anchored) {
        this.file = file;
        this.chars = text;
        this.text = text instanceof String s ? s : null;
        this.layout = layout;
        this.settings = settings;
        this.tasks = Collections.unmodifiableList(tasks);
        this.warnings = Collections.unmodifiableList(warnings);
        this.entryWarnings = List.copyOf(entryWarnings);
        this.anchored = anchored;
    }

    /** A roadmap read by a splice from {@code before}: everything but the tasks' pieces is as it was. */
    private Roadmap(Roadmap before, CharSequence text, MovedTasks tasks, List<RoadmapWarning> warnings,
                    List<RoadmapWarning> entryWarnings) {
        this.file = before.file;
        this.chars = text;
        this.text = text instanceof String s ? s : null;
        this.layout = before.layout;
        this.settings = before.settings;
        this.tasks = tasks; // read-only already, and what the next splice carries on
        this.warnings = Collections.unmodifiableList(warnings);
        this.entryWarnings = List.copyOf(entryWarnings);
        this.anchored = false;
    }

    /**
     * The roadmap {@link RoadmapSplice} read from {@code before}, with its warnings ({@code
     * entryWarnings} among them, as {@link #entryWarnings()}), which knows where the tasks lie,
     * whether the text has characters outside the Basic Multilingual Plane (null: find out when
     * needed), and whether every task kept its id.
     */
    static Roadmap spliced(Roadmap before, CharSequence text, MovedTasks tasks, List<RoadmapWarning> warnings,
                           List<RoadmapWarning> entryWarnings, CodePoints codePoints, TaskLayout layout, boolean sameIds,
                           int[] readAgain) {
        Roadmap spliced = new Roadmap(before, text, tasks, warnings, entryWarnings);
        spliced.codePoints = codePoints;
        spliced.taskLayout = Optional.of(layout);
        spliced.indexById = sameIds ? before.indexById : null;
        TaskStates known = before.states;
        if (known != null && sameProblems(before.warnings, warnings)) {
            // every task has the problems it had (none, most often): a task not read again keeps its
            // state (a move changes none); one in a roadmap with a warning anywhere was judged anew,
            // all 10,000 of them, at every claim
            spliced.states = known.withReadAgain(tasks, readAgain, spliced::stateOf);
        }
        return spliced;
    }

    /**
     * Whether two lists of warnings name the same ids with the same messages, in the same order.
     * That is each task's problems unchanged: warnings are in the order of their lines, and a
     * problem that moved to another task of the same id (a duplicate) changes the line its
     * message names. A duplicate id whose partner moved changes both messages: all states are
     * then judged again (~1 ms on 10,000 tasks).
     */
    private static boolean sameProblems(List<RoadmapWarning> before, List<RoadmapWarning> now) {
        if (before.size() != now.size()) {
            return false;
        }
        for (int i = 0; i < now.size(); i++) {
            if (!Objects.equals(before.get(i).taskId(), now.get(i).taskId()) || !before.get(i).message().equals(now.get(i).message())) {
                return false;
            }
        }
        return true;
    }

    /**
     * A roadmap as {@link RoadmapCache} kept it: what a whole read found, without the parsed
     * document, which is parsed from the text if something asks for it (adding a task). An ASCII
     * text is its bytes ({@link AsciiText}) until a caller asks for the string.
     */
    static Roadmap kept(Path file, CharSequence text, Layout layout, Map<String, Object> settings, List<RoadmapTask> tasks,
                        List<RoadmapWarning> warnings, List<RoadmapWarning> entryWarnings, boolean anchored,
                        Optional<TaskLayout> taskLayout) {
        Roadmap kept = new Roadmap(file, text, layout, settings, tasks, warnings, entryWarnings, anchored);
        kept.taskLayout = taskLayout;
        return kept;
    }

    public Path file() {
        return file;
    }

    /** The file's text exactly as read. */
    public String text() {
        String made = text;
        if (made == null) {
            made = chars.toString();
            text = made;
        }
        return made;
    }

    /** The text without making a string of it: what a transaction reads near the tasks that changed. */
    CharSequence chars() {
        return chars;
    }

    /** Whether the text is ASCII: a byte of its UTF-8 encoding per char. */
    boolean isAscii() {
        return chars instanceof AsciiText || utf8().length == chars.length();
    }

    public Layout layout() {
        return layout;
    }

    /** Where new tasks go in the text (only adding tasks needs it): parsed again if this roadmap was not read whole. */
    TaskListEnd taskListEnd() {
        TaskListEnd made = taskListEnd;
        if (made == null) {
            made = TaskListEnd.of(RoadmapReader.document(file, text()), text(), codePoints());
            taskListEnd = made;
        }
        return made;
    }

    /**
     * A top-level value of the file other than the task lists (such as the default {@code pipeline:}),
     * or null. It is read from the last whole parse: a splice changes task entries only, never the rest.
     */
    public Object setting(String key) {
        if (TASK_LISTS.contains(key)) {
            org.yaml.snakeyaml.nodes.Node value = RoadmapReader.value(RoadmapReader.document(file, text()), key);
            return value == null ? null : YamlValues.valueOf(value);
        }
        return settings().get(key);
    }

    /** The top-level values other than the task lists, by their key ({@link #settings}). */
    Map<String, Object> settings() {
        Map<String, Object> known = settings;
        if (known == null) {
            known = settingsOf(RoadmapReader.document(file, text()));
            settings = known;
        }
        return known;
    }

    /** The top-level values of a document, but the task lists, by their first key. */
    private static Map<String, Object> settingsOf(MappingNode root) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (NodeTuple t : root.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && !TASK_LISTS.contains(k.getValue()) && !out.containsKey(k.getValue())) {
                out.put(k.getValue(), YamlValues.valueOf(t.getValueNode()));
            }
        }
        return out;
    }

    /**
     * {@code task}, one of this roadmap's, with its marks, which an edit of it needs. A task the
     * cache kept has none ({@link RoadmapCache}: a transaction edits one task or two of thousands),
     * so its piece of the text is read again ({@link RoadmapSplice#readAgain}), or the whole text
     * when the file does not split into pieces.
     */
    RoadmapTask marked(RoadmapTask task) {
        if (task.marks() != null) {
            return task;
        }
        int k = task.index();
        Optional<RoadmapTask> piece = taskLayout().flatMap(layout -> RoadmapSplice.readAgain(this, layout, k, task));
        if (piece.isPresent() && piece.get().fields().equals(task.fields())) {
            return piece.get();
        }
        // no pieces (anchors), or a piece that does not read as the kept task (never seen: the text is
        // the one the task was read from): the whole text, which is what the task was read from
        RoadmapTask read = parsedTasks().get(k);
        if (!read.fields().equals(task.fields()) || read.line() != task.line()) {
            throw new IllegalStateException("task " + task.id() + " at line " + task.line() + " of " + file
                    + " reads otherwise when the file is read again; delete the roadmap cache (locks/roadmap.cache "
                    + "of the state directory) and run the command again");
        }
        return read;
    }

    /** The text's tasks parsed whole, once ({@link #parsedTasks}). */
    private List<RoadmapTask> parsedTasks() {
        List<RoadmapTask> made = parsedTasks;
        if (made == null) {
            made = RoadmapReader.parse(file, text()).tasks();
            parsedTasks = made;
        }
        return made;
    }

    /** Every task, in file order (nested ones where they stand). */
    public List<RoadmapTask> tasks() {
        return tasks;
    }

    /** The first task with this id. */
    public Optional<RoadmapTask> task(String id) {
        Map<String, Integer> index = indexById;
        if (index == null) {
            index = new HashMap<>();
            for (RoadmapTask t : tasks) {
                index.putIfAbsent(t.id(), t.index());
            }
            indexById = index;
        }
        Integer at = index.get(id);
        return at == null ? Optional.empty() : Optional.of(tasks.get(at));
    }

    /**
     * Every task's state as the scheduler judges it, in file order: the state the task keeps for
     * itself ({@code RoadmapTask.state()}), or one with the roadmap's problems of it. Made once per
     * roadmap; a roadmap read by a splice makes anew only the states of the tasks it read again
     * ({@link TaskStates}).
     */
    List<TaskState> states() {
        return knownStates().all();
    }

    /**
     * The states of the tasks in progress under a claim ({@link Runnability#holdsOwnership}), in file
     * order: the claims a dead worker may have left, found without reading every task's status.
     */
    List<TaskState> claimedStates() {
        return knownStates().claimed();
    }

    private TaskStates knownStates() {
        TaskStates made = states;
        if (made == null) {
            made = TaskStates.of(tasks, this::stateOf);
            states = made;
        }
        return made;
    }

    /** A task's state as {@link #states()} gives it. */
    TaskState stateOf(RoadmapTask task) {
        List<String> problems = problemsOf(task);
        return problems.isEmpty() ? task.state()
                : new TaskState(task.view(), task.attempts(), task.maxAttempts(), task.claim(), problems, task.index());
    }

    /** Problems of single entries: the file loads, the entries named are not run until fixed. */
    public List<RoadmapWarning> warnings() {
        return warnings;
    }

    /** The problems of one task (by the line it starts on), as sentences. */
    public List<String> problemsOf(RoadmapTask task) {
        if (warnings.isEmpty()) {
            return List.of();
        }
        Map<Integer, List<String>> index = problemsByLine;
        if (index == null) {
            index = new HashMap<>();
            for (RoadmapWarning w : warnings) {
                index.computeIfAbsent(w.line(), l -> new ArrayList<>()).add(w.message());
            }
            problemsByLine = index;
        }
        return index.getOrDefault(task.line(), List.of());
    }

    /**
     * The warnings of single entries that the reader found, in the order of their lines: entries of
     * the task lists that are not tasks, and tasks with a key the editor cannot place.
     */
    List<RoadmapWarning> entryWarnings() {
        return entryWarnings;
    }

    /** Whether the file uses YAML anchors: then a task's text does not alone decide what it reads as. */
    boolean isAnchored() {
        return anchored;
    }

    /** The text's UTF-8 encoding: the bytes it was read from or written as, else encoded now. */
    byte[] utf8() {
        byte[] bytes = utf8;
        if (bytes == null) {
            bytes = text().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            utf8 = bytes;
        }
        return bytes;
    }

    /** The text's UTF-8 bytes if the reader or writer left them, else null (never encoded here). */
    byte[] knownUtf8() {
        return utf8;
    }

    /** Keeps the bytes the text was read from or written as, so that they are not encoded again. */
    Roadmap withUtf8(byte[] bytes) {
        utf8 = bytes;
        return this;
    }

    /** How the text's code point indexes (SnakeYAML's marks) map to char indexes. */
    CodePoints codePoints() {
        CodePoints made = codePoints;
        if (made == null) {
            made = chars instanceof AsciiText ? CodePoints.same() : CodePoints.of(text());
            codePoints = made;
        }
        return made;
    }

    /** Whether the text has characters outside the Basic Multilingual Plane. */
    boolean hasSurrogates() {
        return !codePoints().isIdentity();
    }

    /** The blockers judged of this roadmap's tasks, or null if none were yet ({@link #blockers}). */
    List<Blocker> knownBlockers() {
        return blockers;
    }

    /** Keeps the blockers judged of this roadmap's tasks, {@code null} where a task is runnable. */
    Roadmap withBlockers(List<Blocker> judged) {
        blockers = judged;
        return this;
    }

    /** Where each task's text lies, for {@link RoadmapSplice}; empty if the file's shape does not allow splicing. */
    Optional<TaskLayout> taskLayout() {
        Optional<TaskLayout> made = taskLayout;
        if (made == null) {
            made = TaskLayout.of(this);
            taskLayout = made;
        }
        return made;
    }
}
