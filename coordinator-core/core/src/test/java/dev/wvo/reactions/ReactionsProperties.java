package dev.wvo.reactions;

import dev.wvo.config.Reaction;
import dev.wvo.config.Trigger;
import dev.wvo.schedule.InMemoryBoard;
import dev.wvo.schedule.TaskState;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over any sequence of attempt endings, a task driven by the reactions is never retried beyond a
 * trigger's max or its max_attempts, and is blocked exactly when one of them is hit.
 */
class ReactionsProperties {

    @Property
    void neverRetriedBeyondACap_andBlockedExactlyWhenOneIsHit(
            @ForAll("reactions") Reactions reactions,
            @ForAll @IntRange(min = 1, max = 8) int maxAttempts,
            @ForAll @Size(max = 30) List<@net.jqwik.api.From("endings") Optional<Trigger>> endings) {
        TaskState start = InMemoryBoard.task("T", 0, List.of(), List.of(), false, 0);
        InMemoryBoard board = new InMemoryBoard(List.of(new TaskState(start.view(), 0, maxAttempts, null, List.of(), 0)));
        Map<Trigger, Integer> seen = new EnumMap<>(Trigger.class);
        int attempts = 0;
        for (Optional<Trigger> ending : endings) {
            if (ending.isEmpty()) {
                break; // a success ends the task
            }
            attempts++;
            Trigger t = ending.get();
            int used = attempts;
            // the counts come back from the task's reactions: field, as a worker reads them
            ReactionDecision d = board.update(b -> reactions.react(b, b.tasks().get(0), t, used, null));
            seen.merge(t, 1, Integer::sum);
            Reaction r = reactions.of(t);
            assertThat(d.count()).isEqualTo(seen.get(t));
            assertThat(Reactions.countsOf(board.get("T").view().extra().get(Reactions.FIELD))).isEqualTo(seen);
            boolean capHit = r.action() == Reaction.Action.BLOCK || (r.max() != null && d.count() > r.max())
                    || attempts >= maxAttempts;
            assertThat(d.retry()).as("retry exactly when no cap is hit").isEqualTo(!capHit);
            assertThat(attempts).as("never an attempt beyond max_attempts").isLessThanOrEqualTo(maxAttempts);
            int retries = d.retry() ? d.count() : d.count() - 1;
            if (r.max() != null) {
                assertThat(retries).as("never retried beyond the trigger's max").isLessThanOrEqualTo(r.max());
            }
            if (!d.retry()) {
                assertThat(d.reason()).contains(t.key()).contains(d.count() == 1 ? "once" : d.count() + " times");
                break; // a blocked task is not run again
            }
        }
    }

    @Provide
    Arbitrary<Reactions> reactions() {
        Arbitrary<Reaction> one = Arbitraries.oneOf(
                Arbitraries.just(new Reaction(Reaction.Action.BLOCK, null)),
                Arbitraries.just(new Reaction(Reaction.Action.RETRY, null)),
                Arbitraries.integers().between(0, 5).map(m -> new Reaction(Reaction.Action.RETRY, m)));
        return one.list().ofSize(Trigger.values().length).map(list -> {
            Map<Trigger, Reaction> map = new EnumMap<>(Trigger.class);
            for (Trigger t : Trigger.values()) {
                map.put(t, list.get(t.ordinal()));
            }
            return new Reactions(map);
        });
    }

    @Provide
    Arbitrary<Optional<Trigger>> endings() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Optional.<Trigger>empty())),
                net.jqwik.api.Tuple.of(9, Arbitraries.of(Trigger.class).map(Optional::of)));
    }
}
