package dev.wvo.roadmap;

import dev.wvo.fs.BoundedRead;
import dev.wvo.fs.UnreadableStateFileException;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.IOException;
import java.io.StringReader;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a roadmap in either layout. Tasks are found at the top level ({@code tasks:}), under
 * {@code epics[].tasks} and under {@code epics[].milestones[].tasks}, all in one file if need be;
 * a nested task's epic is the id of the epic it stands under, unless it names its own.
 */
public final class RoadmapReader {

    /**
     * A byte array read as little-endian longs: {@link #isAsciiText} looks at eight bytes at a time.
     * In a class of its own, made at the first check, not with this class: {@code status} and
     * {@code task list} read a big roadmap from its cache through this class and check nothing, and
     * the handle's set-up (a class the JDK spins for it at run time, not in the class-data archive)
     * was ~2 ms of their start.
     */
    private static final class Longs {
        static final VarHandle LITTLE_ENDIAN = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    }

    private RoadmapReader() {
    }

    /**
     * The YAML 1.1 implicit types, shared by every parse: a {@code Resolver} only reads the table its
     * constructor fills, and filling it for each changed task a claim reads again was ~3 % of a
     * claim's CPU on a 10,000-task roadmap. Made at the first parse, not with this class: {@code wvo status}
     * and {@code task list} read a big roadmap from its cache through this class and parse nothing.
     */
    static Resolver resolver() {
        return SharedResolver.INSTANCE;
    }

    private static final class SharedResolver {
        static final Resolver INSTANCE = new Resolver();
    }

    public static Roadmap read(Path file) {
        return read(file, bytes(file));
    }

    /** The file's bytes, or null when it does not exist; a file that cannot be read is a {@link RoadmapException}. */
    static byte[] bytes(Path file) {
        try {
            return BoundedRead.bytes(file, BoundedRead.DOCUMENT);
        } catch (NoSuchFileException e) {
            return null;
        } catch (UnreadableStateFileException e) {
            throw RoadmapException.advising(file, 1, 1, e.problem()); // each says what to do
        } catch (IOException e) {
            throw new RoadmapException(file, 1, 1, "cannot read: " + e.getMessage());
        }
    }

    /** The roadmap in {@code bytes}, read from {@code file} (null when the file does not exist). */
    public static Roadmap read(Path file, byte[] bytes) {
        return parse(file, decode(file, bytes)).withUtf8(bytes);
    }

    /** The bytes as text, checked to be UTF-8 text; null bytes are a missing file. */
    static String decode(Path file, byte[] bytes) {
        if (bytes == null) {
            throw RoadmapException.advising(file, 1, 1, "no roadmap here; create one with `wvo init` or point --state at "
                    + "the state directory that has one");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        // The JDK's fast decoding keeps a NUL and puts U+FFFD where the bytes are not UTF-8: only
        // when one of the two is in the text does the careful pass below look for where and why.
        if (text.indexOf('\0') < 0 && text.indexOf('\uFFFD') < 0) {
            return text;
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                int line = 1;
                for (int j = 0; j < i; j++) {
                    line += bytes[j] == '\n' ? 1 : 0;
                }
                throw RoadmapException.advising(file, line, 1, "binary data (a NUL byte) in the file; it is not YAML. "
                        + "Restore it from " + file.getFileName() + ".bak or from git");
            }
        }
        try {
            return BoundedRead.decode(file, bytes);
        } catch (UnreadableStateFileException e) {
            throw RoadmapException.advising(file, e.line(), e.column(), e.problem().replace("save it as UTF-8, or restore it "
                    + "from a backup", "save the roadmap as UTF-8, or restore it from " + file.getFileName() + ".bak"));
        }
    }

    /**
     * The bytes as text, as {@link #decode(Path, byte[])} gives it, decoding only what differs from
     * the bytes of a roadmap read before, when that one's text is ASCII (a byte per char): the
     * rest is taken from its text. A claim reads a 2 MB roadmap that another worker's claim
     * changed in a few lines; decoding and checking all of it cost more than the rest of the read.
     * When what differs is ASCII too, the text is the bytes themselves ({@link AsciiText}): no copy.
     */
    static CharSequence decode(Path file, byte[] bytes, Roadmap before) {
        if (bytes == null || !before.isAscii()) {
            return decode(file, bytes);
        }
        byte[] was = before.utf8();
        int head = Arrays.mismatch(bytes, was);
        if (head < 0) {
            return before.chars();
        }
        int tail = commonTail(bytes, was, Math.min(bytes.length, was.length) - head);
        if (isAsciiText(bytes, head, bytes.length - tail)) {
            return new AsciiText(bytes); // all ASCII, the NUL-free bytes before checked when they were read
        }
        String middle = new String(bytes, head, bytes.length - tail - head, StandardCharsets.UTF_8);
        if (middle.indexOf('\0') >= 0 || middle.indexOf('\uFFFD') >= 0) {
            return decode(file, bytes); // a NUL or bytes that are not UTF-8, said with the line they are on
        }
        String wasText = before.text();
        return wasText.substring(0, head) + middle + wasText.substring(was.length - tail);
    }

    /**
     * Whether {@code bytes[from, to)} are ASCII without a NUL. The stretch runs from the first change
     * to the last, most of a 2 MB roadmap when workers changed tasks far apart: it is read eight
     * bytes at a time (a byte at a time, C1's code took ~1.4 ns a byte, ~3 ms for 2 MB; the JDK's
     * own check for such bytes is not public).
     */
    static boolean isAsciiText(byte[] bytes, int from, int to) {
        int i = from;
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            long word = (long) Longs.LITTLE_ENDIAN.get(bytes, i);
            // a byte with its high bit set, or a zero byte (the classic test: only a zero byte borrows into its own high bit)
            if (((word | (word - 0x0101010101010101L) & ~word) & 0x8080808080808080L) != 0) {
                return false;
            }
        }
        for (; i < to; i++) {
            if (bytes[i] <= 0) {
                return false;
            }
        }
        return true;
    }

    /** How many bytes at the ends of {@code a} and {@code b} are the same, at most {@code limit}: compared a block at a time. */
    static int commonTail(byte[] a, byte[] b, int limit) {
        int tail = 0;
        while (tail < limit) {
            int step = Math.min(4096, limit - tail);
            if (!Arrays.equals(a, a.length - tail - step, a.length - tail, b, b.length - tail - step, b.length - tail)) {
                while (a[a.length - tail - 1] == b[b.length - tail - 1]) {
                    tail++;
                }
                return tail;
            }
            tail += step;
        }
        return tail;
    }

    /** Parses roadmap text; {@code file} is only used in messages. */
    public static Roadmap parse(Path file, String text) {
        TaskListComposer composer = new TaskListComposer(text);
        MappingNode root = document(file, text, composer);
        Node version = value(root, "version");
        Layout layout = version instanceof ScalarNode v && v.getValue().strip().equals("2") ? Layout.NATIVE : Layout.NESTED;
        Node topTasks = value(root, "tasks");
        Node epics = value(root, "epics");
        if (topTasks == null && epics == null) {
            throw shape(file, root, "no `tasks:` or `epics:` at the top level; this is not a roadmap");
        }
        List<RoadmapTask> tasks = new ArrayList<>();
        List<RoadmapWarning> warnings = new ArrayList<>();
        if (epics != null) {
            for (Node epic : items(file, epics, "epics")) {
                if (!(epic instanceof MappingNode epicMap)) {
                    throw shape(file, epic, "each entry of `epics:` must be a mapping, not a " + kind(epic));
                }
                String epicId = scalarText(value(epicMap, "id"));
                collect(file, composer, value(epicMap, "tasks"), epicId, tasks, warnings);
                Node milestones = value(epicMap, "milestones");
                if (milestones != null) {
                    for (Node milestone : items(file, milestones, "milestones")) {
                        if (milestone instanceof MappingNode m) {
                            collect(file, composer, value(m, "tasks"), epicId, tasks, warnings);
                        }
                    }
                }
            }
        }
        collect(file, composer, topTasks, null, tasks, warnings);
        // so far only what collect found: entries that are not tasks, or not to run, which a splice carries
        List<RoadmapWarning> entryWarnings = sortedWarnings(warnings);
        tasks.sort(java.util.Comparator.comparingInt(t -> t.marks().start()));
        // each task was made with its place in the order collected: only tasks that the sort moved
        // (a nested layout's top-level tasks before its epics) are made again with their new one
        for (int i = 0; i < tasks.size(); i++) {
            if (tasks.get(i).index() != i) {
                tasks.set(i, tasks.get(i).withIndex(i));
            }
        }
        warnings.addAll(RoadmapValidator.validate(tasks));
        return new Roadmap(file, text, layout, root, tasks, sortedWarnings(warnings), entryWarnings, composer.anchored(),
                composer.codePoints());
    }

    /** The parsed document of roadmap text, checked to be a mapping; {@code file} is only used in messages. */
    static MappingNode document(Path file, String text) {
        LoaderOptions options = loaderOptions();
        return document(file, text, new Composer(parser(text, options), resolver(), options));
    }

    private static MappingNode document(Path file, String text, Composer composer) {
        Node document;
        try {
            document = composer.getSingleNode();
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            throw new RoadmapException(file, mark == null ? 1 : mark.getLine() + 1, mark == null ? 1 : mark.getColumn() + 1,
                    "YAML syntax: " + problem + context, "Fix the file by hand, or restore " + file.getFileName() + ".bak");
        } catch (org.yaml.snakeyaml.reader.ReaderException e) {
            // a character YAML forbids (a control character): SnakeYAML gives only its offset
            int at = text.offsetByCodePoints(0, Math.min(e.getPosition(), text.codePointCount(0, text.length())));
            int lineStart = text.lastIndexOf('\n', at - 1) + 1;
            int line = (int) text.substring(0, lineStart).chars().filter(c -> c == '\n').count() + 1;
            throw RoadmapException.advising(file, line, at - lineStart + 1, String.format("a character YAML does not "
                    + "allow (U+%04X); remove it, or restore %s.bak", e.getCodePoint(), file.getFileName()));
        } catch (YAMLException e) {
            throw new RoadmapException(file, 1, 1, "YAML: " + e.getMessage());
        }
        if (document == null) {
            throw new RoadmapException(file, 1, 1, "the file is empty; a roadmap has `tasks:` or `epics:`");
        }
        if (!(document instanceof MappingNode root)) {
            throw shape(file, document, "the roadmap must be a mapping with `tasks:` or `epics:` at the top, not a "
                    + kind(document));
        }
        return root;
    }

    /**
     * The one YAML document of {@code text} as nodes with their positions (code points from the
     * text's start). What {@code Yaml.compose} does, without making the {@code Yaml} facade's
     * constructor and representer, which composing never uses: a claim composes the task it
     * changed, and those two were a quarter of that.
     */
    static Node compose(String text) {
        LoaderOptions options = loaderOptions();
        return new Composer(parser(text, options), resolver(), options).getSingleNode();
    }

    static ParserImpl parser(String text, LoaderOptions options) {
        return new ParserImpl(new StreamReader(new StringReader(text)), options);
    }

    /** A document of up to {@link BoundedRead#DOCUMENT} code points; comments are not kept. */
    static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(BoundedRead.DOCUMENT);
        options.setProcessComments(false);
        return options;
    }

    /** Whether a node or one under it carries an anchor (then aliases elsewhere may share it). */
    static boolean isAnchored(Node node) {
        return definesAnchor(node, 0);
    }

    /**
     * Whether {@code node}, a value written at {@code from} or after, defines an anchor, on it or
     * inside it. An alias is given its anchor's node, which stands before the alias: it defines
     * nothing here, and what it names is not looked into.
     */
    static boolean definesAnchor(Node node, int from) {
        if (node.getStartMark().getIndex() < from) {
            return false;
        }
        if (node.getAnchor() != null) {
            return true;
        }
        if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                if (definesAnchor(t.getKeyNode(), from) || definesAnchor(t.getValueNode(), from)) {
                    return true;
                }
            }
        } else if (node instanceof SequenceNode seq) {
            for (Node item : seq.getValue()) {
                if (definesAnchor(item, from)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Warnings in the order of their lines. */
    static List<RoadmapWarning> sortedWarnings(List<RoadmapWarning> warnings) {
        List<RoadmapWarning> sorted = new ArrayList<>(warnings);
        sorted.sort(java.util.Comparator.comparingInt(RoadmapWarning::line));
        return sorted;
    }

    /**
     * The tasks of a task list, and the problems of its entries. A problem that keeps a task from
     * running is a warning on the task's line; an entry that is not a task has one on its own line.
     */
    private static void collect(Path file, TaskListComposer composer, Node list, String epicId, List<RoadmapTask> tasks,
                                List<RoadmapWarning> warnings) {
        if (list == null) {
            return;
        }
        int previousEnd = list.getStartMark().getIndex();
        for (Node item : items(file, list, "tasks")) {
            int line = item.getStartMark().getLine() + 1;
            if (!(item instanceof MappingNode map)) {
                warnings.add(new RoadmapWarning(null, line, "a task entry must be a mapping with an `id:`; this "
                        + kind(item) + " is ignored"));
                continue;
            }
            ComposedTask task = ComposedTask.of(map, composer.text(), composer.codePoints());
            Map<String, Object> fields = task.fields();
            if (fields.get("id") == null || fields.get("id").toString().isBlank()) {
                warnings.add(new RoadmapWarning(null, line, "a task without `id:` is ignored; give it an id"));
                continue;
            }
            String id = fields.get("id").toString();
            if (item.getStartMark().getIndex() < previousEnd) {
                // an alias (`- *name`) is given its anchor's node, with its marks: the item is not a task
                // of its own, and one read as such took the place of the anchor's task (a task added went there)
                warnings.add(new RoadmapWarning(id, line, "a task list repeats this mapping with an alias (*name): the "
                        + "alias item is not read as a task, and a task it repeats does not run; write the task out once, "
                        + "in the list"));
                continue;
            }
            previousEnd = item.getEndMark().getIndex();
            anchorProblem(task).ifPresent(problem -> warnings.add(new RoadmapWarning(id, line, problem)));
            task.marks().unplacedKeyProblem().ifPresent(problem -> warnings.add(new RoadmapWarning(id, line, problem)));
            tasks.add(new RoadmapTask(fields, task.marks(), line, tasks.size(), epicId));
        }
    }

    /**
     * The entries of a task that workers write: the claim, the end of an attempt and the merge of
     * its work ({@code dev.wvo.schedule.TaskBoard}'s claim, finish and recordMerge).
     */
    private static final Set<String> WRITTEN_BY_WORKERS = Set.of("status", "claim", "attempts", "result", "branch", "merge");

    /**
     * Why a task's anchor keeps it from running, if it does. Replacing a value drops an anchor on it
     * or in it, and a task written as a flow mapping is rewritten whole: the aliases of that anchor
     * elsewhere would be left without it, so the store refuses every claim of the task, and each
     * worker that picked it stopped in turn. Named here, the task does not run and the others do.
     */
    private static Optional<String> anchorProblem(ComposedTask task) {
        for (String key : task.anchoredKeys()) {
            if (task.getFlowStyle() == DumperOptions.FlowStyle.FLOW || WRITTEN_BY_WORKERS.contains(key)) {
                return Optional.of("its `" + key + "` carries a YAML anchor (&name), which the workers' writes of "
                        + (task.getFlowStyle() == DumperOptions.FlowStyle.FLOW ? "this task in flow style {...}" : "`" + key + "`")
                        + " would drop; move the anchor out of the task, or write the aliased values out");
            }
        }
        return Optional.empty();
    }

    private static List<Node> items(Path file, Node node, String what) {
        if (node instanceof SequenceNode seq) {
            return seq.getValue();
        }
        if (node instanceof ScalarNode s && (s.getValue().isEmpty() || "null".equals(s.getValue()) || "~".equals(s.getValue()))) {
            return List.of(); // `tasks:` with nothing under it
        }
        throw shape(file, node, "`" + what + ":` must be a list, not a " + kind(node));
    }

    static Node value(MappingNode map, String key) {
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return t.getValueNode();
            }
        }
        return null;
    }

    private static String scalarText(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : null;
    }

    private static String kind(Node node) {
        return switch (node.getNodeId()) {
            case scalar -> "single value";
            case sequence -> "list";
            case mapping -> "mapping";
            default -> node.getNodeId().name();
        };
    }

    private static RoadmapException shape(Path file, Node node, String problem) {
        return new RoadmapException(file, node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1, problem);
    }
}
