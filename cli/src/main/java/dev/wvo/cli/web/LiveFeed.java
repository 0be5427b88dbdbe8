package dev.wvo.cli.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.wvo.cli.render.Json;
import dev.wvo.cli.shell.OutputTail;
import dev.wvo.cli.shell.ReadPacer;
import dev.wvo.cli.shell.ShellCommands;
import dev.wvo.cli.shell.StateWatcher;
import dev.wvo.fs.StateDir;
import dev.wvo.status.StatusSnapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;

/**
 * The page's data as it changes: reads the state when {@link StateWatcher} says it changed (at
 * most every {@link #MIN_READ_MILLIS}, less often when a read is dear ({@link ReadPacer})), and
 * every {@link #RECHECK_MILLIS} (or as the pacer allows) for what no file tells (a worker that died); reads the working
 * agents' last output lines every {@link #OUTPUT_MILLIS} without reading the state again; and
 * hands each new document to every open event stream. A document equal to the last one is not
 * sent again.
 */
final class LiveFeed implements StateWatcher.Listener, AutoCloseable {

    static final long MIN_READ_MILLIS = 1000;
    /** The share of one core reading the state may take, however big the roadmap. */
    static final double READ_SHARE = 0.005;
    static final long RECHECK_MILLIS = 5000;
    /** How often the working agents' last lines are read: the page shows them as the shell does. */
    static final long OUTPUT_MILLIS = 1000;

    private final ShellCommands commands;
    private final StateDir state;
    private final Clock clock;
    private final ZoneId zone;
    private final Set<BlockingQueue<String>> streams = new CopyOnWriteArraySet<>();
    private final StateWatcher watcher;
    private final Thread thread;
    private final Object lock = new Object();
    private boolean changed = true;
    private boolean closed;
    private String latest;
    /** The last snapshot read, and the last lines of output shown with it. */
    private StatusSnapshot snapshot;
    private Map<String, String> lastOutput = Map.of();
    private final ReadPacer pacer = new ReadPacer(MIN_READ_MILLIS, READ_SHARE, RECHECK_MILLIS);

    LiveFeed(ShellCommands commands, StateDir state, Clock clock, ZoneId zone) throws IOException {
        this.commands = commands;
        this.state = state;
        this.clock = clock;
        this.zone = zone;
        this.watcher = new StateWatcher(state, this);
        publish();
        thread = new Thread(this::run, "wvo-serve-feed");
        thread.setDaemon(true);
        thread.start();
    }

    /** The last document, for a page that connects. */
    String latest() {
        synchronized (lock) {
            return latest;
        }
    }

    /** From now on, each new document is offered to {@code stream}. */
    void subscribe(BlockingQueue<String> stream) {
        streams.add(stream);
    }

    void unsubscribe(BlockingQueue<String> stream) {
        streams.remove(stream);
    }

    @Override
    public void stateChanged() {
        synchronized (lock) {
            changed = true;
            lock.notifyAll();
        }
    }

    /** Never called: the feed watches no agent's folder, it reads the last lines on its own tick. */
    @Override
    public void outputChanged() {
    }

    private void run() {
        long lastRead = System.currentTimeMillis();
        long lastOutputRead = lastRead;
        synchronized (lock) {
            while (!closed) {
                long now = System.currentTimeMillis();
                long since = now - lastRead;
                if (pacer.untilDue(changed, since) <= 0) {
                    changed = false;
                    pacer.read(this::publish);
                    lastRead = lastOutputRead = System.currentTimeMillis();
                    continue;
                }
                boolean working = working();
                if (working && now - lastOutputRead >= OUTPUT_MILLIS) {
                    publishOutput();
                    lastOutputRead = System.currentTimeMillis();
                    continue;
                }
                long next = pacer.untilDue(changed, since);
                if (working) {
                    next = Math.min(next, OUTPUT_MILLIS - (now - lastOutputRead));
                }
                try {
                    lock.wait(Math.max(1, next));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** True if a worker of the last snapshot has a task: its agent may be printing. */
    private boolean working() {
        return snapshot != null && snapshot.workers().stream().anyMatch(w -> w.alive() && w.record().task() != null);
    }

    /** Reads the state and the agents' last lines, and sends the document if it differs from the last. */
    private void publish() {
        String document;
        try {
            StatusSnapshot s = commands.snapshot();
            Map<String, String> output = OutputTail.of(state, s.workers(), null, 1).last();
            synchronized (lock) {
                snapshot = s;
                lastOutput = output;
            }
            document = document(s, output);
        } catch (RuntimeException e) {
            document = problem("cannot read the state: " + e.getMessage());
        }
        send(document);
    }

    /** Reads only the agents' last lines; sends the document of the last snapshot with them if they changed. */
    private void publishOutput() {
        Map<String, String> output = OutputTail.of(state, snapshot.workers(), null, 1).last();
        if (!output.equals(lastOutput)) {
            lastOutput = output;
            send(document(snapshot, output));
        }
    }

    private String document(StatusSnapshot s, Map<String, String> output) {
        try {
            return Json.COMPACT.writeValueAsString(PageJson.of(s, output, clock.instant(), zone));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void send(String document) {
        synchronized (lock) {
            if (document.equals(latest)) {
                return;
            }
            latest = document;
        }
        for (BlockingQueue<String> stream : streams) {
            stream.offer(document);
        }
    }

    private static String problem(String message) {
        return Json.MAPPER.createObjectNode().put("problem", message).toString();
    }

    @Override
    public void close() throws IOException {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        watcher.close();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
