package dev.wvo.roadmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Shifts against the plain arrays they stand for: one shift per task. */
class ShiftsProperties {

    private static final int TASKS = 40;

    record Step(int at, int chars, int cps, int lines) {
    }

    @Property(tries = 300)
    void theSumOfTwoShifts_movesEachTaskByBoth_andWrittenIntoThePlacesGivesTheSame(@ForAll("steps") List<Step> mine,
                                                                                 @ForAll("steps") List<Step> added) {
        Shifts a = shifts(mine);
        Shifts b = shifts(added);
        Shifts sum = a.plus(b);
        int[][] places = {new int[TASKS], new int[TASKS], new int[TASKS]};
        Shifts.writeInto(sum, new int[][] {places[0]}, new int[][] {places[1]}, new int[][] {places[2]});
        for (int k = 0; k < TASKS; k++) {
            int[] expected = {value(mine, k, 1) + value(added, k, 1), value(mine, k, 2) + value(added, k, 2),
                    value(mine, k, 3) + value(added, k, 3)};
            int s = sum.stretchOf(k);
            assertThat(new int[] {sum.chars(s), sum.cps(s), sum.lines(s)}).as("task %d", k).containsExactly(expected);
            assertThat(new int[] {places[0][k], places[1][k], places[2][k]}).as("written, task %d", k).containsExactly(expected);
        }
    }

    /** Builds the steps in order of their first tasks, a later step for the same task replacing the earlier. */
    private static Shifts shifts(List<Step> steps) {
        Shifts.Builder builder = new Shifts.Builder();
        steps.stream().sorted(java.util.Comparator.comparingInt(Step::at))
                .forEach(s -> builder.add(s.at(), s.chars(), s.cps(), s.lines()));
        return builder.build();
    }

    /** What the steps give task {@code k}: the last step at or before it (by first task, then list order), else 0. */
    private static int value(List<Step> steps, int k, int which) {
        Step last = null;
        for (Step s : steps.stream().sorted(java.util.Comparator.comparingInt(Step::at)).toList()) {
            if (s.at() <= k) {
                last = s;
            }
        }
        if (last == null) {
            return 0;
        }
        return which == 1 ? last.chars() : which == 2 ? last.cps() : last.lines();
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> amount = Arbitraries.integers().between(-5, 5);
        return net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, TASKS - 1), amount, amount, amount)
                .as(Step::new).list().ofMaxSize(8);
    }
}
