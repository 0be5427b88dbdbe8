package dev.wvo.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockMode;
import dev.wvo.lock.LockTimeoutException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextStoreTest {

    private static final String BASE = "## Current Focus\nline 1\nline 2\nline 3\n\n## Recent Activity\n"
            + "- 2025-01-01: started\n";

    @TempDir
    Path state;

    private FileLockManager locks;
    private ContextStore store;

    @BeforeEach
    void openStore() {
        locks = FileLockManager.builder(state.resolve("locks")).owner("test").releaseOnShutdown(false).build();
        store = newStore(ContextMergeConfig.defaults());
    }

    @AfterEach
    void closeLocks() {
        locks.close();
    }

    private ContextStore newStore(ContextMergeConfig config) {
        return new ContextStore(state.resolve("context.md"), locks,
                new ContextMerger(config), Duration.ofSeconds(30));
    }

    @Test
    void apply_onAMissingFile_writesTheEditedCopy() throws Exception {
        MergeResult result = store.apply(new ContextUpdate("", BASE));

        assertThat(result.hasConflicts()).isFalse();
        assertThat(store.read()).isEqualTo(BASE);
    }

    @Test
    void apply_twoAgentsFromTheSameBase_keepsBothChanges() throws Exception {
        store.apply(new ContextUpdate("", BASE));
        String agentA = BASE.replace("line 1", "line 1 (A)").replace("- 2025-01-01: started",
                "- 2025-01-02: A did a\n- 2025-01-01: started");
        String agentB = BASE.replace("line 3", "line 3 (B)").replace("- 2025-01-01: started",
                "- 2025-01-03: B did b\n- 2025-01-01: started");

        store.apply(new ContextUpdate(BASE, agentA));
        MergeResult second = store.apply(new ContextUpdate(BASE, agentB));

        assertThat(second.hasConflicts()).isFalse();
        assertThat(store.read()).isEqualTo("## Current Focus\nline 1 (A)\nline 2\nline 3 (B)\n\n"
                + "## Recent Activity\n- 2025-01-03: B did b\n- 2025-01-02: A did a\n- 2025-01-01: started\n");
    }

    @Test
    void apply_overlappingEdits_writesMarkersAndReportsTheSection() throws Exception {
        store.apply(new ContextUpdate("", BASE));
        store.apply(new ContextUpdate(BASE, BASE.replace("line 2", "two by A")));

        MergeResult result = store.apply(new ContextUpdate(BASE, BASE.replace("line 2", "two by B")));

        assertThat(result.conflictedSections()).containsExactly("Current Focus");
        assertThat(store.read()).contains("<<<<<<< current\ntwo by A\n=======\ntwo by B\n>>>>>>> update\n");
    }

    @Test
    void apply_theSameUpdateTwice_changesNothingTheSecondTime() throws Exception {
        store.apply(new ContextUpdate("", BASE));
        ContextUpdate update = new ContextUpdate(BASE, BASE.replace("line 2", "line 2 changed"));
        store.apply(update);
        String once = store.read();

        store.apply(update);

        assertThat(store.read()).isEqualTo(once);
    }

    @Test
    void apply_waitsForTheLock_andGivesUpWithoutWriting() throws Exception {
        ContextStore impatient = new ContextStore(state.resolve("context.md"), locks,
                new ContextMerger(ContextMergeConfig.defaults()), Duration.ofMillis(200));
        try (LockHandle held = locks.acquire(ContextStore.LOCK_RESOURCE, LockMode.EXCLUSIVE)) {
            assertThatThrownBy(() -> impatient.apply(new ContextUpdate("", BASE)))
                    .isInstanceOf(LockTimeoutException.class);
        }
        assertThat(state.resolve("context.md")).doesNotExist();
    }

    @Test
    void addEntry_stampsWithTheGivenClock() throws Exception {
        store.apply(new ContextUpdate("", BASE));
        Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

        store.addEntry("Recent Activity", "claimed T1", clock);

        assertThat(store.readDocument().section("Recent Activity").orElseThrow().body())
                .containsExactly("- [2026-11-22T10:00:00Z] claimed T1", "- 2025-01-01: started");
    }

    @Test
    void addEntry_fromManyThreads_losesNoEntry() throws Exception {
        ContextStore roomy = newStore(ContextMergeConfig.defaults().withMaxEntries(1000));
        int threads = 6;
        int perThread = 15;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String agent = "worker-" + t;
                done.add(pool.submit((Callable<Void>) () -> {
                    for (int i = 0; i < perThread; i++) {
                        roomy.addEntry("Recent Activity", agent + " entry " + i, Clock.systemUTC());
                    }
                    return null;
                }));
            }
            for (Future<Void> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(distinctEntries()).hasSize(threads * perThread);
    }

    @Test
    void addEntry_fromSeveralProcesses_losesNoEntry() throws Exception {
        int processes = 3;
        int perProcess = 15;
        List<Process> running = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            running.add(new ProcessBuilder(System.getProperty("java.home") + File.separator + "bin" + File.separator
                    + "java", "-cp", System.getProperty("java.class.path"), ContextAddEntryMain.class.getName(),
                    state.toString(), "agent-" + p, Integer.toString(perProcess))
                    .redirectErrorStream(true).redirectOutput(state.resolve("agent-" + p + ".log").toFile()).start());
        }
        for (Process process : running) {
            assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
            assertThat(process.exitValue()).isZero();
        }

        assertThat(distinctEntries()).hasSize(processes * perProcess);
    }

    private HashSet<String> distinctEntries() throws Exception {
        String text = Files.readString(state.resolve("context.md"));
        HashSet<String> entries = new HashSet<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("- [")) {
                entries.add(line.substring(line.indexOf("] ") + 2));
            }
        }
        return entries;
    }
}
