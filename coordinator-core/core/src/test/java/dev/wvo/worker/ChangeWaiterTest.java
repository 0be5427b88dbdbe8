package dev.wvo.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wvo.fs.StateDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An idle worker wakes for what it acts on, and sleeps through what it does not. */
class ChangeWaiterTest {

    @TempDir
    Path dir;

    private StateDir state;
    private ChangeWaiter waiter;
    private final AtomicBoolean woke = new AtomicBoolean();
    private CompletableFuture<Void> waiting;

    @BeforeEach
    void setUp() throws Exception {
        state = new StateDir(dir);
        Files.writeString(state.roadmap(), "tasks: []\n");
        waiter = ChangeWaiter.forWorker(state, state.workerControl());
        waiting = CompletableFuture.runAsync(() -> {
            try {
                waiter.await(Duration.ofMinutes(5));
                woke.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @AfterEach
    void tearDown() {
        waiter.close();
        waiting.cancel(true);
    }

    @Test
    void aRewrittenRoadmap_wakesTheWorker() throws Exception {
        Path temp = dir.resolve(".roadmap.yaml.1234.tmp");
        Files.writeString(temp, "tasks: [{id: a}]\n");
        Files.move(temp, state.roadmap(), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        await().atMost(Duration.ofSeconds(30)).untilTrue(woke);
    }

    @Test
    void aControlRequest_wakesTheWorker() throws Exception {
        Files.createDirectories(state.workerControl());
        Files.writeString(state.workerControl().resolve("worker1"), "stop\n");

        await().atMost(Duration.ofSeconds(30)).untilTrue(woke);
    }

    @Test
    void theEventLog_otherWorkersRecords_andTheLocks_letItSleep() throws Exception {
        for (int i = 0; i < 20; i++) {
            Files.writeString(state.events(), "{\"type\":\"claim\"}\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Files.writeString(dir.resolve("context.md"), "line " + i + "\n");
            Files.createDirectories(state.workers());
            Files.writeString(state.workers().resolve("worker2.json"), "{}");
        }

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilFalse(woke);

        Files.writeString(state.rateLimits(), "{}");
        await().atMost(Duration.ofSeconds(30)).untilTrue(woke);
        assertThat(waiting).succeedsWithin(Duration.ofSeconds(30));
    }
}
