package dev.wvo.accounts;

import dev.wvo.events.Event;
import dev.wvo.events.EventFilter;
import dev.wvo.events.EventLog;
import dev.wvo.events.EventReader;
import dev.wvo.events.EventType;
import dev.wvo.spi.Usage;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What every agent run used, kept as {@code usage} events in {@code state/events.jsonl}: the
 * append-only, merge-friendly log that users keep in git, so the ledger needs no file of its own.
 * Each run writes one event with its backend, model, profile, tokens by kind and the cost its CLI
 * reported; {@code wvo cost}, {@code wvo status} and {@code task show} read them back and sum them.
 */
public final class CostLedger {

    private final EventLog events;

    public CostLedger(EventLog events) {
        this.events = events;
    }

    /** Appends the record as one {@code usage} event. */
    public void record(UsageRecord r) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("hop", r.hop());
        d.put("backend", r.backend());
        d.put("account", r.account());
        d.put("model", r.usage().model());
        d.put("profile", r.profile());
        d.put("outcome", r.outcome());
        d.put("input_tokens", r.usage().inputTokens());
        d.put("output_tokens", r.usage().outputTokens());
        d.put("cache_read_tokens", r.usage().cacheReadTokens());
        d.put("cache_write_tokens", r.usage().cacheWriteTokens());
        d.put("cost_usd", r.usage().costUsd());
        events.append(new Event(r.time(), EventType.USAGE.id(), r.worker(), r.task(), r.attempt(), d));
    }

    /** Every run recorded under {@code stateDir}, oldest first. */
    public static List<UsageRecord> read(Path stateDir) {
        return of(EventReader.in(stateDir).read(EventFilter.ALL.withTypes(EventType.USAGE)).events());
    }

    /** The runs among events already read (the others are skipped). */
    public static List<UsageRecord> of(List<Event> events) {
        List<UsageRecord> out = new ArrayList<>();
        for (Event e : events) {
            if (!e.is(EventType.USAGE)) {
                continue;
            }
            Map<String, Object> d = e.details();
            Usage usage = new Usage(text(d.get("model")), number(d.get("input_tokens")), number(d.get("output_tokens")),
                    number(d.get("cache_read_tokens")), number(d.get("cache_write_tokens")),
                    d.get("cost_usd") instanceof Number n ? n.doubleValue() : null);
            out.add(new UsageRecord(e.time(), e.worker(), e.task(), e.attempt() == null ? 0 : e.attempt(),
                    (int) number(d.get("hop")), String.valueOf(d.get("backend")), text(d.get("account")), text(d.get("profile")),
                    text(d.get("outcome")), usage));
        }
        return out;
    }

    /** How runs are grouped by {@link #totals}. */
    public enum By {
        TASK, BACKEND, ACCOUNT, WORKER, DAY;

        /** The group a run falls in; a day is the run's local date in {@code zone}. */
        Function<UsageRecord, String> key(ZoneId zone) {
            return switch (this) {
                case TASK -> r -> r.task() == null ? "-" : r.task();
                case BACKEND -> UsageRecord::backend;
                case ACCOUNT -> UsageRecord::account;
                case WORKER -> r -> r.worker() == null ? "-" : r.worker();
                case DAY -> r -> r.time().atZone(zone).toLocalDate().toString();
            };
        }

        /** The name users write after {@code --by}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The sum of some runs.
     *
     * @param runs  how many runs
     * @param usage their tokens and cost added up (the cost null when none of them reported one)
     */
    public record Total(int runs, Usage usage) {

        public static final Total NONE = new Total(0, Usage.NONE);

        Total plus(UsageRecord r) {
            return new Total(runs + 1, usage.plus(r.usage()));
        }
    }

    /** The runs summed per group, in the groups' order. */
    public static Map<String, Total> totals(List<UsageRecord> records, By by, ZoneId zone) {
        Map<String, Total> out = new TreeMap<>();
        Function<UsageRecord, String> key = by.key(zone);
        for (UsageRecord r : records) {
            out.merge(key.apply(r), Total.NONE.plus(r), (a, b) -> new Total(a.runs() + b.runs(), a.usage().plus(b.usage())));
        }
        return out;
    }

    /** All the runs summed. */
    public static Total total(List<UsageRecord> records) {
        Total t = Total.NONE;
        for (UsageRecord r : records) {
            t = t.plus(r);
        }
        return t;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
