package dev.wvo.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wvo.accounts.ClockTime;
import dev.wvo.accounts.Secrets;
import dev.wvo.events.Event;
import dev.wvo.events.EventCodec;
import dev.wvo.events.EventCursor;
import dev.wvo.events.EventFilter;
import dev.wvo.events.EventType;
import dev.wvo.fs.StateDir;
import dev.wvo.spi.Notification;
import dev.wvo.spi.Notifier;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Tells a person what needs them, following the event log: a worker hands over what was
 * appended since it last looked ({@link #deliverNew}, between tasks and before it waits), and
 * each event of a kind {@code notify.on} names becomes one notification, sent by the first worker
 * to take it ({@link Announcements}), at most once per event, held back while its condition (a
 * task, an account, the pool) notified within {@code notify.quiet} or more than
 * {@code notify.max_per_hour} went out in the last hour. Each is delivered on a thread of its own
 * to every command (the notification as JSON on standard input) and every notifier plugin, with
 * secrets masked as in the logs; a delivery that fails is reported once and never stops a worker.
 */
public final class Notifications implements AutoCloseable {

    /** How long {@link #close} lets deliveries under way finish. */
    static final Duration DRAIN = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NotifySettings settings;
    private final Map<Notifier, Map<String, String>> notifiers;
    private final CommandNotifier commands;
    private final Announcements announcements;
    private final StateDir state;
    private final List<String> secrets;
    private final Consumer<String> terminal;
    private final EventCursor cursor;
    private final ExecutorService delivery;
    private final Set<String> reported = new HashSet<>();

    /**
     * Starts following the log at its end.
     *
     * @param plugins     the notifier plugins by name
     * @param environment the worker's environment: {@code $NAME} settings are read from it, its secrets masked
     * @throws IllegalStateException naming a configured notifier no plugin provides, or a variable not set
     */
    public Notifications(NotifySettings settings, Function<String, Optional<Notifier>> plugins, Announcements announcements,
                         StateDir state, Map<String, String> environment, Consumer<String> terminal) {
        this.settings = settings;
        this.announcements = announcements;
        this.state = state;
        this.terminal = terminal;
        this.secrets = Secrets.of(environment);
        this.notifiers = new LinkedHashMap<>();
        settings.notifiers().forEach((name, values) -> notifiers.put(plugins.apply(name).orElseThrow(() ->
                new IllegalStateException("notify.notifiers names '" + name + "', which no plugin provides; see `wvo "
                        + "plugins list` (the bundled ones are desktop and webhook)")), resolve(name, values, environment)));
        this.commands = new CommandNotifier(settings.commands(), state.root());
        this.cursor = EventCursor.atEnd(state.root(), EventFilter.ALL.withTypes(EventType.NEEDS_ATTENTION, EventType.FAIL,
                EventType.ALL_LIMITED, EventType.BUDGET, EventType.MERGE_CONFLICT, EventType.RECLAIM,
                EventType.RUN_FINISHED));
        this.delivery = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "wvo-notify");
            t.setDaemon(true);
            return t;
        });
    }

    /** Notifies what the log gained since the last call, as the settings say. */
    public void deliverNew() {
        for (Event event : cursor.next()) {
            Optional<Notice> notice = Notice.of(event);
            if (notice.isEmpty() || !settings.on().contains(notice.get().kind())) {
                continue;
            }
            Notice n = notice.get();
            Announcements.Admission admission = announcements.admit(n.key(), n.kind().id() + ":" + n.subject(),
                    settings.quiet(), settings.maxPerHour());
            if (admission.send()) {
                Notification notification = notification(n, event, admission.heldBack());
                delivery.execute(() -> deliver(notification));
            }
        }
    }

    /** Lets deliveries under way finish (at most {@link #DRAIN}), then stops. */
    @Override
    public void close() {
        delivery.shutdown();
        try {
            if (!delivery.awaitTermination(DRAIN.toMillis(), TimeUnit.MILLISECONDS)) {
                terminal.accept("wvo: notifications still being delivered after " + DRAIN.toSeconds() + " s were dropped");
                delivery.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            delivery.shutdownNow();
        }
    }

    private Notification notification(Notice n, Event event, int heldBack) {
        String text = n.text() + (heldBack == 0 ? "" : "\n(" + heldBack + " more notification" + (heldBack == 1
                ? " was" : "s were") + " held back by the rate cap: see wvo events)");
        ObjectNode json = JSON.createObjectNode();
        json.put("kind", n.kind().id());
        json.put("title", n.title());
        json.put("text", text);
        json.put("time", event.time().toString());
        json.put("state", state.root().toAbsolutePath().toString());
        json.put("held_back", heldBack);
        try {
            json.set("event", JSON.readTree(EventCodec.encode(event)));
        } catch (IOException e) {
            json.put("event", new String(EventCodec.encode(event), java.nio.charset.StandardCharsets.UTF_8));
        }
        return new Notification(n.kind().id(), mask(n.title()), mask(text), event.time(), mask(json.toString()));
    }

    private void deliver(Notification notification) {
        for (String problem : commands.send(notification)) {
            reportOnce(problem);
        }
        notifiers.forEach((notifier, values) -> {
            try {
                notifier.send(notification, values);
            } catch (IOException | RuntimeException e) {
                reportOnce("the " + notifier.name() + " notifier could not deliver: " + mask(String.valueOf(e.getMessage())));
            }
        });
    }

    private synchronized void reportOnce(String problem) {
        if (reported.add(problem)) {
            terminal.accept("wvo: " + problem);
        }
    }

    private String mask(String text) {
        return Secrets.mask(text, secrets);
    }

    /** A notifier's settings with each {@code $NAME} replaced by that variable's value. */
    private static Map<String, String> resolve(String notifier, Map<String, String> values, Map<String, String> environment) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((key, value) -> out.put(key, Secrets.resolve(value, environment,
                "notify.notifiers." + notifier + "." + key, "change the setting")));
        return out;
    }

    /** Why an event notifies: its kind, condition, and words for a person; empty for events that do not. */
    record Notice(NoticeKind kind, String subject, String key, String title, String text) {

        static Optional<Notice> of(Event e) {
            Map<String, Object> d = e.details();
            String task = e.task();
            String summary = text(d.get("summary"));
            String id = e.type() + "|" + e.time() + "|" + e.worker() + "|" + task + "|" + e.attempt();
            if (e.knownType() == null) {
                return Optional.empty();
            }
            return switch (e.knownType()) {
                case NEEDS_ATTENTION -> Optional.of(attention(task, e.attempt(), summary));
                case FAIL -> "blocked".equals(d.get("status")) ? Optional.of(attention(task, e.attempt(), summary))
                        : Optional.empty();
                case ALL_LIMITED -> Optional.of(new Notice(NoticeKind.ALL_LIMITED, "pool", id,
                        "wvo: all agents are limited until " + clockTime(d.get("until")),
                        "Every account of every live worker is limited; " + d.get("account") + " resets first, at "
                                + clockTime(d.get("until")) + " (" + text(d.get("reason")) + "). Workers wait and go on "
                                + "by themselves; see wvo limits."));
                case BUDGET -> Optional.of(new Notice(NoticeKind.BUDGET, d.get("scope") + ":" + d.get("subject"), id,
                        "wvo: budget reached (" + d.get("scope") + " " + d.get("subject") + ")",
                        summary + "; wvo " + d.get("action") + ". See wvo cost."));
                case MERGE_CONFLICT -> "pending".equals(d.get("status")) ? Optional.empty()
                        : Optional.of(new Notice(NoticeKind.MERGE_STUCK, String.valueOf(task), id,
                        "wvo: the merge queue is stuck on " + task,
                        "The branch " + d.get("branch") + " of " + task + " cannot land on " + d.get("target") + " ("
                                + d.get("kind") + "); see wvo merge-queue list."));
                case RECLAIM -> Optional.of(new Notice(NoticeKind.WORKER_DIED, String.valueOf(d.get("dead_worker")), id,
                        "wvo: worker " + d.get("dead_worker") + " died",
                        "Worker " + d.get("dead_worker") + " died during attempt " + e.attempt() + " of " + task
                                + "; the task is " + d.get("status") + " again."));
                case RUN_FINISHED -> Optional.of(new Notice(NoticeKind.RUN_FINISHED, "run", id,
                        "wvo: the run is finished", summary));
                default -> Optional.empty();
            };
        }

        private static Notice attention(String task, Integer attempt, String summary) {
            // the fail event and the needs-attention event of one block are one notification
            return new Notice(NoticeKind.NEEDS_ATTENTION, String.valueOf(task), "attention|" + task + "|" + attempt,
                    "wvo: " + task + " needs a person", task + " is blocked: " + summary
                    + " (wvo task show " + task + ", then wvo task reset or resolve)");
        }

        /** An event's time as the worker's own lines say it ({@link ClockTime}); as written when it is no time. */
        private static String clockTime(Object value) {
            try {
                return ClockTime.of(Instant.parse(String.valueOf(value)));
            } catch (DateTimeParseException e) {
                return text(value);
            }
        }

        private static String text(Object value) {
            return value == null ? "" : value.toString();
        }
    }
}
