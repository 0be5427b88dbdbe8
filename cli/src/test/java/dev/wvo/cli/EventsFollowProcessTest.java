package dev.wvo.cli;

import dev.wvo.events.Event;
import dev.wvo.events.EventCodec;
import dev.wvo.events.EventLog;
import dev.wvo.events.EventType;
import org.junit.jupiter.api.Tag;
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

/** {@code wvo events --follow} as a separate JVM, tailing a log another writer appends to, ended by Ctrl-C. */
@Tag("process")
class EventsFollowProcessTest {

    @TempDir
    Path dir;

    private static Event event(String task, EventType type) {
        return new Event(Instant.now(), type.id(), "worker1", task, 1, Map.of());
    }

    @Test
    void follow_printsTheLogThenEachAppendedEvent_andExitsZeroOnCtrlC() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        EventLog log = EventLog.in(state);
        Event before = event("T-1", EventType.CLAIM);
        log.append(before);

        CliProcess wvo = CliProcess.start(dir, "follow", Map.of(), "--state", state.toString(),
                "events", "--follow", "--json", "--task", "T-1");
        await().atMost(Duration.ofSeconds(30)).until(() -> wvo.stdout().contains(EventCodec.toJson(before)));

        Event other = event("T-2", EventType.CLAIM);
        Event after = event("T-1", EventType.COMPLETE);
        log.append(other);
        log.append(after);
        await().atMost(Duration.ofSeconds(30)).until(() -> wvo.stdout().contains(EventCodec.toJson(after)));

        interrupt(wvo.process);

        assertThat(wvo.exitCode()).as(wvo.stderr()).isZero();
        assertThat(wvo.stdout().lines().toList()).containsExactly(EventCodec.toJson(before), EventCodec.toJson(after));
        assertThat(wvo.stderr()).isEmpty();
    }

    @Test
    void follow_ofALogThatDoesNotExistYet_waitsForIt() throws Exception {
        Path state = dir.resolve("state");
        CliProcess wvo = CliProcess.start(dir, "follow", Map.of("NO_COLOR", "1"), "--state", state.toString(),
                "events", "--follow");
        // neither the state directory nor the log existed when wvo started
        Files.createDirectories(state);
        Event first = event("T-7", EventType.FAIL);
        EventLog.in(state).append(first);

        await().atMost(Duration.ofSeconds(30)).until(() -> wvo.stdout().contains("fail"));
        interrupt(wvo.process);

        assertThat(wvo.exitCode()).as(wvo.stderr()).isZero();
        assertThat(wvo.stdout()).contains("worker1").contains("T-7#1");
    }

    /** Ctrl-C as a terminal sends it: SIGINT. */
    private static void interrupt(Process process) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }
}
