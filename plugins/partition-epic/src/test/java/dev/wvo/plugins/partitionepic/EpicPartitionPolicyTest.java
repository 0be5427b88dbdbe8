package dev.wvo.plugins.partitionepic;

import dev.wvo.spi.TaskView;
import dev.wvo.spi.WorkerOptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EpicPartitionPolicyTest {

    private static TaskView task(String id, String epic) {
        return TaskView.builder(id).title(id).epic(epic).build();
    }

    @Test
    void preferredEpicsFirst_fallbackOptional() {
        List<TaskView> candidates = List.of(task("a", "WAVE-1"), task("b", "WAVE-0"), task("c", "WAVE-2"));
        EpicPartitionPolicy policy = new EpicPartitionPolicy();
        assertThat(policy.select(new WorkerOptions("w", List.of(), List.of("WAVE-0"), true, Map.of()), candidates)
                .stream().map(TaskView::id)).containsExactly("b", "a", "c");
        assertThat(policy.select(new WorkerOptions("w", List.of(), List.of("WAVE-0"), false, Map.of()), candidates)
                .stream().map(TaskView::id)).containsExactly("b");
    }
}
