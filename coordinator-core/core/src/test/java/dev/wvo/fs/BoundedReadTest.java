package dev.wvo.fs;

import dev.wvo.context.ContextStores;
import dev.wvo.lock.FileLockManager;
import dev.wvo.roadmap.RoadmapException;
import dev.wvo.roadmap.RoadmapReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 21, defect 13: a state file a person or a bug grew is one clear error, never an OutOfMemoryError. */
class BoundedReadTest {

    @TempDir
    Path dir;

    @Test
    void aFileLargerThanTheLimit_isRefusedBeforeItIsRead_namingItsSize() throws Exception {
        Path huge = sparse(dir.resolve("roadmap.yaml"), 3L << 30);

        assertThatThrownBy(() -> BoundedRead.bytes(huge, BoundedRead.DOCUMENT))
                .isInstanceOf(UnreadableStateFileException.class)
                .hasMessageStartingWith(huge + ": it is 3 GiB, more than the 64 MiB such a file can be")
                .hasMessageContaining("Move it away");
        assertThatThrownBy(() -> RoadmapReader.read(huge)).isInstanceOf(RoadmapException.class)
                .hasMessageStartingWith(huge + ":1:1: it is 3 GiB");
    }

    @Test
    void aFileUpToTheLimit_isReadWhole() throws Exception {
        Path file = Files.write(dir.resolve("record.json"), new byte[BoundedRead.RECORD]);
        assertThat(BoundedRead.bytes(file, BoundedRead.RECORD)).hasSize(BoundedRead.RECORD);
        assertThat(BoundedRead.bytes(Files.write(dir.resolve("empty"), new byte[0]), 10)).isEmpty();
    }

    @Test
    void aDirectoryOrAPipe_isNotReadButNamed() throws Exception {
        Path directory = Files.createDirectory(dir.resolve("context.md"));
        Path pipe = dir.resolve("pipe");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();

        assertThatThrownBy(() -> BoundedRead.utf8(directory, BoundedRead.DOCUMENT))
                .hasMessage(directory + ": a directory stands where the file belongs; move it away and run again");
        assertThatThrownBy(() -> BoundedRead.bytes(pipe, BoundedRead.RECORD)).hasMessageContaining("a pipe or device");
    }

    /** Issue 21, defect 22: a context.md that is not UTF-8 printed "unexpected error: MalformedInputException". */
    @Test
    void textThatIsNotUtf8_namesLineAndColumnOfTheFirstBadByte() throws Exception {
        Path context = Files.write(dir.resolve("context.md"), new byte[] {'#', ' ', 'a', '\n', 'o', 'k', ' ', (byte) 0xE9, '\n'});

        assertThatThrownBy(() -> BoundedRead.utf8(context, BoundedRead.DOCUMENT))
                .isInstanceOf(UnreadableStateFileException.class)
                .hasMessage(context + ":2:4: not UTF-8 text (byte 0xE9); save it as UTF-8, or restore it from a backup or from git");
        try (FileLockManager locks = FileLockManager.builder(dir.resolve("locks")).releaseOnShutdown(false).build()) {
            assertThatThrownBy(() -> ContextStores.of(dir, locks).read()).hasMessageContaining(":2:4: not UTF-8 text");
        }
    }

    @Test
    void sizes_areWrittenAsPeopleReadThem() {
        assertThat(BoundedRead.describe(512)).isEqualTo("512 bytes");
        assertThat(BoundedRead.describe(3 * 1024 + 400)).isEqualTo("3.4 KiB");
        assertThat(BoundedRead.describe(64L << 20)).isEqualTo("64 MiB");
    }

    private static Path sparse(Path file, long length) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(length);
        }
        return file;
    }
}
