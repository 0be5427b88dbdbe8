package dev.wvo.roadmap;

import dev.wvo.schedule.Runnability;
import dev.wvo.schedule.TaskState;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 21, defect 16: a dependency cycle is named once, however long; none of its tasks runs. */
class RoadmapCyclesTest {

    private static final Path FILE = Path.of("roadmap.yaml");

    @Test
    void aCycle_isOneWarning_onItsFirstTaskInTheFile_andNoneOfItsTasksRuns() {
        Roadmap roadmap = RoadmapReader.parse(FILE, "tasks:\n"
                + "  - {id: B, dependencies: [C]}\n"
                + "  - {id: A, dependencies: [B]}\n"
                + "  - {id: C, dependencies: [A]}\n"
                + "  - {id: D, dependencies: [D]}\n"
                + "  - {id: E}\n");

        assertThat(roadmap.warnings()).extracting(RoadmapWarning::toString).containsExactlyInAnyOrder(
                "line 2: dependency cycle B -> C -> A -> B; remove one of these dependencies",
                "line 5: depends on itself; remove D from its dependencies");
        List<TaskState> states = RoadmapBoardStore.statesOf(roadmap);
        Runnability runnability = new Runnability(states);
        assertThat(states.stream().filter(t -> runnability.blockerOf(t).isEmpty()).map(TaskState::id)).containsExactly("E");
    }

    @Test
    void aCycleThroughFiveThousandTasks_isOneShortWarning() {
        int n = 5000;
        StringBuilder text = new StringBuilder("tasks:\n");
        for (int i = 0; i < n; i++) {
            text.append("  - {id: T").append(i).append(", dependencies: [T").append((i + 1) % n).append("]}\n");
        }

        Roadmap roadmap = RoadmapReader.parse(FILE, text.toString());

        assertThat(roadmap.warnings()).singleElement().satisfies(w -> {
            assertThat(w.line()).isEqualTo(2);
            assertThat(w.message()).startsWith("dependency cycle of 5000 tasks T0 -> T1 -> ")
                    .contains("... 4989 more ... -> T4999 -> T0;").hasSizeLessThan(300);
        });
    }

    @Test
    void aChainOfDependenciesAsLongAsTheRoadmap_isNoCycle_andDoesNotOverflowTheStack() {
        int n = 20_000;
        StringBuilder text = new StringBuilder("tasks:\n");
        for (int i = 0; i < n; i++) {
            text.append("  - {id: T").append(i).append(i + 1 < n ? ", dependencies: [T" + (i + 1) + "]" : "").append("}\n");
        }

        assertThat(RoadmapReader.parse(FILE, text.toString()).warnings()).isEmpty();
    }
}
