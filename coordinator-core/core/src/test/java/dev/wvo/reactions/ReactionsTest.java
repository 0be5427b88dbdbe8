package dev.wvo.reactions;

import dev.wvo.config.Reaction;
import dev.wvo.config.Trigger;
import dev.wvo.config.ConfigException;
import dev.wvo.config.Config;
import dev.wvo.schedule.InMemoryBoard;
import dev.wvo.schedule.TaskState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReactionsTest {

    @TempDir
    Path dir;

    private Reactions read(String yaml) throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, yaml);
        return new Reactions(Config.read(file).reactions());
    }

    @Test
    void defaults_retryEachTriggerAFewTimes_andFailuresWithinMaxAttempts() throws Exception {
        Reactions d = read("worktree: {mode: off}\n");
        assertThat(d.of(Trigger.MERGE_TEST_FAILED)).isEqualTo(new Reaction(Reaction.Action.RETRY, 2));
        assertThat(d.of(Trigger.MERGE_CONFLICT)).isEqualTo(new Reaction(Reaction.Action.RETRY, 2));
        assertThat(d.of(Trigger.STALLED)).isEqualTo(new Reaction(Reaction.Action.RETRY, 2));
        assertThat(d.of(Trigger.TIMED_OUT)).isEqualTo(new Reaction(Reaction.Action.RETRY, 1));
        assertThat(d.of(Trigger.FAILED)).isEqualTo(new Reaction(Reaction.Action.RETRY, null));
    }

    @Test
    void config_overridesOnlyWhatItNames() throws Exception {
        Reactions r = read("reactions:\n  stalled: {action: block}\n  timed_out: {max: 3}\n  failed: {action: retry}\n");
        assertThat(r.of(Trigger.STALLED)).isEqualTo(new Reaction(Reaction.Action.BLOCK, null));
        assertThat(r.of(Trigger.TIMED_OUT)).isEqualTo(new Reaction(Reaction.Action.RETRY, 3));
        assertThat(r.of(Trigger.FAILED)).isEqualTo(new Reaction(Reaction.Action.RETRY, null));
        assertThat(r.of(Trigger.MERGE_CONFLICT)).isEqualTo(new Reaction(Reaction.Action.RETRY, 2));
    }

    @Test
    void anUnknownTrigger_isAnErrorNamingTheLineAndTheKnownOnes() {
        assertThatThrownBy(() -> read("reactions:\n  stall: {max: 1}\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("config.yaml:2:").hasMessageContaining("reactions.stall")
                .hasMessageContaining("merge_test_failed, merge_conflict, stalled, timed_out, refused, no_changes, failed");
    }

    @Test
    void aWrongActionOrCount_isAnErrorNamingTheLine() {
        assertThatThrownBy(() -> read("reactions:\n  stalled:\n    action: restart\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("config.yaml:3:")
                .hasMessageContaining("retry, block");
        assertThatThrownBy(() -> read("reactions:\n  stalled: {max: -1}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("config.yaml:2:")
                .hasMessageContaining("at least 0");
        assertThatThrownBy(() -> read("reactions:\n  stalled: {max: 2, tries: 1}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("reactions.stalled.tries");
    }

    @Test
    void decide_retriesUpToTheTriggersMax_thenBlocksNamingTriggerAndCount() {
        Reactions r = Reactions.DEFAULTS;
        assertThat(r.decide(Trigger.STALLED, 0, 1, 10, null).retry()).isTrue();
        assertThat(r.decide(Trigger.STALLED, 1, 2, 10, null).retry()).isTrue();
        ReactionDecision third = r.decide(Trigger.STALLED, 2, 3, 10, null);
        assertThat(third.retry()).isFalse();
        assertThat(third.count()).isEqualTo(3);
        assertThat(third.reason()).isEqualTo("stalled 3 times, more than reactions.stalled.max (2) allows");
    }

    @Test
    void decide_blocksWhenMaxAttemptsIsUsed_evenBelowTheTriggersMax() {
        ReactionDecision d = Reactions.DEFAULTS.decide(Trigger.MERGE_TEST_FAILED, 0, 3, 3, null);
        assertThat(d.retry()).isFalse();
        assertThat(d.reason()).isEqualTo("merge_test_failed once and all 3 of its attempts (max_attempts) are used");
    }

    @Test
    void decide_blockActionOrAForbiddenRetry_blocksAtOnce() throws Exception {
        assertThat(read("reactions:\n  timed_out: {action: block}\n").decide(Trigger.TIMED_OUT, 0, 1, 3, null).reason())
                .isEqualTo("timed_out once; reactions.timed_out.action is block");
        assertThat(Reactions.DEFAULTS.decide(Trigger.MERGE_CONFLICT, 0, 1, 3, "worktree.on_conflict is escalate")
                .reason()).isEqualTo("merge_conflict once and worktree.on_conflict is escalate");
    }

    @Test
    void react_countsPerTriggerInTheTasksReactionsField() {
        InMemoryBoard board = new InMemoryBoard(List.of(InMemoryBoard.task("T1", 0, List.of(), List.of(), false, 0)));
        board.update(b -> Reactions.DEFAULTS.react(b, b.tasks().get(0), Trigger.STALLED, 1, null));
        board.update(b -> Reactions.DEFAULTS.react(b, b.tasks().get(0), Trigger.FAILED, 2, null));
        ReactionDecision third = board.update(b -> Reactions.DEFAULTS.react(b, b.tasks().get(0), Trigger.STALLED, 2, null));
        assertThat(board.get("T1").view().extra().get("reactions")).isEqualTo(Map.of("stalled", 2, "failed", 1));
        assertThat(third.count()).isEqualTo(2);
    }

    @Test
    void countsOf_readsAHandEditedFieldLeniently() {
        assertThat(Reactions.countsOf(Map.of("stalled", "2", "failed", "x", "other", 4)))
                .isEqualTo(Map.of(Trigger.STALLED, 2, Trigger.FAILED, 0));
        assertThat(Reactions.countsOf(null)).isEmpty();
    }

    @Test
    void needsAttention_listsTasksWvoBlocked_notOnesWrittenBlocked() {
        TaskState written = withStatus(InMemoryBoard.task("A", 0, List.of(), List.of(), false, 0), "blocked", Map.of());
        TaskState stuck = withStatus(InMemoryBoard.task("B", 0, List.of(), List.of(), false, 1), "blocked",
                Map.of("result", Map.of("outcome", "blocked", "summary", "needs attention: stalled 3 times",
                        "finished_at", "2026-01-01T00:00:00Z"), "reactions", Map.of("stalled", 3)));
        assertThat(NeedsAttention.in(List.of(written, stuck))).containsExactly(new NeedsAttention("B", "title B",
                "needs attention: stalled 3 times", "2026-01-01T00:00:00Z", Map.of("stalled", 3)));
    }

    private static TaskState withStatus(TaskState t, String status, Map<String, Object> extra) {
        var v = t.view();
        return new TaskState(new dev.wvo.spi.TaskView(v.id(), v.title(), v.description(), status, v.domain(), v.epic(),
                v.priority(), v.dependencies(), v.exitCriteria(), v.owns(), v.readonly(), v.command(), v.prompt(),
                v.agent(), v.attempt(), extra), t.attempts(), t.maxAttempts(), null, List.of(), t.fileOrder());
    }
}
