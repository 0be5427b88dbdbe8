package dev.wvo.gitmerge;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventsMergeTest {

    private static final String E1 = "{\"time\":\"2026-11-22T10:00:00Z\",\"type\":\"task_claimed\",\"task\":\"a\"}";
    private static final String E2 = "{\"time\":\"2026-11-22T10:01:00Z\",\"type\":\"task_claimed\",\"task\":\"b\"}";
    private static final String E3 = "{\"time\":\"2026-11-22T10:02:00Z\",\"type\":\"task_done\",\"task\":\"a\"}";
    private static final String E4 = "{\"time\":\"2026-11-22T10:03:00Z\",\"type\":\"task_done\",\"task\":\"b\"}";

    @Test
    void everyEventOfBothSidesOnceInTimeOrder() {
        String ours = E1 + "\n" + E3 + "\n";
        String theirs = E1 + "\n" + E2 + "\n" + E4 + "\n";

        EventsMergeResult result = EventsMerge.merge(ours, theirs);

        assertThat(result.text()).isEqualTo(E1 + "\n" + E2 + "\n" + E3 + "\n" + E4 + "\n");
        assertThat(result.unreadable()).isEmpty();
    }

    @Test
    void linesThatAreNotEventsAreKeptAtTheEndInOrderAndReported() {
        String ours = E3 + "\n{\"time\": broken\n";
        String theirs = "not json at all\n" + E1 + "\n";

        EventsMergeResult result = EventsMerge.merge(ours, theirs);

        assertThat(result.text()).isEqualTo(E1 + "\n" + E3 + "\n{\"time\": broken\nnot json at all\n");
        assertThat(result.unreadable()).containsExactly("{\"time\": broken", "not json at all");
    }

    @Test
    void mergingWithItselfGivesItBack() {
        String log = E1 + "\n" + E2 + "\n";

        assertThat(EventsMerge.merge(log, log).text()).isEqualTo(log);
    }
}
