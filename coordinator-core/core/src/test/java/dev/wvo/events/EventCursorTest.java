package dev.wvo.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cursor hands over what was appended since it last looked: a cursor made at the end (a
 * notifier) takes nothing of another history put under the log's name, a cursor made at the start
 * (a view's tally) takes that history whole and says it began again.
 */
class EventCursorTest {

    @TempDir
    Path state;

    private EventLog log;

    private void append(EventLog to, String task) {
        to.append(new Event(Instant.parse("2026-11-22T10:00:00Z"), "claim", "w1", task, 1, Map.of()));
    }

    private Path replaceTheLog(String... tasks) throws IOException {
        Path other = state.resolve("restored.jsonl");
        EventLog restored = new EventLog(other);
        for (String task : tasks) {
            append(restored, task);
        }
        return Files.move(other, log.file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void atTheEnd_aReplacedLogGivesNothingOfItsHistory_onlyWhatIsAppendedToIt() throws IOException {
        log = EventLog.in(state);
        append(log, "T-1");
        EventCursor cursor = EventCursor.atEnd(state, EventFilter.ALL);
        append(log, "T-2");
        assertThat(cursor.next()).extracting(Event::task).containsExactly("T-2");

        replaceTheLog("R-1", "R-2", "R-3", "R-4");
        assertThat(cursor.read()).isEqualTo(new EventCursor.Batch(false, java.util.List.of()));
        append(log, "T-3");
        assertThat(cursor.next()).extracting(Event::task).containsExactly("T-3");

        Files.write(log.file(), new byte[0], StandardOpenOption.TRUNCATE_EXISTING); // cleared by hand
        append(log, "T-4");
        assertThat(cursor.next()).extracting(Event::task).containsExactly("T-4");
    }

    @Test
    void atTheStart_aReplacedLogIsReadWhole_andSaidToBeSo() throws IOException {
        log = EventLog.in(state);
        EventCursor cursor = EventCursor.atStart(state, EventFilter.ALL);
        assertThat(cursor.read().fromStart()).isTrue(); // no log yet: the whole of it is nothing
        append(log, "T-1");
        EventCursor.Batch appended = cursor.read();
        assertThat(appended.fromStart()).isFalse();
        assertThat(appended.events()).extracting(Event::task).containsExactly("T-1");

        replaceTheLog("R-1", "R-2");
        EventCursor.Batch whole = cursor.read();
        assertThat(whole.fromStart()).isTrue();
        assertThat(whole.events()).extracting(Event::task).containsExactly("R-1", "R-2");
    }
}
