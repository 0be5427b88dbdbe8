package dev.wvo.fs;

import dev.wvo.lock.FileLockManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

/** A locked store's transactions and the log lines they carry: written with the change, never without it. */
class LockedStoreTest {

    @TempDir
    Path dir;

    private FileLockManager locks;
    private Path file;
    private Path log;
    private Path runtime;
    private LockedStore store;

    @BeforeEach
    void setUp() throws Exception {
        runtime = dir.resolve("locks");
        locks = FileLockManager.builder(runtime).owner("test").releaseOnShutdown(false).build();
        file = Files.writeString(dir.resolve("counter.txt"), "0");
        log = dir.resolve("events.jsonl");
        store = LockedStore.builder(file, locks, "counter").logTo(log, runtime).build();
    }

    @AfterEach
    void tearDown() {
        locks.close();
    }

    @Test
    void aChange_isWrittenWithItsLines_andLeavesNoJournal() throws Exception {
        int result = store.update(current -> LockedStore.Change.write(7, bytes("1"))
                .logging(List.of(bytes("{\"n\":1}"), bytes("{\"n\":2}"))));

        assertThat(result).isEqualTo(7);
        assertThat(file).hasContent("1");
        assertThat(Files.readAllLines(log)).containsExactly("{\"n\":1}", "{\"n\":2}");
        assertThat(journals()).isEmpty();
    }

    @Test
    void aTransactionThatChangesNothing_stillAppendsItsLines() throws Exception {
        store.update(current -> LockedStore.Change.none(null).logging(List.of(bytes("{\"looked\":true}"))));

        assertThat(file).hasContent("0");
        assertThat(Files.readAllLines(log)).containsExactly("{\"looked\":true}");
    }

    @Test
    void aJournalLeftByAWriterKilledAfterItsWrite_isDeliveredByTheNextTransaction_once() throws Exception {
        Files.writeString(log, "{\"before\":1}\n");
        // what a writer leaves when killed between replacing the file and appending: the file holds
        // its content, and its journal names that content's fingerprint and the log's size before
        Files.writeString(file, "41");
        Files.writeString(runtime.resolve("counter.txt.3.journal"),
                LockedStore.fingerprint(bytes("41")) + " " + Files.size(log) + "\n{\"by\":\"the killed writer\"}\n");

        store.update(current -> LockedStore.Change.write(null, bytes("42")).logging(List.of(bytes("{\"by\":\"me\"}"))));
        store.update(current -> LockedStore.Change.none(null));

        assertThat(Files.readAllLines(log)).containsExactly("{\"before\":1}", "{\"by\":\"the killed writer\"}",
                "{\"by\":\"me\"}");
        assertThat(journals()).isEmpty();
    }

    @Test
    void aJournalOfAWriteThatNeverLanded_isDropped() throws Exception {
        Files.writeString(runtime.resolve("counter.txt.3.journal"),
                LockedStore.fingerprint(bytes("99")) + " 0\n{\"by\":\"a write that did not land\"}\n");

        store.update(current -> LockedStore.Change.none(null));

        assertThat(log).doesNotExist();
        assertThat(journals()).isEmpty();
    }

    @Test
    void aJournal_namesItsLinesCrc_andOneThatAPowerCutLeftCutShortOrZeroed_isDropped() throws Exception {
        store.update(current -> LockedStore.Change.write(null, bytes("41")).logging(List.of(bytes("{\"by\":\"me\"}"))));
        String header = LockedStore.fingerprint(bytes("41")) + " " + Files.size(log);
        Files.writeString(runtime.resolve("counter.txt.3.journal"), header + " "
                + crc32c("{\"by\":\"cut\"}\n{\"by\":\"short\"}\n") + "\n{\"by\":\"cut\"}\n");
        Files.write(runtime.resolve("counter.txt.4.journal"),
                (header + " " + crc32c("{\"by\":\"zeroed\"}\n") + "\n").getBytes(StandardCharsets.US_ASCII));
        Files.write(runtime.resolve("counter.txt.4.journal"), new byte[16], StandardOpenOption.APPEND);
        Files.writeString(runtime.resolve("counter.txt.5.journal"),
                header + " " + crc32c("{\"by\":\"whole\"}\n") + "\n{\"by\":\"whole\"}\n");

        store.update(current -> LockedStore.Change.none(null));

        assertThat(Files.readAllLines(log)).containsExactly("{\"by\":\"me\"}", "{\"by\":\"whole\"}");
        assertThat(journals()).isEmpty();
    }

    @Test
    void aJournalsTempFile_leftByAWriterKilledBeforeItsRename_isRemoved_andNothingElse() throws Exception {
        Files.writeString(runtime.resolve(".counter.txt.3.journal.0123456789abcdef.tmp"), "half a journal");
        Files.writeString(runtime.resolve(".other.txt.3.journal.0123456789abcdef.tmp"), "another file's");

        store.update(current -> LockedStore.Change.none(null));

        assertThat(log).doesNotExist();
        try (Stream<Path> files = Files.list(runtime)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tmp")))
                    .containsExactly(".other.txt.3.journal.0123456789abcdef.tmp");
        }
    }

    @Test
    void aJournalOfAnEarlierBuild_namingItsContentBySha256_isDeliveredWhenTheFileHoldsIt() throws Exception {
        Files.writeString(file, "41");
        Files.writeString(runtime.resolve("counter.txt.3.journal"), sha256("41") + " 0\n{\"by\":\"an earlier build\"}\n");
        Files.writeString(runtime.resolve("counter.txt.4.journal"), sha256("99") + " 0\n{\"by\":\"a write that did not land\"}\n");

        store.update(current -> LockedStore.Change.none(null));

        assertThat(Files.readAllLines(log)).containsExactly("{\"by\":\"an earlier build\"}");
        assertThat(journals()).isEmpty();
    }

    @Test
    void aJournalLeftWhereEarlierBuildsPutThem_isDeliveredByTheFirstTransaction() throws Exception {
        Path journals = runtime.resolve("journals");
        LockedStore moved = LockedStore.builder(file, locks, "counter").logTo(log, journals)
                .journalsOfEarlierBuildsIn(runtime).build();
        Files.writeString(file, "41");
        Files.writeString(runtime.resolve("counter.txt.3.journal"),
                LockedStore.fingerprint(bytes("41")) + " 0\n{\"by\":\"an earlier build\"}\n");

        moved.update(current -> LockedStore.Change.write(null, bytes("42")).logging(List.of(bytes("{\"by\":\"me\"}"))));

        assertThat(Files.readAllLines(log)).containsExactly("{\"by\":\"an earlier build\"}", "{\"by\":\"me\"}");
        assertThat(journals()).isEmpty();
        try (Stream<Path> files = Files.list(journals)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aJournalLeftInTheJournalDirectory_isDeliveredByTheNextTransaction() throws Exception {
        Path journals = Files.createDirectories(runtime.resolve("journals"));
        LockedStore moved = LockedStore.builder(file, locks, "counter").logTo(log, journals)
                .journalsOfEarlierBuildsIn(runtime).build();
        moved.update(current -> LockedStore.Change.none(null));
        Files.writeString(file, "41");
        Files.writeString(journals.resolve("counter.txt.3.journal"),
                LockedStore.fingerprint(bytes("41")) + " 0\n{\"by\":\"the killed writer\"}\n");

        moved.update(current -> LockedStore.Change.none(null));

        assertThat(Files.readAllLines(log)).containsExactly("{\"by\":\"the killed writer\"}");
        try (Stream<Path> files = Files.list(journals)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void contentsThatDifferInOneBit_orOnlyInLength_haveDifferentFingerprints() {
        byte[] content = new byte[2_000_000];
        String whole = LockedStore.fingerprint(content);
        content[1_234_567] = 1;
        assertThat(LockedStore.fingerprint(content)).isNotEqualTo(whole);
        assertThat(LockedStore.fingerprint(new byte[1_999_999])).isNotEqualTo(whole);
    }

    @Test
    void linesAppendedTwice_byTheWriterAndByTheNextHolder_areInTheLogOnce() throws Exception {
        Files.writeString(log, "{\"x\":0}\n");
        long from = Files.size(log);
        List<byte[]> lines = List.of(bytes("{\"x\":1}"), bytes("{\"x\":2}"));

        assertThat(JsonLines.appendMissing(log, from, lines)).isEqualTo(2);
        JsonLines.append(log, bytes("{\"other\":true}"));
        assertThat(JsonLines.appendMissing(log, from, lines)).isZero();

        assertThat(Files.readAllLines(log)).containsExactly("{\"x\":0}", "{\"x\":1}", "{\"x\":2}", "{\"other\":true}");
    }

    private List<Path> journals() throws Exception {
        try (Stream<Path> files = Files.list(runtime)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".journal")).toList();
        }
    }

    private static String crc32c(String lines) {
        CRC32C crc = new CRC32C();
        crc.update(bytes(lines));
        return Long.toHexString(crc.getValue());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(String content) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(bytes(content)));
    }
}
