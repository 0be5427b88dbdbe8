package dev.wvo.status;

import dev.wvo.accounts.CostLedger;
import dev.wvo.accounts.UsageRecord;
import dev.wvo.config.Config;
import dev.wvo.events.Event;
import dev.wvo.events.EventCodec;
import dev.wvo.events.EventLog;
import dev.wvo.events.EventType;
import dev.wvo.fs.StateDir;
import dev.wvo.lock.FileLockManager;
import dev.wvo.spi.Usage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reader of the live views: each read takes from the event log only what was appended, and
 * its snapshots are those a fresh read of the same files gives, whatever happened to the log in
 * between (a line half written, the log truncated, replaced or removed).
 */
class StatusReaderTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path state;

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private FileLockManager locks;
    private StatusSnapshot.Source source;
    private EventLog log;
    private Config config;

    @BeforeEach
    void open() {
        locks = FileLockManager.builder(state.resolve("locks")).releaseOnShutdown(false).build();
        source = new StatusSnapshot.Source(new StateDir(state), "file", state.resolve("locks").toString());
        log = new EventLog(state.resolve("events.jsonl"));
        config = Config.empty(state.resolve("config.yaml"));
    }

    @AfterEach
    void close() {
        locks.close();
    }

    private StatusSnapshot fresh() {
        return StatusSnapshot.read(source, locks, clock, config);
    }

    private void claim(String task) {
        log.append(Event.of(clock, EventType.CLAIM, "worker-1", task, 1, Map.of()));
    }

    private void conflict(String task) {
        log.append(Event.of(clock, EventType.CONFLICT, "worker-1", task, 1, Map.of("path", "a.txt")));
    }

    private void usage(String task, double dollars) {
        new CostLedger(log).record(new UsageRecord(NOW, "worker-1", task, 1, 0, "claude", "claude", null, "success",
                new Usage("m", 100, 10, 0, 0, dollars)));
    }

    private static void assertSameEvents(StatusSnapshot kept, StatusSnapshot fresh) {
        assertThat(kept.recentEvents()).isEqualTo(fresh.recentEvents());
        assertThat(kept.conflicts().artifacts()).isEqualTo(fresh.conflicts().artifacts());
        assertThat(kept.cost().total()).isEqualTo(fresh.cost().total());
        assertThat(kept.cost().byTask()).isEqualTo(fresh.cost().byTask());
        assertThat(kept.accounts()).isEqualTo(fresh.accounts());
    }

    @Test
    void appendedEvents_areAddedToWhatWasRead() {
        StatusReader reader = new StatusReader(source, locks, clock);
        assertThat(reader.read(config).recentEvents()).isEmpty(); // no log yet

        conflict("T-0");
        usage("T-0", 0.25);
        StatusSnapshot first = reader.read(config);
        assertThat(first.recentEvents()).hasSize(2);
        assertThat(first.cost().total().runs()).isEqualTo(1);

        for (int i = 1; i <= StatusSnapshot.RECENT_EVENTS + 3; i++) {
            claim("T-" + i);
        }
        conflict("T-9");
        usage("T-9", 0.5);
        StatusSnapshot second = reader.read(config);

        assertThat(second.recentEvents()).hasSize(StatusSnapshot.RECENT_EVENTS);
        assertThat(second.recentEvents().get(StatusSnapshot.RECENT_EVENTS - 1).is(EventType.USAGE)).isTrue();
        assertThat(second.conflicts().artifacts()).extracting(Event::task).containsExactly("T-0", "T-9");
        assertThat(second.cost().total().runs()).isEqualTo(2);
        assertThat(second.cost().total().usage().costUsd()).isEqualTo(0.75);
        assertSameEvents(second, fresh());
        assertSameEvents(reader.read(config), fresh()); // nothing appended: nothing counted twice
    }

    @Test
    void onlyTheLinesThatCanCount_andTheLastOnesAreDecoded_withTheSameSnapshot() throws IOException {
        conflict("T-0");
        for (int i = 1; i <= 30; i++) {
            claim("T-" + i);
        }
        // a conflict whose type is spelt with an escape, and lines that are no event among the last ones
        Files.writeString(log.file(), "{\"time\":\"2026-11-22T09:00:00Z\",\"type\":\"confl\\u0069ct\",\"task\":\"T-E\"}\n"
                + "not json\n\n{\"type\":\"usage\"}\n", StandardOpenOption.APPEND);
        usage("T-5", 0.5);
        for (int i = 31; i <= 45; i++) {
            claim("T-" + i);
            Files.writeString(log.file(), "{broken\n", StandardOpenOption.APPEND);
        }

        StatusSnapshot s = fresh();

        assertThat(s.conflicts().artifacts()).extracting(Event::task).containsExactly("T-0", "T-E");
        assertThat(s.cost().total().runs()).isEqualTo(1);
        List<String> last = new java.util.ArrayList<>(List.of("T-27", "T-28", "T-29", "T-30", "T-E", "T-5"));
        for (int i = 31; i <= 45; i++) {
            last.add("T-" + i);
        }
        assertThat(s.recentEvents()).extracting(Event::task).containsExactlyElementsOf(last.subList(1, last.size()));
    }

    @Test
    void aLineHalfWritten_waitsForItsEnd() throws IOException {
        StatusReader reader = new StatusReader(source, locks, clock);
        claim("T-1");
        byte[] line = (EventCodec.toJson(Event.of(clock, EventType.CONFLICT, "worker-2", "T-2", 1, Map.of())) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        Files.write(log.file(), java.util.Arrays.copyOf(line, 20), StandardOpenOption.APPEND);

        assertThat(reader.read(config).recentEvents()).extracting(Event::task).containsExactly("T-1");

        Files.write(log.file(), java.util.Arrays.copyOfRange(line, 20, line.length), StandardOpenOption.APPEND);
        StatusSnapshot s = reader.read(config);

        assertThat(s.recentEvents()).extracting(Event::task).containsExactly("T-1", "T-2");
        assertThat(s.conflicts().artifacts()).extracting(Event::task).containsExactly("T-2");
    }

    @Test
    void aTruncatedLog_isReadAgainFromItsStart() throws IOException {
        StatusReader reader = new StatusReader(source, locks, clock);
        conflict("T-1");
        usage("T-1", 1.0);
        claim("T-2");
        reader.read(config);

        Files.write(log.file(), new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
        claim("T-3");
        StatusSnapshot s = reader.read(config);

        assertThat(s.recentEvents()).extracting(Event::task).containsExactly("T-3");
        assertThat(s.conflicts().artifacts()).isEmpty();
        assertThat(s.cost().total().runs()).isZero();
        assertSameEvents(s, fresh());
    }

    @Test
    void aReplacedLog_isReadAgainFromItsStart_evenWhenItIsLonger() throws IOException {
        StatusReader reader = new StatusReader(source, locks, clock);
        conflict("T-1");
        reader.read(config);

        // rotated, or restored by git checkout: another file under the name, longer than the one read
        Path other = state.resolve("events.other");
        EventLog replacement = new EventLog(other);
        for (int i = 0; i < 5; i++) {
            replacement.append(Event.of(clock, EventType.CLAIM, "worker-3", "R-" + i, 1, Map.of()));
        }
        Files.move(other, log.file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        StatusSnapshot s = reader.read(config);

        assertThat(s.recentEvents()).extracting(Event::task).containsExactly("R-0", "R-1", "R-2", "R-3", "R-4");
        assertThat(s.conflicts().artifacts()).isEmpty();
        assertSameEvents(s, fresh());
    }

    @Test
    void aRemovedLog_readsAsEmpty_andItsSuccessorFromItsStart() throws IOException {
        StatusReader reader = new StatusReader(source, locks, clock);
        usage("T-1", 2.0);
        reader.read(config);

        Files.delete(log.file());
        StatusSnapshot gone = reader.read(config);
        assertThat(gone.recentEvents()).isEmpty();
        assertThat(gone.cost().total().runs()).isZero();

        Files.writeString(log.file(), EventCodec.toJson(Event.of(clock, EventType.CLAIM, "w", "T-2", 1, Map.of())) + "\n",
                StandardCharsets.UTF_8);
        assertThat(reader.read(config).recentEvents()).extracting(Event::task).containsExactly("T-2");
    }

    @Test
    void theRoadmap_isParsedAgainWhenItsFileChanges_inPlaceOrReplaced() throws IOException {
        StatusReader reader = new StatusReader(source, locks, clock);
        Path roadmap = state.resolve("roadmap.yaml");
        Files.writeString(roadmap, "version: 2\ntasks:\n  - id: T-1\n    title: One\n    status: pending\n");
        assertThat(reader.read(config).tasks().count("pending")).isEqualTo(1);

        Path next = state.resolve("roadmap.yaml.tmp");
        Files.writeString(next, "version: 2\ntasks:\n  - id: T-1\n    title: One\n    status: blocked\n");
        Files.move(next, roadmap, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertThat(reader.read(config).tasks().count("blocked")).isEqualTo(1);

        Files.writeString(roadmap, "version: 2\ntasks:\n  - id: T-1\n    title: One\n    status: done\n"
                + "  - id: T-2\n    title: Two\n");
        assertThat(reader.read(config).tasks().total()).isEqualTo(2);

        Files.delete(roadmap);
        assertThat(reader.read(config).tasks().present()).isFalse();
    }

    @Test
    void aRoadmapReadAhead_givesTheFirstReadWhatAReadOfItsOwnGives_andLaterReadsSeeChanges() throws IOException {
        Path roadmap = state.resolve("roadmap.yaml");
        Files.writeString(roadmap, "version: 2\ntasks:\n  - id: T-1\n    title: One\n    status: pending\n"
                + "  - id: T-2\n    title: Two\n    status: in_progress\n  - id: T-3\n    title: Three\n    status: parked\n"
                + "  - id: T-4\n    title: Four\n    status: done\n    merge: {branch: wvo/T-4}\n");
        StatusReader reader = new StatusReader(source, locks, clock, StatusReader.readAhead(new StateDir(state)));

        StatusSnapshot.Tasks first = reader.read(config).tasks();
        StatusSnapshot.Tasks own = fresh().tasks();
        assertThat(first.counts()).isEqualTo(own.counts()).containsEntry("parked", 1).containsEntry("in_progress", 1);
        assertThat(first.inProgress()).isEqualTo(own.inProgress()).extracting(StatusSnapshot.TaskInProgress::id)
                .containsExactly("T-2");
        assertThat(first.total()).isEqualTo(own.total()).isEqualTo(4);

        Files.writeString(roadmap, "version: 2\ntasks:\n  - id: T-1\n    title: One\n    status: done\n");
        assertThat(reader.read(config).tasks().counts()).containsEntry("done", 1).containsEntry("pending", 0);
    }

    @Test
    void aRoadmapChangedAfterItsReadAhead_isReadAgainByTheFirstRead_asAReadOfItsOwnDoes() throws IOException {
        // a worker that finishes its task and stops between the read ahead and the first read: the
        // first read's locks no longer hold it, and its task must not show in progress under no worker
        Path roadmap = state.resolve("roadmap.yaml");
        Files.writeString(roadmap, "version: 2\ntasks:\n  - id: T-1\n    title: One\n    status: in_progress\n");
        StatusReader.Ahead ahead = StatusReader.readAhead(new StateDir(state));
        ahead.close(); // the read ahead has ended
        StatusReader reader = new StatusReader(source, locks, clock, ahead);
        Path replacement = state.resolve("roadmap.yaml.new");
        Files.writeString(replacement, "version: 2\ntasks:\n  - id: T-1\n    title: One\n    status: done\n");
        Files.move(replacement, roadmap, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        StatusSnapshot.Tasks first = reader.read(config).tasks();
        assertThat(first.counts()).isEqualTo(fresh().tasks().counts()).containsEntry("done", 1)
                .containsEntry("in_progress", 0);
        assertThat(first.inProgress()).isEmpty();
    }

    @Test
    void aRoadmapThatCannotBeParsed_failsTheFirstRead_asAReadOfItsOwnDoes() throws IOException {
        Files.writeString(state.resolve("roadmap.yaml"), "version: 2\ntasks:\n  - id: T-1\n    title: [unclosed\n");
        StatusReader reader = new StatusReader(source, locks, clock, StatusReader.readAhead(new StateDir(state)));

        Throwable own = org.assertj.core.api.Assertions.catchThrowable(this::fresh);
        assertThat(own).isInstanceOf(dev.wvo.roadmap.RoadmapException.class);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> reader.read(config)))
                .isInstanceOf(own.getClass()).hasMessage(own.getMessage());

        Files.writeString(state.resolve("roadmap.yaml"), "version: 2\ntasks:\n  - id: T-1\n    title: One\n");
        assertThat(reader.read(config).tasks().count("pending")).isEqualTo(1); // fixed: the next read reads it
    }
}
