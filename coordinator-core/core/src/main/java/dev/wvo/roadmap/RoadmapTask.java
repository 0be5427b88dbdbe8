package dev.wvo.roadmap;

import dev.wvo.schedule.Claim;
import dev.wvo.schedule.TaskState;
import dev.wvo.spi.TaskView;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One task as read from the roadmap: every field as written (in file order, unknown ones
 * included), typed accessors for the fields wvo owns, and where the task stands in the file.
 */
public final class RoadmapTask {

    /** Statuses wvo knows; others (like {@code needs_improvement}) are kept as written and never run. */
    public static final Set<String> KNOWN_STATUSES = Set.of("pending", "in_progress", "done", "failed", "blocked");
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    private final Map<String, Object> fields;
    /** Where its mapping and entries stand; null for a task {@link RoadmapCache} kept, read again if edited ({@link Roadmap#marked}). */
    private final TaskMarks marks;
    private final int base;
    private final int line;
    private final int index;
    private final String enclosingEpic;
    /** The view, made once and shared by the copies that only move the task in the file. */
    private final ViewCache view;

    RoadmapTask(Map<String, Object> fields, TaskMarks marks, int line, int index, String enclosingEpic) {
        this(Collections.unmodifiableMap(fields), marks, 0, line, index, enclosingEpic, new ViewCache());
    }

    /**
     * @param fields unmodifiable already: the copies that move a task share its map (a splice's
     *               {@link MovedTasks} makes one per task asked for, up to every task of the roadmap)
     */
    private RoadmapTask(Map<String, Object> fields, TaskMarks marks, int base, int line, int index,
                        String enclosingEpic, ViewCache view) {
        this.fields = fields;
        this.marks = marks;
        this.base = base;
        this.line = line;
        this.index = index;
        this.enclosingEpic = enclosingEpic;
        this.view = view;
    }

    RoadmapTask withFields(Map<String, Object> newFields) {
        return new RoadmapTask(Collections.unmodifiableMap(newFields), marks, base, line, index, enclosingEpic, new ViewCache());
    }

    RoadmapTask withIndex(int newIndex) {
        return new RoadmapTask(fields, marks, base, line, newIndex, enclosingEpic, view);
    }

    /**
     * The same task where edits earlier in the file moved it by {@code cps} code points and
     * {@code lines} lines: its text and marks unchanged; this task itself when it did not move.
     */
    RoadmapTask movedBy(int cps, int lines) {
        return cps == 0 && lines == 0 ? this : new RoadmapTask(fields, marks, base + cps, line + lines, index, enclosingEpic, view);
    }

    /** A task parsed from a piece of the file ({@link RoadmapSplice}) whose marks count from {@code base}; null marks for a task that is only read. */
    static RoadmapTask parsedAt(Map<String, Object> fields, TaskMarks marks, int base, int line, int index,
                                String enclosingEpic) {
        // a kept task's fields are read-only already, and the cache's writer copies them by knowing their class
        Map<String, Object> readOnly = fields instanceof RoadmapCache.KeptFields ? fields : Collections.unmodifiableMap(fields);
        return new RoadmapTask(readOnly, marks, base, line, index, enclosingEpic, new ViewCache());
    }

    /** Every field as written, in file order. */
    public Map<String, Object> fields() {
        return fields;
    }

    TaskMarks marks() {
        return marks;
    }

    /**
     * Where the marks count from, in code points of the roadmap's text: 0 for a task of a
     * whole-file parse, the start of its piece for a task parsed alone.
     */
    int base() {
        return base;
    }

    /** The task's epic as its place in the file gives it (for a task moved or re-read by a splice). */
    String enclosingEpic() {
        return enclosingEpic;
    }

    /** 1-based line where the task starts. */
    public int line() {
        return line;
    }

    /** Position among all tasks of the file, from 0. */
    public int index() {
        return index;
    }

    public String id() {
        Object id = fields.get("id");
        return id == null ? null : id.toString();
    }

    public String title() {
        return text("title");
    }

    public String description() {
        return text("description");
    }

    public String status() {
        String s = text("status");
        return s == null ? "pending" : s;
    }

    public String domain() {
        return text("domain");
    }

    /** The task's own {@code epic} or {@code epic_id}, else the id of the epic it stands under. */
    public String epic() {
        String own = text("epic");
        if (own == null) {
            own = text("epic_id");
        }
        return own != null ? own : enclosingEpic;
    }

    public List<String> dependencies() {
        return strings("dependencies");
    }

    public List<String> exitCriteria() {
        return strings("exit_criteria");
    }

    public List<String> owns() {
        return strings("owns");
    }

    public boolean readonly() {
        Object r = fields.get("readonly");
        return r instanceof Boolean b ? b : r != null && "true".equalsIgnoreCase(r.toString());
    }

    /** Numbers as written; the words real roadmaps use map to critical 4, high 3, medium 2, low 1. */
    public int priority() {
        Object p = fields.get("priority");
        if (p instanceof Number n) {
            return n.intValue();
        }
        if (p == null) {
            return 0;
        }
        return switch (p.toString().strip().toLowerCase(Locale.ROOT)) {
            case "critical", "p0" -> 4;
            case "high", "p1" -> 3;
            case "medium", "normal", "p2" -> 2;
            case "low", "p3" -> 1;
            default -> 0;
        };
    }

    public String command() {
        return text("command");
    }

    public String prompt() {
        return text("prompt");
    }

    public String agent() {
        return text("agent");
    }

    public int attempts() {
        return number("attempts", 0);
    }

    public int maxAttempts() {
        return number("max_attempts", DEFAULT_MAX_ATTEMPTS);
    }

    /**
     * The current claim, or null. Read once per task as read, and shared by its copies: the view
     * and the state of a task read again both ask for it, and {@link Instant#parse} of its time was
     * ~5 % of a claim's CPU under the roadmap lock.
     */
    public Claim claim() {
        Object known = view.claim;
        if (known != ViewCache.UNREAD) {
            return (Claim) known;
        }
        Claim read = readClaim();
        view.claim = read;
        return read;
    }

    private Claim readClaim() {
        if (!(fields.get("claim") instanceof Map<?, ?> c) || c.get("worker") == null) {
            return null;
        }
        Instant at;
        try {
            at = Instant.parse(String.valueOf(c.get("claimed_at")));
        } catch (RuntimeException e) {
            at = Instant.EPOCH;
        }
        Object attempt = c.get("attempt");
        Object presence = c.get("presence");
        return new Claim(c.get("worker").toString(), at, attempt instanceof Number n ? n.intValue() : attempts() + 1,
                presence instanceof Number p ? p.longValue() : Claim.UNKNOWN_PRESENCE);
    }

    /**
     * The scheduler's state of this task when the roadmap finds no problem in it; made once per
     * task as read, and shared by the copies that only move it in the file: the same state object
     * for the same text is what lets a claim judge again only the tasks whose state is another
     * ({@link Roadmap#states()}, {@code TaskOrder.of}, {@code ReadyTasks}).
     */
    TaskState state() {
        TaskState made = view.state;
        if (made == null || made.fileOrder() != index) {
            made = new TaskState(view(), attempts(), maxAttempts(), claim(), List.of(), index);
            view.state = made;
        }
        return made;
    }

    /** The view plugins get; made once per task as read. */
    public TaskView view() {
        TaskView made = view.value;
        if (made == null) {
            made = makeView();
            view.value = made;
        }
        return made;
    }

    private TaskView makeView() {
        // One immutable copy of the fields, without the nulls the view refuses, read for the view's
        // own fields too: the view keeps it as it is (Map.copyOf of an immutable map is no copy),
        // and a kept task's fields are decoded once, straight into it (RoadmapCache's forEach).
        List<Map.Entry<String, Object>> present = new ArrayList<>(fields.size());
        fields.forEach((key, value) -> {
            if (value != null) {
                present.add(Map.entry(key, value));
            }
        });
        @SuppressWarnings("unchecked")
        Map<String, Object> extra = Map.ofEntries(present.toArray(new Map.Entry[0]));
        // absent and null read the same in every getter, so the copy answers as the fields would
        RoadmapTask t = new RoadmapTask(extra, marks, base, line, index, enclosingEpic, view);
        Claim claim = t.claim();
        return TaskView.builder(t.id()).title(t.title()).description(t.description()).status(t.status())
                .domain(t.domain()).epic(t.epic()).priority(t.priority()).dependencies(t.dependencies())
                .exitCriteria(t.exitCriteria()).owns(t.owns()).readonly(t.readonly()).command(t.command())
                .prompt(t.prompt()).agent(t.agent()).attempt(claim != null ? claim.attempt() : t.attempts() + 1)
                .extra(extra).build();
    }

    private String text(String key) {
        Object v = fields.get(key);
        return v == null ? null : v.toString();
    }

    private int number(String key, int otherwise) {
        Object v = fields.get(key);
        if (v instanceof Number n) {
            return n.intValue();
        }
        try {
            return v == null ? otherwise : Integer.parseInt(v.toString().strip());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** A list of strings, a single string, or a list of small maps ({@code critic: build}) as text. */
    private List<String> strings(String key) {
        Object v = fields.get(key);
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> m) {
                    List<String> parts = new ArrayList<>();
                    m.forEach((a, b) -> parts.add(a + ": " + b));
                    out.add(String.join(", ", parts));
                } else if (item != null) {
                    out.add(item.toString());
                }
            }
        } else if (v != null && !v.toString().isBlank()) {
            out.add(v.toString());
        }
        return out;
    }

    /** A view, a state and a claim made at most once (a race makes them twice, equal both times: they are values). */
    private static final class ViewCache {
        /** The claim not read yet: a task without one has a null claim. */
        private static final Object UNREAD = new Object();
        private volatile TaskView value;
        private volatile TaskState state;
        private volatile Object claim = UNREAD;
    }

    @Override
    public String toString() {
        return id() + " (line " + line + ")";
    }
}
