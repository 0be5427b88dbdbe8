package dev.wvo.multihost;

import dev.wvo.roadmap.RoadmapTask;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Workers in several real JVMs, in two groups that claim to be different hosts
 * ({@code WVO_HOST_ID}), on one state directory: with file locks (other hosts' holders are
 * judged by lease only) and with ZooKeeper (liveness is the session). Every task is done exactly
 * once, and when the host running the last task "crashes" (all its workers are SIGKILLed) a worker
 * of the other host takes that task back, once the lease or the session has run out, and does it.
 */
@Tag("process")
class MultiHostWorkersTest {

    private static final int ORDINARY_TASKS = 24;
    private static final String BLOCKER = "block-last";
    /**
     * Short, so the crashed host's claims run out quickly, yet long enough that on a loaded
     * machine a live worker's heartbeat (every third of it) or ZooKeeper ping is not late: a live
     * worker presumed dead would have its task redone and its completion refused.
     */
    private static final Duration FILE_LEASE = Duration.ofSeconds(3);
    private static final Duration ZOOKEEPER_SESSION = Duration.ofSeconds(4);

    @TempDir
    Path dir;

    @Test
    void fileLocks_twoHosts_everyTaskOnce_andACrashedHostsTaskIsRecoveredByTheOtherAfterItsLease() throws Exception {
        runTwoHosts("file", FILE_LEASE, null);
    }

    @Test
    void zooKeeper_twoHosts_everyTaskOnce_andACrashedHostsTaskIsRecoveredByTheOtherAfterItsSession(@TempDir Path zooKeeper) throws Exception {
        // ZooKeeper leaves a configuration file beside its data directory: both in a temp dir JUnit deletes
        try (TestingServer server = new TestingServer(0, zooKeeper.resolve("data").toFile(), true)) {
            runTwoHosts("zookeeper", ZOOKEEPER_SESSION, server.getConnectString());
        }
    }

    /**
     * Two workers on host-a and two on host-b do the ordinary tasks; the blocker depends on all of
     * them, so when its worker starts it every other worker is idle, without claims. Then the
     * blocker's host crashes, and the other host's workers must finish the roadmap.
     */
    private void runTwoHosts(String backend, Duration liveness, String connect) throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.writeString(state.resolve("roadmap.yaml"), roadmap(), StandardCharsets.UTF_8);

        Map<String, Process> workers = new LinkedHashMap<>();
        for (String host : List.of("host-a", "host-b")) {
            for (int n = 1; n <= 2; n++) {
                String id = host.substring(host.length() - 1) + n;
                workers.put(id, start(backend, state, work, id, host, liveness, connect));
            }
        }

        Path started = work.resolve("started-" + BLOCKER);
        await().atMost(Duration.ofMinutes(2)).until(() -> Files.exists(started) && Files.size(started) > 0);
        String crashedWorker = Files.readString(started).strip();
        String crashedHost = crashedWorker.substring(0, 1);
        List<String> survivors = new ArrayList<>();
        for (Map.Entry<String, Process> w : workers.entrySet()) {
            if (w.getKey().startsWith(crashedHost)) {
                w.getValue().destroyForcibly(); // SIGKILL: no shutdown hook releases anything
                assertThat(w.getValue().waitFor(30, TimeUnit.SECONDS)).isTrue();
            } else {
                survivors.add(w.getKey());
            }
        }
        long crashedAt = System.nanoTime();
        Files.createFile(work.resolve("release"));
        await().atMost(Duration.ofMinutes(2)).until(() -> Files.exists(work.resolve(BLOCKER)));
        // a figure for the record, not a check: timings depend on the machine's load
        System.out.printf("%s: %s recovered %d ms after host %s crashed (liveness %s)%n", backend, BLOCKER,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - crashedAt), crashedHost, liveness);

        for (String id : survivors) {
            Process p = workers.get(id);
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("worker %s finishes", id).isTrue();
            assertThat(p.exitValue()).as("worker %s: %s", id, Files.readString(dir.resolve(id + ".err"))).isZero();
        }

        List<RoadmapTask> tasks = MultiHostWorker.tasks(state);
        assertThat(tasks).hasSize(ORDINARY_TASKS + 1).allSatisfy(t -> assertThat(t.status()).isEqualTo("done"));
        for (RoadmapTask task : tasks) {
            assertThat(Files.readAllLines(work.resolve(task.id()))).as("work of %s", task.id()).hasSize(1);
        }
        for (RoadmapTask task : tasks) {
            if (!task.id().equals(BLOCKER)) {
                assertThat(task.attempts()).as("attempts of %s", task.id()).isEqualTo(1);
            }
        }
        RoadmapTask blocker = tasks.stream().filter(t -> t.id().equals(BLOCKER)).findFirst().orElseThrow();
        assertThat(blocker.attempts()).as("the crashed attempt counts").isEqualTo(2);
        String recoveredBy = Files.readString(work.resolve(BLOCKER)).strip();
        assertThat(recoveredBy).as("recovered by the other host").isIn(survivors);
        String survivorLogs = survivors.stream().map(id -> read(dir.resolve(id + ".out"))).reduce("", String::concat);
        assertThat(survivorLogs).contains("reclaimed " + BLOCKER + " of " + crashedWorker);
    }

    private Process start(String backend, Path state, Path work, String id, String host, Duration liveness,
                          String connect) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.log.org.apache.zookeeper=warn",
                "-cp", System.getProperty("java.class.path"), MultiHostWorker.class.getName(),
                backend, state.toString(), work.toString(), id, Long.toString(liveness.toMillis())));
        if (connect != null) {
            command.add(connect);
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve(id + ".out").toFile())
                .redirectError(dir.resolve(id + ".err").toFile());
        builder.environment().put("WVO_HOST_ID", host);
        return builder.start();
    }

    /** Ordinary tasks that own one path each, and the blocker, which depends on all of them. */
    private static String roadmap() {
        StringBuilder yaml = new StringBuilder("version: 2\ntasks:\n");
        for (int i = 0; i < ORDINARY_TASKS; i++) {
            yaml.append("  - id: T").append(i).append("\n    status: pending\n    owns: [src/t").append(i).append("]\n");
        }
        yaml.append("  - id: ").append(BLOCKER).append("\n    status: pending\n    owns: [src/block]\n    dependencies:\n");
        for (int i = 0; i < ORDINARY_TASKS; i++) {
            yaml.append("      - T").append(i).append('\n');
        }
        return yaml.toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
