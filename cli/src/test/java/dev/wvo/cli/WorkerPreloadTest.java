package dev.wvo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The preload starts for the runs the launcher gives a worker's JVM options, and for no other. */
class WorkerPreloadTest {

    @Test
    void aWorkerWithItsAgent_isPreloaded_inEitherSpellingOfTheOption() {
        assertThat(WorkerPreload.startsWorker(List.of("worker", "--agent", "shell", "--state", "s"))).isTrue();
        assertThat(WorkerPreload.startsWorker(List.of("--state", "s", "worker", "--agent=claude"))).isTrue();
    }

    @Test
    void otherRuns_includingTheWorkerRequests_areNot() {
        assertThat(WorkerPreload.startsWorker(List.of("--version"))).isFalse();
        assertThat(WorkerPreload.startsWorker(List.of("status", "--state", "s"))).isFalse();
        assertThat(WorkerPreload.startsWorker(List.of("worker", "stop", "w1"))).isFalse();
        assertThat(WorkerPreload.startsWorker(List.of("worker", "--dry-run"))).isFalse();
    }
}
