package dev.wvo.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wvo.spi.TaskView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The tasks a claim keeps as possibly runnable from the last claim's verdicts are exactly those
 * that a fresh judgement of every task finds runnable or kept back by ownership alone; and the
 * candidates a claim offers from them are the candidates of every task judged afresh. Checked
 * while tasks change state between claims (done, claimed, failed, queued for merging) on roadmaps
 * with duplicate ids, unknown dependencies, cycles and overlapping ownership, and when some
 * claims make an order but keep no verdicts (one that failed between the two): the next claim's
 * order then knows only the changes since the order before it, not since the verdicts kept.
 */
class ReadyTasksProperties {

    private static final List<String> STATUSES = List.of("pending", "pending", "done", "in_progress", "failed");
    private static final List<String> MERGES = List.of("", "", "queued", "merged");
    private static final List<String> OWNS = List.of("src/a", "src/a/x.ts", "src/b", "docs");

    record Spec(String id, List<Integer> deps, int status, int merge, int owns) {
    }

    @Property(tries = 300)
    void keptVerdicts_agreeWithAFreshJudgementOfEveryTask(@ForAll("roadmaps") List<Spec> specs,
                                                          @ForAll("changes") List<List<Integer>> changes,
                                                          @ForAll("judgedOrNot") List<Boolean> judged,
                                                          @ForAll boolean stackOnQueued) {
        List<TaskState> tasks = states(specs);
        TaskOrder order = new TaskOrder(tasks);
        ReadyTasks ready = ReadyTasks.of(tasks, new Runnability(tasks, stackOnQueued, order), order, stackOnQueued, null);
        assertAgrees(ready, tasks, order, stackOnQueued);
        for (int c = 0; c < changes.size(); c++) {
            List<Integer> change = changes.get(c);
            int at = change.get(0) % specs.size();
            Spec s = specs.get(at);
            specs = new ArrayList<>(specs);
            specs.set(at, new Spec(s.id(), s.deps(), change.get(1), change.get(2), change.get(3)));
            List<TaskState> now = states(specs);
            // the same states for the tasks that did not change, as a re-read roadmap gives them
            for (int i = 0; i < now.size(); i++) {
                if (i != at) {
                    now.set(i, tasks.get(i));
                }
            }
            order = TaskOrder.of(now, order);
            if (judged.get(c % judged.size())) {
                ready = ReadyTasks.of(now, new Runnability(now, stackOnQueued, order), order, stackOnQueued, ready);
                assertAgrees(ready, now, order, stackOnQueued);
            }
            tasks = now;
        }
    }

    private static void assertAgrees(ReadyTasks ready, List<TaskState> tasks, TaskOrder order, boolean stackOnQueued) {
        Runnability fresh = new Runnability(tasks, stackOnQueued);
        List<TaskState> expected = tasks.stream()
                .filter(t -> fresh.blockingKind(t).map(k -> k == Blocker.Kind.OWNERSHIP).orElse(true)).toList();
        List<TaskState> kept = Arrays.stream(ready.positions()).mapToObj(tasks::get).toList();
        assertThat(kept).containsExactlyElementsOf(expected);
        // ordered by position from the priorities and counts the order keeps, as the claim orders them
        assertThat(order.inOrder(ready.positions()).toList()).containsExactlyElementsOf(order.sort(expected));
        Runnability withKeptFlags = new Runnability(tasks, stackOnQueued, order);
        for (TaskState task : tasks) {
            assertThat(withKeptFlags.blockerOf(task)).isEqualTo(fresh.blockerOf(task));
        }
        for (boolean isolate : new boolean[] {false, true}) {
            Claimant claimant = Claimant.notStarted("w1").withRules(new ClaimRules(stackOnQueued, isolate));
            assertThat(FirstClaims.candidates(kept, withKeptFlags::ownershipKind, order, claimant))
                    .isEqualTo(FirstClaims.candidates(tasks, fresh::blockingKind, new TaskOrder(tasks), claimant));
        }
    }

    private static List<TaskState> states(List<Spec> specs) {
        List<TaskState> states = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Spec s = specs.get(i);
            List<String> deps = s.deps().stream().map(d -> d < specs.size() ? specs.get(d).id() : "unknown" + d).toList();
            String status = STATUSES.get(s.status());
            Map<String, Object> extra = new HashMap<>();
            if (!MERGES.get(s.merge()).isEmpty()) {
                extra.put("merge", MERGES.get(s.merge()));
                extra.put("branch", "wvo/" + s.id());
            }
            // a priority that a change of the task changes too, so that the order's kept priorities are checked
            TaskView view = TaskView.builder(s.id()).title(s.id()).status(status).dependencies(deps).priority(s.merge() - s.owns())
                    .owns(s.owns() < OWNS.size() ? List.of(OWNS.get(s.owns())) : List.of()).extra(extra).build();
            Claim claim = status.equals("in_progress") ? new Claim("w" + i, Instant.EPOCH, 1, Claim.UNKNOWN_PRESENCE) : null;
            states.add(new TaskState(view, 0, 3, claim, List.of(), i));
        }
        return states;
    }

    @Provide
    Arbitrary<List<Spec>> roadmaps() {
        // ids from a small set, so that some repeat; dependencies anywhere, so that some form cycles
        Arbitrary<String> id = Arbitraries.integers().between(0, 30).map(i -> "T" + i);
        Arbitrary<List<Integer>> deps = Arbitraries.integers().between(0, 35).list().ofMaxSize(3);
        return Combinators.combine(id, deps, Arbitraries.integers().between(0, STATUSES.size() - 1),
                Arbitraries.integers().between(0, MERGES.size() - 1), Arbitraries.integers().between(0, OWNS.size()))
                .as(Spec::new).list().ofMinSize(1).ofMaxSize(30);
    }

    /** Whether each claim keeps its verdicts: mostly, as claims do. */
    @Provide
    Arbitrary<List<Boolean>> judgedOrNot() {
        return Arbitraries.frequency(Tuple.of(3, true), Tuple.of(1, false)).list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<List<List<Integer>>> changes() {
        return Combinators.combine(Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, STATUSES.size() - 1),
                Arbitraries.integers().between(0, MERGES.size() - 1), Arbitraries.integers().between(0, OWNS.size()))
                .as(List::of).list().ofMaxSize(8);
    }
}
