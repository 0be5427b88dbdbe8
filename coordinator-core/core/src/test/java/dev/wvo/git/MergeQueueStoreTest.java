package dev.wvo.git;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The queue as two workers see it: each lists it often, and sees every change the other makes. */
class MergeQueueStoreTest {

    @TempDir
    Path dir;

    @Test
    void anEntryAnotherWorkerRewrote_isReadAgain() {
        MergeQueueStore mine = new MergeQueueStore(dir, Clock.systemUTC());
        MergeQueueStore theirs = new MergeQueueStore(dir, Clock.systemUTC());
        MergeEntry queued = mine.enqueue("T1", "wvo/w1/T1", 0);
        assertThat(mine.list()).containsExactly(queued);

        MergeEntry merged = queued.withOutcome(MergeEntry.Status.MERGED, List.of(), null, "0".repeat(40));
        theirs.write(merged);

        assertThat(mine.list()).containsExactly(merged);
        assertThat(theirs.drop(queued.id())).isTrue();
        assertThat(mine.list()).isEmpty();
    }

    /** The same size and modification time, but another file renamed into place: its content counts. */
    @Test
    void aFileReplacedWithTheSameSizeAndTime_isReadAgain() throws Exception {
        MergeQueueStore store = new MergeQueueStore(dir, Clock.systemUTC());
        MergeEntry entry = store.enqueue("T1", "wvo/w1/T1", 0);
        assertThat(store.list()).extracting(MergeEntry::branch).containsExactly("wvo/w1/T1");
        Path file = dir.resolve(entry.id() + ".json");
        FileTime written = Files.getLastModifiedTime(file);

        Path replacement = dir.resolve("replacement.tmp");
        Files.writeString(replacement, Files.readString(file).replace("wvo/w1/T1", "wvo/w2/T1"));
        Files.setLastModifiedTime(replacement, written);
        Files.move(replacement, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        assertThat(store.list()).extracting(MergeEntry::branch).containsExactly("wvo/w2/T1");
    }
}
