package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.HostIdentity;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockMode;
import dev.wvo.lock.ProcessRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LockListTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path locks() {
        return dir.resolve("locks");
    }

    private FileLockManager.Builder manager(String owner) {
        return FileLockManager.builder(locks()).owner(owner).releaseOnShutdown(false);
    }

    /** A holder recorded with this JVM's pid but another start time: the pid was reused, its process is gone. */
    private FileLockManager deadProcess(String owner) {
        return manager(owner).process(new ProcessRef(HostIdentity.current(), ProcessHandle.current().pid(), Instant.EPOCH))
                .heartbeatInterval(Duration.ZERO).build();
    }

    @Test
    void list_missingLockDirectory_isAnEmptyList() throws IOException {
        Cli.Result table = Cli.inState(dir, "lock", "list");
        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).startsWith("No locks in ");

        Cli.Result json = Cli.inState(dir, "lock", "list", "--json");
        assertThat(json.exitCode()).isZero();
        assertThat(JSON.readTree(json.out()).get("locks").isEmpty()).isTrue();
        assertThat(Files.exists(locks())).as("listing must not create the lock directory").isFalse();
    }

    @Test
    void listJson_showsEveryHolderWithItsFields() throws IOException {
        try (FileLockManager alive = manager("agent-1").lease(Duration.ofMinutes(2)).build();
             FileLockManager dead = deadProcess("agent-2");
             LockHandle live = alive.tryAcquire("roadmap.yaml", LockMode.EXCLUSIVE).orElseThrow();
             LockHandle stale = dead.tryAcquire("src/main", LockMode.SHARED).orElseThrow()) {

            Cli.Result r = Cli.inState(dir, "lock", "list", "--json");

            assertThat(r.exitCode()).isZero();
            JsonNode doc = JSON.readTree(r.out());
            assertThat(doc.get("lockDirectory").asText()).isEqualTo(locks().toRealPath().toString());
            assertThat(Instant.parse(doc.get("generatedAt").asText())).isNotNull();
            assertThat(doc.get("leftoversRemoved").asInt()).isZero();
            JsonNode all = doc.get("locks");
            assertThat(all).hasSize(2);

            JsonNode roadmap = all.get(0);
            assertThat(roadmap.get("resource").asText()).isEqualTo("roadmap.yaml");
            assertThat(roadmap.get("mode").asText()).isEqualTo("exclusive");
            assertThat(roadmap.get("stale").asBoolean()).isFalse();
            assertThat(roadmap.get("corrupt").isNull()).isTrue();
            assertThat(roadmap.get("waiters")).isEmpty();
            JsonNode h = roadmap.get("holders").get(0);
            assertThat(h.get("owner").asText()).isEqualTo("agent-1");
            assertThat(h.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
            assertThat(h.get("host").asText()).isEqualTo(HostIdentity.current().hostName());
            assertThat(h.get("bootId").asText()).isEqualTo(HostIdentity.current().bootId());
            assertThat(h.get("token").asLong()).isEqualTo(live.token());
            assertThat(h.get("ageMillis").asLong()).isNotNegative();
            assertThat(h.get("leaseMillis").asLong()).isEqualTo(120_000);
            assertThat(Instant.parse(h.get("leaseExpiresAt").asText()))
                    .isEqualTo(Instant.parse(h.get("heartbeatAt").asText()).plus(Duration.ofMinutes(2)));
            assertThat(Instant.parse(h.get("acquiredAt").asText())).isEqualTo(live.acquiredAt());
            assertThat(h.get("stale").asBoolean()).isFalse();
            assertThat(h.get("liveness").asText()).isEqualTo("alive");

            JsonNode src = all.get(1);
            assertThat(src.get("resource").asText()).isEqualTo("src/main");
            assertThat(src.get("mode").asText()).isEqualTo("shared");
            assertThat(src.get("stale").asBoolean()).isTrue();
            assertThat(src.get("holders").get(0).get("token").asLong()).isEqualTo(stale.token());
            assertThat(src.get("holders").get(0).get("liveness").asText()).isEqualTo("process_dead");
        }
    }

    @Test
    void listJson_showsExclusiveWaiters() throws Exception {
        try (FileLockManager holder = manager("holder").build();
             FileLockManager waiter = manager("waiter").build();
             LockHandle held = holder.tryAcquire("r", LockMode.EXCLUSIVE).orElseThrow()) {
            // an exclusive request waiting in another thread is recorded in the lock until it withdraws
            Thread waiting = new Thread(() -> {
                try {
                    waiter.acquire("r", LockMode.EXCLUSIVE, Duration.ofMinutes(1)).release();
                } catch (Exception e) {
                    // interrupted by the test at its end
                }
            });
            waiting.start();
            try {
                await().atMost(Duration.ofSeconds(20)).until(
                        () -> JSON.readTree(Cli.inState(dir, "lock", "list", "--json").out())
                                .get("locks").get(0).get("waiters").size() == 1);
                JsonNode w = JSON.readTree(Cli.inState(dir, "lock", "list", "--json").out())
                        .get("locks").get(0).get("waiters").get(0);
                assertThat(w.get("owner").asText()).isEqualTo("waiter");
                assertThat(w.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
                assertThat(w.has("refreshedAt")).isTrue();
                assertThat(w.get("liveness").asText()).isEqualTo("alive");

                String table = Cli.inState(dir, "lock", "list").out();
                assertThat(table).containsPattern("r +exclusive +waiter .* waiting");
            } finally {
                waiting.interrupt();
                waiting.join();
            }
        }
    }

    @Test
    void listTable_alignsColumnsAndSaysLiveOrStaleAndWhy() {
        try (FileLockManager alive = manager("agent-1").build();
             FileLockManager dead = deadProcess("agent-2-with-a-long-name");
             LockHandle live = alive.tryAcquire("a", LockMode.EXCLUSIVE).orElseThrow();
             LockHandle stale = dead.tryAcquire("bb", LockMode.EXCLUSIVE).orElseThrow()) {

            Cli.Result r = Cli.inState(dir, "lock", "list");

            assertThat(r.exitCode()).isZero();
            String[] lines = r.out().split("\n");
            assertThat(lines[0]).startsWith("RESOURCE  MODE       OWNER                     PID");
            assertThat(lines[1]).startsWith("a         exclusive  agent-1                   ").endsWith("live");
            assertThat(lines[2]).startsWith("bb        exclusive  agent-2-with-a-long-name  ").endsWith("stale: process dead");
            int tokenColumn = lines[0].indexOf("TOKEN");
            assertThat(lines[1].substring(tokenColumn)).startsWith(Long.toString(live.token()));
            assertThat(lines[2].substring(tokenColumn)).startsWith(Long.toString(stale.token()));
            assertThat(lines[1]).contains("s left");
            assertThat(lines[3]).startsWith("2 lock(s) in ");
            assertThat(r.out()).doesNotContain("\u001b[");
        }
    }

    @Test
    void list_removesLeftoversFirst() throws IOException {
        try (FileLockManager m = manager("x").build()) {
            m.tryAcquire("warm", LockMode.EXCLUSIVE).orElseThrow().release();
        }
        Files.writeString(locks().resolve("junk.lock"), "not a lock record");
        Files.writeString(locks().resolve(".junk.0123456789abcdef.tmp"), "{");

        Cli.Result r = Cli.run(Map.of(), "--state", dir.toString(), "lock", "list", "--json");

        assertThat(r.exitCode()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.get("leftoversRemoved").asInt()).isEqualTo(2);
        assertThat(doc.get("locks")).isEmpty();
        assertThat(locks().resolve("junk.lock")).doesNotExist();
    }
}
