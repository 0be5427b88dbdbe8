package dev.wvo.cli.shell;

import dev.wvo.cli.render.EventSentences;
import dev.wvo.events.Event;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Events as the dashboards say them: local times, durations, and the attempt's cost folded in. */
class EventSentencesTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Instant NOW = Instant.parse("2026-12-05T11:30:00Z");

    private static Event event(String time, String type, String worker, String task, Integer attempt, Object... kv) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            details.put((String) kv[i], kv[i + 1]);
        }
        return new Event(Instant.parse(time), type, worker, task, attempt, details);
    }

    @Test
    void aFinishedAttempt_saysHowLongAndWhatItCost_inLocalTime() {
        List<String> lines = new EventSentences(PARIS, NOW).of(List.of(
                event("2026-12-05T11:00:48Z", "claim", "worker2", "T9", 1, "agent", "claude"),
                event("2026-12-05T11:03:59Z", "usage", "worker2", "T9", 1, "cost_usd", 0.25),
                event("2026-12-05T11:03:59Z", "usage", "worker2", "T9", 1, "cost_usd", 0.16),
                event("2026-12-05T11:04:00Z", "complete", "worker2", "T9", 1, "seconds", 192.4, "accepted", true)));

        assertThat(lines).containsExactly("12:00 worker2 started T9 with claude", "12:04 worker2 finished T9 in 3m12s, $0.41");
    }

    @Test
    void failuresReclaimsMergesAndAttention_readAsSentences_andAnotherDayShowsItsDate() {
        List<String> lines = new EventSentences(PARIS, NOW).of(List.of(
                event("2026-12-04T09:00:00Z", "fail", "worker1", "T3", 2, "seconds", 5.0, "outcome", "timeout",
                        "status", "pending"),
                event("2026-12-05T10:00:00Z", "reclaim", "worker3", "T4", 1, "dead_worker", "worker1", "status", "pending"),
                event("2026-12-05T10:01:00Z", "merge", "worker3", "T4", null, "target", "main"),
                event("2026-12-05T10:02:00Z", "merge-conflict", "worker3", "T5", null, "paths", List.of("a.txt", "b.txt")),
                event("2026-12-05T10:03:00Z", "needs-attention", "worker3", "T5", 1, "reason", "3 merge conflicts"),
                event("2026-12-05T10:04:00Z", "something-new", null, null, null, "k", "v")));

        assertThat(lines).containsExactly(
                "Dec 4 10:00 worker1 failed T3 (attempt 2) in 5s: timeout; the task is pending now",
                "11:00 worker3 took T4 back from worker1, which died; the task is pending now",
                "11:01 worker3 merged T4's branch into main",
                "11:02 merging T5 stopped: conflict in a.txt, b.txt",
                "11:03 T5 needs a person: 3 merge conflicts",
                "11:04 wvo something-new k=v");
    }
}
