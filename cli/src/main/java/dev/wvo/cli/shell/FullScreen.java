package dev.wvo.cli.shell;

import dev.wvo.cli.render.StatusWords;
import dev.wvo.fs.StateDir;
import dev.wvo.status.StatusSnapshot;
import dev.wvo.worker.WorkerControl;
import dev.wvo.worker.WorkerStatus;
import org.jline.keymap.BindingReader;
import org.jline.keymap.KeyMap;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code wvo shell} on a terminal: the whole screen, redrawn in place (JLine's {@link Display}
 * writes only what changed) when the state changes, as {@link StateWatcher} reports it; keys act
 * at once; {@code :} opens the command line at the bottom, with wvo's commands, completion and
 * history. One thread reads keys and acts; one draws. However busy the workers are, the drawing
 * thread reads the state at most every {@link #MIN_READ_MILLIS}, less often when a read is dear
 * ({@link ReadPacer}); the agents' last lines at most every {@link #MIN_LAST_LINE_MILLIS} (a
 * followed worker's output every {@link #MIN_OUTPUT_MILLIS}); redraws every second for the ages
 * (without reading); and re-reads every {@link #RECHECK_MILLIS} (or as the pacer allows) for what no file tells (a worker
 * that died).
 */
public final class FullScreen {

    /** The shortest time between two reads of the state, so a burst of writes costs one read. */
    static final long MIN_READ_MILLIS = 1000;
    /** The share of one core reading the state may take, however big the roadmap. */
    static final double READ_SHARE = 0.005;
    /** The shortest time between two reads of a followed worker's output: four times a second reads as live. */
    static final long MIN_OUTPUT_MILLIS = 250;
    /** The shortest time between two reads of the last output lines of the workers panel. */
    static final long MIN_LAST_LINE_MILLIS = 1000;
    /** How often the state is read although no file changed (a dead worker's process changes none), if reads are cheap. */
    static final long RECHECK_MILLIS = 5000;
    private static final long TICK_MILLIS = 1000;
    private static final int FOLLOW_LINES = 2000;

    private enum Op {
        NEXT_PANEL, WORKERS, TASKS, MERGES, EVENTS, UP, DOWN, PAGE_UP, PAGE_DOWN, END, ENTER, BACK, PAUSE, STOP,
        MORE, FEWER, RESET, FILTER, HELP, COMMAND, QUIT, REDRAW, WORKER_1
    }

    private final ShellCommands commands;
    private final Terminal terminal;
    private final StateDir state;
    private final Path historyFile;
    private final Panels.Styles styles;
    private final Clock clock;
    private final ZoneId zone;
    private final ViewState view = new ViewState();
    private final ReentrantLock screen = new ReentrantLock();
    private final Condition wake = screen.newCondition();
    private final Display display;
    private StatusSnapshot snapshot;
    private String readProblem;
    private boolean stateChanged = true;
    private boolean outputChanged = true;
    /** A key or a resize changed what is shown: draw at once, without reading. */
    private boolean redraw = true;
    private boolean paused;
    private boolean ended;
    /** True while {@code merge-queue next} runs for {@code m}. */
    private boolean landing;
    private long lastRead;
    private final ReadPacer pacer = new ReadPacer(MIN_READ_MILLIS, READ_SHARE, RECHECK_MILLIS);
    private Map<String, String> lastOutput = Map.of();
    private List<String> followed = List.of();
    private List<String> help;
    private StateWatcher watcher;

    /**
     * @param commands    the shell's commands, bound to the state
     * @param terminal    a terminal that can address the cursor (not a dumb one)
     * @param state       the state directory shown
     * @param historyFile the command line's history
     * @param color       false under {@code NO_COLOR}: bold and inverse only
     */
    public FullScreen(ShellCommands commands, Terminal terminal, StateDir state, Path historyFile, boolean color,
                      Clock clock, ZoneId zone) {
        this.commands = commands;
        this.terminal = terminal;
        this.state = state;
        this.historyFile = historyFile;
        this.styles = new Panels.Styles(color);
        this.clock = clock;
        this.zone = zone;
        this.display = new Display(terminal, true);
    }

    /** True if {@code NO_COLOR} is absent or empty (no-color.org) and the terminal has colours. */
    public static boolean colorFor(Terminal terminal, Map<String, String> environment) {
        String noColor = environment.get("NO_COLOR");
        Integer colors = terminal.getNumericCapability(Capability.max_colors);
        return (noColor == null || noColor.isEmpty()) && colors != null && colors >= 8;
    }

    /**
     * Runs the view until {@code q}, Ctrl-C or {@code quit}; the terminal is given back as it was.
     *
     * @return the exit status: 0
     */
    public int run() throws IOException {
        Attributes saved = terminal.enterRawMode();
        Attributes raw = new Attributes(terminal.getAttributes());
        raw.setLocalFlag(Attributes.LocalFlag.ISIG, false); // Ctrl-C is a key here: it leaves cleanly
        terminal.setAttributes(raw);
        Terminal.SignalHandler previousWinch = terminal.handle(Terminal.Signal.WINCH, s -> resized());
        terminal.puts(Capability.enter_ca_mode);
        terminal.puts(Capability.keypad_xmit);
        terminal.puts(Capability.cursor_invisible);
        terminal.flush();
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("wvo")
                .completer(commands.completer()).variable(LineReader.HISTORY_FILE, historyFile).build();
        help = helpPage();
        Thread drawer = new Thread(this::drawLoop, "wvo-shell-draw");
        drawer.setDaemon(true);
        try (StateWatcher watcher = new StateWatcher(state, new StateWatcher.Listener() {
            @Override
            public void stateChanged() {
                signal(true, false);
            }

            @Override
            public void outputChanged() {
                signal(false, true);
            }
        })) {
            this.watcher = watcher;
            resized();
            drawer.start();
            readKeys(reader, raw);
        } finally {
            signalEnd();
            try {
                drawer.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            terminal.handle(Terminal.Signal.WINCH, previousWinch);
            terminal.puts(Capability.cursor_visible);
            terminal.puts(Capability.keypad_local);
            terminal.puts(Capability.exit_ca_mode);
            terminal.setAttributes(saved);
            terminal.flush();
            try {
                reader.getHistory().save();
            } catch (IOException e) {
                terminal.writer().println("wvo shell: cannot save the history: " + e.getMessage());
            }
        }
        return 0;
    }

    private KeyMap<Op> keys() {
        KeyMap<Op> keys = new KeyMap<>();
        keys.bind(Op.NEXT_PANEL, "\t");
        keys.bind(Op.WORKERS, "w");
        keys.bind(Op.TASKS, "t");
        keys.bind(Op.MERGES, "m");
        keys.bind(Op.EVENTS, "e");
        keys.bind(Op.UP, KeyMap.key(terminal, Capability.key_up), "k", "\033[A", "\033OA");
        keys.bind(Op.DOWN, KeyMap.key(terminal, Capability.key_down), "j", "\033[B", "\033OB");
        keys.bind(Op.PAGE_UP, KeyMap.key(terminal, Capability.key_ppage), "\033[5~");
        keys.bind(Op.PAGE_DOWN, KeyMap.key(terminal, Capability.key_npage), "\033[6~");
        keys.bind(Op.END, KeyMap.key(terminal, Capability.key_end), "\033[F", "\033OF", "\033[4~", "G");
        keys.bind(Op.ENTER, "\r", "\n");
        keys.bind(Op.BACK, KeyMap.esc());
        keys.bind(Op.PAUSE, "p");
        keys.bind(Op.STOP, "s");
        keys.bind(Op.MORE, "+");
        keys.bind(Op.FEWER, "-");
        keys.bind(Op.RESET, "r");
        keys.bind(Op.FILTER, "/");
        keys.bind(Op.HELP, "?");
        keys.bind(Op.COMMAND, ":");
        keys.bind(Op.QUIT, "q", KeyMap.ctrl('C'), KeyMap.ctrl('D'));
        keys.bind(Op.REDRAW, KeyMap.ctrl('L'));
        for (char c = '1'; c <= '9'; c++) {
            keys.bind(Op.WORKER_1, String.valueOf(c));
        }
        keys.setAmbiguousTimeout(100); // Esc alone returns at once; an arrow's Esc-[ sequence still reads whole
        return keys;
    }

    private void readKeys(LineReader reader, Attributes raw) {
        BindingReader bindings = new BindingReader(terminal.reader());
        KeyMap<Op> keys = keys();
        while (true) {
            Op op = bindings.readBinding(keys);
            if (op == null || op == Op.QUIT) {
                return;
            }
            boolean prompt = op == Op.COMMAND || op == Op.FILTER;
            screen.lock();
            try {
                if (prompt) {
                    paused = true; // the line is read at the bottom of a still screen
                } else if (!act(op, bindings.getLastBinding())) {
                    continue;
                }
            } finally {
                screen.unlock();
            }
            if (prompt && commandLine(reader, raw, op == Op.FILTER)) {
                return;
            }
            redrawSoon();
        }
    }

    /** Does what a key asks, under the screen's lock; false if nothing changed. */
    private boolean act(Op op, String key) {
        List<StatusSnapshot.WorkerLine> workers = snapshot == null ? List.of() : snapshot.workers();
        switch (op) {
            case NEXT_PANEL -> view.next();
            case WORKERS -> view.focus = ViewState.Panel.WORKERS;
            case TASKS -> view.focus = ViewState.Panel.TASKS;
            case MERGES -> {
                if (view.focus == ViewState.Panel.MERGES && view.followed == null && !view.help) {
                    landNext();
                } else {
                    view.focus = ViewState.Panel.MERGES;
                }
            }
            case EVENTS -> view.focus = ViewState.Panel.EVENTS;
            case WORKER_1 -> {
                int n = key.charAt(0) - '1';
                if (n >= workers.size()) {
                    view.answer = List.of("there is no worker " + (n + 1) + " (" + workers.size() + " listed)");
                } else {
                    view.focus = ViewState.Panel.WORKERS;
                    view.worker = n;
                }
            }
            case UP, DOWN, PAGE_UP, PAGE_DOWN, END -> move(op);
            case ENTER -> enter(workers);
            case BACK -> {
                view.followed = null;
                view.help = false;
                view.scrollBack = 0;
                view.answer = List.of();
                outputChanged = true;
            }
            case PAUSE -> selectedWorker(workers).ifPresent(w -> answer(commands.run(List.of("worker",
                    w.record().status() == WorkerStatus.PAUSED || commands.requestFor(w.id()) == WorkerControl.Request.PAUSE
                            ? "resume" : "pause", w.id()))));
            case STOP -> selectedWorker(workers).ifPresent(w -> answer(commands.run(List.of("worker", "stop", w.id()))));
            case MORE -> answer(commands.spawnAnother());
            case FEWER -> answer(commands.stopOne());
            case RESET -> reset();
            case HELP -> {
                view.help = !view.help;
                view.scrollBack = 0;
            }
            case REDRAW -> display.clear();
            default -> {
                return false;
            }
        }
        return true;
    }

    private void move(Op op) {
        int page = Math.max(1, terminal.getHeight() / 2);
        if (view.followed != null || view.help) {
            int delta = switch (op) {
                case UP -> view.help ? -1 : 1;
                case DOWN -> view.help ? 1 : -1;
                case PAGE_UP -> view.help ? -page : page;
                case PAGE_DOWN -> view.help ? page : -page;
                default -> -view.scrollBack;
            };
            view.scrollBack = Math.max(0, view.scrollBack + delta);
            return;
        }
        int delta = switch (op) {
            case UP -> -1;
            case DOWN -> 1;
            case PAGE_UP -> -page;
            case PAGE_DOWN -> page;
            default -> Integer.MAX_VALUE / 2;
        };
        switch (view.focus) {
            case WORKERS -> view.worker = clamp(view.worker + delta, Math.min(Panels.WORKER_ROWS,
                    snapshot == null ? 0 : snapshot.workers().size()));
            case TASKS -> view.task = clamp(view.task + delta, snapshot == null ? 0 : Panels.filtered(snapshot, view).size());
            case MERGES -> view.merge = clamp(view.merge + delta, snapshot == null ? 0
                    : Math.min(Panels.QUEUE_ROWS, StatusWords.openEntries(snapshot).size()));
            case EVENTS -> {
            }
        }
    }

    private static int clamp(int value, int size) {
        return Math.max(0, Math.min(value, size - 1));
    }

    private void enter(List<StatusSnapshot.WorkerLine> workers) {
        switch (view.focus) {
            case WORKERS -> selectedWorker(workers).ifPresent(w -> {
                view.followed = w.id();
                view.scrollBack = 0;
                view.answer = List.of();
                outputChanged = true;
            });
            case TASKS -> selectedTask().ifPresent(t -> answer(commands.run(List.of("task", "show", t.id()))));
            case MERGES -> {
                List<StatusSnapshot.QueueLine> open = snapshot == null ? List.of() : StatusWords.openEntries(snapshot);
                if (view.merge < open.size() && open.get(view.merge).needsAttention()) {
                    answer(commands.run(List.of("merge-queue", "retry", open.get(view.merge).id())));
                } else {
                    answer(List.of("Enter retries a merge stopped on a conflict or failing tests, after you fixed its "
                            + "branch; m lands the next queued entry now (workers land them too)"));
                }
            }
            case EVENTS -> answer(commands.run(List.of("events", "--last", "20")));
        }
    }

    /**
     * {@code m} on the merge-queue panel: {@code wvo merge-queue next}, on a thread of its own,
     * since it runs the test command and may take minutes; the screen stays live meanwhile and
     * shows its answer when it is done.
     */
    private void landNext() {
        if (landing) {
            view.answer = List.of("the next merge is being landed already: its answer comes here");
            return;
        }
        landing = true;
        view.answer = List.of("landing the next merge (merge-queue next)…");
        Thread lander = new Thread(() -> {
            List<String> out = commands.run(List.of("merge-queue", "next"));
            screen.lock();
            try {
                landing = false;
                answer(out);
                redraw = true;
                wake.signal();
            } finally {
                screen.unlock();
            }
        }, "wvo-shell-merge");
        lander.setDaemon(true);
        lander.start();
    }

    private Optional<StatusSnapshot.WorkerLine> selectedWorker(List<StatusSnapshot.WorkerLine> workers) {
        if (view.followed != null) {
            return workers.stream().filter(w -> w.id().equals(view.followed)).findFirst();
        }
        if (workers.isEmpty()) {
            view.answer = List.of("no worker yet: + starts one like the last, : spawn --agent NAME starts the first");
            return Optional.empty();
        }
        return Optional.of(workers.get(Math.min(view.worker, workers.size() - 1)));
    }

    private Optional<StatusSnapshot.TaskLine> selectedTask() {
        List<StatusSnapshot.TaskLine> tasks = snapshot == null ? List.of() : Panels.filtered(snapshot, view);
        if (tasks.isEmpty()) {
            view.answer = List.of("no task selected");
            return Optional.empty();
        }
        return Optional.of(tasks.get(Math.min(view.task, tasks.size() - 1)));
    }

    private void reset() {
        if (view.focus != ViewState.Panel.TASKS) {
            view.answer = List.of("r resets the selected task of the tasks panel: t, then ↑/↓ to choose it");
            return;
        }
        selectedTask().ifPresent(t -> answer("blocked".equals(t.status()) || "failed".equals(t.status())
                ? commands.run(List.of("task", "reset", t.id()))
                : List.of("r resets a blocked or failed task; " + t.id() + " is " + t.status().replace('_', ' '))));
    }

    private void answer(List<String> lines) {
        view.answer = lines.isEmpty() ? List.of("(done)") : lines;
        stateChanged = true; // what the command did shows at once
    }

    /**
     * The command line at the bottom of the screen, or the filter's: read with the line reader
     * (completion, history) while the drawing thread waits; true if the line was {@code quit}.
     */
    private boolean commandLine(LineReader reader, Attributes raw, boolean filter) {
        terminal.puts(Capability.cursor_address, terminal.getHeight() - 1, 0);
        terminal.puts(Capability.clr_eol);
        terminal.puts(Capability.cursor_visible);
        terminal.flush();
        String line;
        try {
            line = filter ? reader.readLine("/", null, view.filter.text()) : reader.readLine(": ");
        } catch (UserInterruptException | EndOfFileException e) {
            line = null;
        } finally {
            terminal.setAttributes(raw);
            terminal.puts(Capability.cursor_invisible);
        }
        screen.lock();
        try {
            if (line != null && filter) {
                try {
                    view.filter = TaskFilter.parse(line);
                    view.focus = ViewState.Panel.TASKS;
                    view.task = 0;
                    view.answer = List.of();
                } catch (IllegalArgumentException e) {
                    view.answer = List.of("error: " + e.getMessage());
                }
            } else if (line != null && ShellCommands.isQuit(line)) {
                return true;
            } else if (line != null && !line.isBlank()) {
                List<String> out = new ArrayList<>();
                out.add(": " + line.strip());
                out.addAll(commands.run(line));
                answer(out);
            }
            paused = false;
            display.clear();
        } finally {
            screen.unlock();
        }
        return false;
    }

    private List<String> helpPage() {
        List<String> page = new ArrayList<>(List.of(
                "Keys",
                "  Tab           the next panel; w workers, t tasks, m merge queue, e events",
                "  m             on the merge queue: land the next ready entry now (merge-queue next)",
                "  1-9           select that worker (the # column); ↑/↓ (or k/j) move in the focused panel",
                "  Enter         workers: follow the selected worker's live agent output (Esc returns)",
                "                tasks: show the task; merge queue: retry a stopped merge; events: the last 20",
                "  p             pause the selected worker after its task, or resume it if paused",
                "  s             stop the selected worker after its task",
                "  + / -         start one more worker like the last spawn / stop the newest",
                "  r             reset the selected blocked or failed task to pending",
                "  /             filter tasks: status:pending epic:E domain:D worker:W and words; empty clears",
                "  :             a wvo command line (Tab completes; Enter runs; quit leaves the shell)",
                "  Esc           back: leave the followed output or help, clear the last answer",
                "  Ctrl-L        redraw   q or Ctrl-C   leave (workers keep running)",
                "",
                "Commands after : are wvo's own, run with this shell's --state and options:"));
        page.addAll(commands.run("help"));
        return page;
    }

    private void resized() {
        screen.lock();
        try {
            Size size = terminal.getSize();
            display.resize(Math.max(1, size.getRows()), Math.max(1, size.getColumns()));
            display.clear();
            redraw = true;
            wake.signal();
        } finally {
            screen.unlock();
        }
    }

    private void redrawSoon() {
        screen.lock();
        try {
            redraw = true;
            wake.signal();
        } finally {
            screen.unlock();
        }
    }

    private void signal(boolean state, boolean output) {
        screen.lock();
        try {
            stateChanged |= state;
            outputChanged |= output;
            wake.signal();
        } finally {
            screen.unlock();
        }
    }

    private void signalEnd() {
        screen.lock();
        try {
            ended = true;
            wake.signal();
        } finally {
            screen.unlock();
        }
    }

    /**
     * The drawing thread: waits for a change, a key or the next tick; reads what changed, each
     * kind at its own pace, and draws. Agents write output many times a second and workers rewrite
     * the state files at every step: reading at the pace they write would cost a core.
     */
    private void drawLoop() {
        screen.lock();
        try {
            long lastOutput = 0;
            long lastDraw = 0;
            while (!ended) {
                long now = System.currentTimeMillis();
                boolean read = pacer.untilDue(stateChanged, now - lastRead) <= 0;
                if (read) {
                    pacer.read(this::read);
                    lastRead = now;
                }
                // a followed worker's output is watched; the others' last lines are read on the tick
                boolean following = view.followed != null;
                long outputPause = following ? MIN_OUTPUT_MILLIS : MIN_LAST_LINE_MILLIS;
                boolean output = read || (outputChanged || !following && working()) && now - lastOutput >= outputPause;
                if (output) {
                    outputChanged = false;
                    readOutput();
                    lastOutput = now;
                }
                if (!paused && (read || output || redraw || now - lastDraw >= TICK_MILLIS)) {
                    redraw = false;
                    draw();
                    lastDraw = now;
                }
                long next = Math.min(lastDraw + TICK_MILLIS, lastRead + pacer.untilDue(stateChanged, 0));
                if (outputChanged || !following && working()) {
                    next = Math.min(next, lastOutput + outputPause);
                }
                wake.await(Math.max(1, next - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            screen.unlock();
        }
    }

    private void read() {
        stateChanged = false;
        try {
            snapshot = commands.snapshot();
            readProblem = null;
        } catch (RuntimeException e) {
            readProblem = "cannot read the state: " + e.getMessage();
        }
    }

    /** True if a worker of the last snapshot has a task: its agent may be printing. */
    private boolean working() {
        return snapshot != null && snapshot.workers().stream().anyMatch(w -> w.alive() && w.record().task() != null);
    }

    /** The last line of every working worker's output, and the followed worker's tail; watches its folder. */
    private void readOutput() {
        if (snapshot == null) {
            return;
        }
        OutputTail.Lines lines = OutputTail.of(state, snapshot.workers(), view.followed, FOLLOW_LINES);
        lastOutput = lines.last();
        followed = lines.followed();
        if (watcher != null) {
            watcher.watchOutput(lines.followedDir());
        }
    }

    private void draw() {
        Size size = terminal.getSize();
        int width = Math.max(20, size.getColumns());
        int height = Math.max(5, size.getRows());
        List<AttributedString> lines;
        if (snapshot == null) {
            lines = new ArrayList<>(List.of(new AttributedString("wvo shell - "
                    + (readProblem == null ? "reading the state…" : readProblem))));
        } else {
            Instant now = clock.instant();
            lines = Panels.render(new Panels.Frame(snapshot, lastOutput, followed, now, zone, help), view,
                    width, height, styles);
            if (readProblem != null) {
                lines.set(0, new AttributedString("wvo shell - " + readProblem, styles.bad()));
            }
        }
        display.update(lines, size.cursorPos(height - 1, 0));
        terminal.flush();
    }
}
