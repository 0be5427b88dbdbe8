package dev.wvo.cli;

import dev.wvo.cli.render.TerminalText;
import dev.wvo.cli.render.EventLines;
import dev.wvo.events.Event;
import dev.wvo.events.EventCodec;
import dev.wvo.events.EventFilter;
import dev.wvo.events.EventFollower;
import dev.wvo.events.EventHistory;
import dev.wvo.events.EventReader;
import dev.wvo.events.EventType;
import dev.wvo.events.UnreadableLine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** {@code wvo events}: the event log {@code <state>/events.jsonl}, whole or followed. */
@Command(name = "events",
        header = "Show the event log (claims, completions, failures, merges, conflicts, lock events).",
        description = {"Prints every event of <state>/events.jsonl that passes the filters, oldest first, one per "
                + "line: time (UTC), type, worker, task#attempt, details. --json prints each event as the JSON "
                + "line stored in the log, for jq.",
                "Lines of the log that are not events are skipped and reported on stderr with file:line.",
                "--follow prints the log and then each new event as it is appended, until Ctrl-C (exit 0)."},
        footerHeading = "%nExamples:%n",
        footer = {"  wvo events --task T-12",
                "  wvo events --follow --type claim,complete,fail",
                "  wvo events --json | jq -r 'select(.type == \"fail\") | .task'"})
final class EventsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new events as they are appended, until Ctrl-C.")
    private boolean follow;

    @Mixin
    private JsonOption json;

    @Option(names = "--task", paramLabel = "ID", description = "Only events of this task.")
    private String task;

    @Option(names = "--worker", paramLabel = "W", description = "Only events of this worker.")
    private String worker;

    @Option(names = "--type", paramLabel = "T", split = ",",
            description = "Only events of these types (repeatable, or comma-separated): ${COMPLETION-CANDIDATES}.",
            completionCandidates = KnownTypes.class)
    private List<String> types = List.of();

    @Override
    public Integer call() throws InterruptedException {
        EventFilter filter = new EventFilter(task, worker, checkedTypes());
        WvoCommand global = WvoCommand.of(spec);
        EventReader reader = EventReader.in(global.stateDirectory());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EventLines lines = new EventLines(global.palette());
        Consumer<Event> print = event -> {
            out.println(json.on() ? EventCodec.toJson(event) : lines.format(event));
            out.flush();
        };
        Consumer<UnreadableLine> report = line -> {
            err.println("wvo: " + TerminalText.line(line.describe()));
            err.flush();
        };
        return follow ? follow(reader, filter, print, report) : printAll(reader, filter, lines, print, report, out);
    }

    private int printAll(EventReader reader, EventFilter filter, EventLines lines, Consumer<Event> print,
                         Consumer<UnreadableLine> report, PrintWriter out) {
        EventHistory history;
        try {
            history = reader.read(filter);
        } catch (UncheckedIOException e) {
            throw new CommandFailure(ExitCodes.FAILURE, e.getMessage() + "; check its permissions", e);
        }
        history.events().forEach(lines::fit);
        history.events().forEach(print);
        history.unreadable().forEach(report);
        if (history.events().isEmpty() && !json.on()) {
            out.println("No events" + (filter.equals(EventFilter.ALL) ? "" : " matching the filters")
                    + " in " + reader.file() + ".");
        }
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * Follows until Ctrl-C. SIGINT is taken over (rather than left to end the JVM with 130) because
     * stopping a tail is its normal end, not a failure: it closes the follower and the command
     * exits 0. The handler is in place before the follower starts, so an early Ctrl-C is not lost.
     * {@code sun.misc.Signal} (module jdk.unsupported, kept by JEP 260 until a public API replaces
     * it) is the only way to handle SIGINT alone; javac warns about it for that reason. A shutdown
     * hook could not tell Ctrl-C from SIGTERM, which should still end with 143.
     */
    private int follow(EventReader reader, EventFilter filter, Consumer<Event> print, Consumer<UnreadableLine> report)
            throws InterruptedException {
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicReference<EventFollower> running = new AtomicReference<>();
        Signal interrupt = new Signal("INT");
        SignalHandler previous = Signal.handle(interrupt, signal -> {
            interrupted.set(true);
            EventFollower follower = running.get();
            if (follower != null) {
                follower.close();
            }
        });
        try {
            EventFollower follower = reader.follow(filter, true, print, report);
            running.set(follower);
            if (interrupted.get()) {
                follower.close();
            }
            try (follower) {
                follower.await();
            }
        } catch (UncheckedIOException e) {
            throw new CommandFailure(ExitCodes.FAILURE, e.getMessage() + "; check its permissions", e);
        } finally {
            Signal.handle(interrupt, previous);
        }
        return ExitCodes.OK;
    }

    private Set<String> checkedTypes() {
        Set<String> known = Arrays.stream(EventType.values()).map(EventType::id).collect(Collectors.toSet());
        Set<String> unknown = types.stream().filter(t -> !known.contains(t)).collect(Collectors.toCollection(LinkedHashSet::new));
        if (!unknown.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Unknown event type(s) for --type: "
                    + String.join(", ", unknown) + "; known types: " + String.join(", ", new KnownTypes()));
        }
        return Set.copyOf(types);
    }

    /** The event types this wvo writes, for help and completion. */
    static final class KnownTypes implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(EventType.values()).map(EventType::id).iterator();
        }
    }
}
