package dev.wvo.roadmap;

import dev.wvo.events.Event;
import dev.wvo.events.EventReader;
import dev.wvo.events.EventType;
import dev.wvo.fs.JsonLines;
import dev.wvo.fs.StateDir;
import dev.wvo.lock.FileLockManager;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A roadmap change and its event are one: a real JVM is SIGKILLed by {@code strace} right after
 * it replaced the roadmap and before it appended the event (issue 21, #20), or right before the
 * rename; the next transaction, in another process, delivers the event of the first and drops
 * that of the second. Skipped where strace cannot run.
 */
@Tag("process")
class RoadmapEventsProcessTest {

    private static final String ROADMAP = "version: 2\ntasks:\n  - id: T1\n    title: one\n    status: pending\n";

    @TempDir
    Path dir;

    private StateDir state;

    @BeforeEach
    void setUp() throws Exception {
        Assumptions.assumeTrue(straceWorks(), "strace cannot trace here (not installed, or ptrace refused)");
        state = new StateDir(dir);
        Files.createDirectories(state.locks());
        Files.writeString(state.roadmap(), ROADMAP);
    }

    @Test
    void killedBetweenTheRoadmapWriteAndTheEventAppend_theNextTransactionWritesTheEvent_once() throws Exception {
        // the first thing after the roadmap's rename that touches the log: opening its append lock
        int exit = finishUnderStrace("openat", JsonLines.lockFileOf(state.events()));

        assertThat(exit).as("the child was killed").isNotZero();
        assertThat(journals()).as("the child's journal").hasSize(1);
        assertThat(RoadmapReader.read(state.roadmap()).task("T1").orElseThrow().status()).isEqualTo("done");
        assertThat(completeEvents()).as("killed before its append").isEmpty();

        anotherTransaction();
        anotherTransaction();

        assertThat(completeEvents()).extracting(Event::task).containsExactly("T1");
    }

    @Test
    void killedBeforeTheRoadmapWrite_noEventIsEverWritten() throws Exception {
        // its journal is written; the last step before the rename is the backup's hard link to the roadmap
        int exit = finishUnderStrace("link,linkat", state.roadmap());

        assertThat(exit).isNotZero();
        assertThat(journals()).as("the child's journal").hasSize(1);
        assertThat(RoadmapReader.read(state.roadmap()).task("T1").orElseThrow().status()).isEqualTo("pending");

        anotherTransaction();

        assertThat(completeEvents()).isEmpty();
        assertThat(journals()).isEmpty();
    }

    /** Runs {@link TaskFinisher}, killed by SIGKILL at its first {@code syscalls} that touch {@code path}. */
    private int finishUnderStrace(String syscalls, Path path) throws Exception {
        List<String> command = new ArrayList<>(List.of("strace", "-f", "-qq", "-o", "/dev/null", "-P", path.toString(),
                "-e", "trace=" + syscalls, "-e", "inject=" + syscalls + ":signal=SIGKILL:when=1",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), TaskFinisher.class.getName(), dir.toString(), "T1"));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile()).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child ended; log " + dir.resolve("child.log")).isTrue();
        return child.exitValue();
    }

    private void anotherTransaction() {
        try (FileLockManager locks = FileLockManager.builder(state.locks()).owner("next").releaseOnShutdown(false).build()) {
            new RoadmapStore(state, locks).update((roadmap, editor, log) -> null);
        }
    }

    private List<Event> completeEvents() {
        if (!Files.exists(state.events())) {
            return List.of();
        }
        return EventReader.in(dir).readAll().events().stream().filter(e -> e.is(EventType.COMPLETE)).toList();
    }

    private static boolean straceWorks() {
        try {
            Process p = new ProcessBuilder("strace", "-qq", "-o", "/dev/null", "true").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private List<Path> journals() throws IOException {
        if (!Files.isDirectory(state.journals())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(state.journals())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".journal")).toList();
        }
    }
}
