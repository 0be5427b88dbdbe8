package dev.wvo.plugins.partitiondomain;

import dev.wvo.spi.TaskView;
import dev.wvo.spi.WorkerOptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DomainPartitionPolicyTest {

    private static TaskView task(String id, String domain) {
        return TaskView.builder(id).title(id).domain(domain).build();
    }

    private final List<TaskView> candidates = List.of(task("a", "web"), task("b", "mcp"), task("c", null),
            task("d", "web"), task("e", "ml"));

    private static List<String> ids(List<TaskView> tasks) {
        return tasks.stream().map(TaskView::id).toList();
    }

    @Test
    void preferredDomainsFirst_inTheGivenOrder_thenTheRest() {
        WorkerOptions options = new WorkerOptions("w1", List.of("mcp", "web"), List.of(), true, Map.of());
        assertThat(ids(new DomainPartitionPolicy().select(options, candidates))).containsExactly("b", "a", "d", "c", "e");
    }

    @Test
    void withoutFallback_onlyThePreferredDomains() {
        WorkerOptions options = new WorkerOptions("w1", List.of("web"), List.of(), false, Map.of());
        assertThat(ids(new DomainPartitionPolicy().select(options, candidates))).containsExactly("a", "d");
    }

    @Test
    void noPreference_keepsTheSchedulersOrder() {
        WorkerOptions options = new WorkerOptions("w1", List.of(), List.of("E1"), false, Map.of());
        assertThat(ids(new DomainPartitionPolicy().select(options, candidates))).containsExactly("a", "b", "c", "d", "e");
    }
}
