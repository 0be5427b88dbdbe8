package dev.wvo.fs;

import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockLostException;
import dev.wvo.lock.LockMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Writes under a lock: a holder's write lands only while the lock store still confirms it, and a
 * write in flight when the lock passes on is voided by the next holder's claim. The interleavings
 * are placed exactly with a handle that runs a step right after its confirmation; the same with
 * real paused JVMs is {@code PausedWriterProcessTest} in the CLI.
 */
class LockedFileTest {

    @TempDir
    Path dir;

    private Path file;
    private final List<FileLockManager> managers = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        file = Files.writeString(dir.resolve("state.txt"), "v0");
    }

    @AfterEach
    void closeManagers() {
        managers.forEach(FileLockManager::close);
    }

    private FileLockManager process(String owner) {
        FileLockManager m = FileLockManager.builder(dir.resolve("locks")).owner(owner).releaseOnShutdown(false).build();
        managers.add(m);
        return m;
    }

    private LockHandle take(String owner) {
        return process(owner).tryAcquire("state", LockMode.EXCLUSIVE).orElseThrow();
    }

    @Test
    void write_replacesTheFile_keepsTheBackup_andLeavesNoTempFile() throws IOException {
        LockHandle lock = take("a");
        LockedFile locked = LockedFile.claim(lock, file);
        locked.writeKeepingBackup(bytes("v1"));
        locked.writeKeepingBackup(bytes("v2"));
        locked.makeDurable();

        assertThat(file).hasContent("v2");
        assertThat(dir.resolve("state.txt.bak")).hasContent("v1");
        assertThat(names()).containsExactlyInAnyOrder("state.txt", "state.txt.bak", "locks");
    }

    @Test
    void theBackupAWriteReplaces_isMovedAside_andRemovedWhenTheWriteIsMadeDurable() throws IOException {
        LockHandle lock = take("a");
        LockedFile locked = LockedFile.claim(lock, file);
        locked.writeKeepingBackup(bytes("v1"));
        locked.writeKeepingBackup(bytes("v2"));
        locked.writeKeepingBackup(bytes("v3"));

        String retired = ".state.txt.retired.token-" + lock.token() + ".tmp";
        assertThat(dir.resolve(retired)).as("v1, replaced by v2 as the backup, waits for the release").hasContent("v1");
        assertThat(dir.resolve("state.txt.bak")).hasContent("v2");
        locked.makeDurable();

        assertThat(file).hasContent("v3");
        assertThat(names()).containsExactlyInAnyOrder("state.txt", "state.txt.bak", "locks");
    }

    @Test
    void claim_removesEveryOtherHoldersPendingWrite_andNothingElse() throws IOException {
        Files.writeString(dir.resolve(".state.txt.token-3.tmp"), "late write of token 3");
        Files.writeString(dir.resolve(".state.txt.bak.token-3.tmp"), "late backup of token 3");
        Files.writeString(dir.resolve(".state.txt.retired.token-3.tmp"), "a backup token 3 moved aside");
        Files.writeString(dir.resolve(".state.txt.token-900.tmp"), "token 900: tokens may have started over");
        Files.writeString(dir.resolve(".state.txt.0123456789abcdef.tmp"), "an unlocked writer's temp file");
        Files.writeString(dir.resolve(".other.txt.token-3.tmp"), "another file's pending write");
        Files.createDirectories(dir.resolve(".state.txt.token-4.tmp/debris"));
        LockHandle lock = take("a");
        Files.writeString(dir.resolve(".state.txt.token-" + lock.token() + ".tmp"), "its own");

        LockedFile.claim(lock, file);

        assertThat(names()).containsExactlyInAnyOrder("state.txt", "locks", ".state.txt.0123456789abcdef.tmp",
                ".other.txt.token-3.tmp", ".state.txt.token-" + lock.token() + ".tmp");
    }

    @Test
    void write_afterTheLockPassedOn_isRefused_andChangesNothing() throws IOException {
        FileLockManager a = process("a");
        LockHandle paused = a.tryAcquire("state", LockMode.EXCLUSIVE).orElseThrow();
        LockedFile late = LockedFile.claim(paused, file);
        process("admin").breakLock("state", true);
        LockedFile next = LockedFile.claim(take("b"), file);
        next.write(bytes("b's"));

        assertThatThrownBy(() -> late.write(bytes("a's late write")))
                .isInstanceOf(LockLostException.class)
                .hasMessageContaining("'state' lock (token " + paused.token() + ")")
                .hasMessageContaining("nothing was written");
        assertThat(file).hasContent("b's");
        assertThat(names()).containsExactlyInAnyOrder("state.txt", "locks");
    }

    /** The window the confirmation cannot close: between it and the rename, the next holder claims. */
    @Test
    void writePausedBetweenConfirmationAndRename_isVoidedByTheNextHoldersClaim() throws IOException {
        LockHandle paused = take("a");
        LockHandle[] next = new LockHandle[1];
        LockHandle pausing = new AfterConfirmation(paused, () -> {
            // while "a" is stopped past its confirmation, its lock passes on and "b" claims
            process("admin").breakLock("state", true);
            next[0] = take("b");
            LockedFile.claim(next[0], file);
        });
        LockedFile late = LockedFile.claim(pausing, file);

        assertThatThrownBy(() -> late.write(bytes("a's late write"))).isInstanceOf(LockLostException.class);
        assertThat(file).hasContent("v0");
        LockedFile.claim(next[0], file).write(bytes("b's"));
        assertThat(file).hasContent("b's");
    }

    /** A stale holder's claim (it acquired, then paused before claiming) voids a live holder's write once: it is made again. */
    @Test
    void writeRemovedByAStaleHoldersLateClaim_isMadeAgain_whileTheLockStillHolds() throws IOException {
        LockHandle stale = take("a");
        process("admin").breakLock("state", true);
        LockHandle live = take("b");
        int[] claims = {0};
        LockHandle voidedOnce = new AfterConfirmation(live, () -> {
            if (claims[0]++ == 0) {
                LockedFile.claim(stale, file); // its late claim removes b's pending write
            }
        });

        LockedFile.claim(voidedOnce, file).writeKeepingBackup(bytes("b's"));

        assertThat(file).hasContent("b's");
        assertThat(dir.resolve("state.txt.bak")).hasContent("v0");
        assertThat(claims[0]).isEqualTo(2);
    }

    @Test
    void writeRemovedEveryTime_whileConfirmed_namesTwoLockStoresOnOneStateDirectory() throws IOException {
        LockHandle live = take("a");
        LockHandle contested = new AfterConfirmation(live, () -> {
            try (Stream<Path> pending = Files.list(dir)) {
                for (Path p : pending.filter(p -> p.getFileName().toString().contains("token-")).toList()) {
                    Files.delete(p); // what a claim under another lock store does
                }
            }
        });

        assertThatThrownBy(() -> LockedFile.claim(contested, file).write(bytes("a's")))
                .isInstanceOf(IOException.class).hasMessageContaining("different lock stores");
        assertThat(file).hasContent("v0");
    }

    /** A person keeps the roadmap elsewhere through a link: the rename once replaced the link with a file. */
    @Test
    void aSymbolicLinkAtTheFile_isWrittenThrough_andStaysALink() throws IOException {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path target = Files.writeString(elsewhere.resolve("real.txt"), "v0");
        Path link = Files.createSymbolicLink(dir.resolve("linked.txt"), Path.of("elsewhere/real.txt"));

        LockedFile.claim(take("a"), link).writeKeepingBackup(bytes("v1"));

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(target).hasContent("v1");
        assertThat(elsewhere.resolve("real.txt.bak")).hasContent("v0");
        try (Stream<Path> left = Files.list(elsewhere)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("real.txt", "real.txt.bak");
        }
    }

    @Test
    void debrisAtItsOwnPendingWritesName_doesNotBlockTheWrite() throws IOException {
        LockHandle lock = take("a");
        Files.createDirectories(dir.resolve(".state.txt.token-" + lock.token() + ".tmp/inner"));

        LockedFile.claim(lock, file).write(bytes("v1"));

        assertThat(file).hasContent("v1");
        assertThat(names()).containsExactlyInAnyOrder("state.txt", "locks");
    }

    @Test
    void claim_refusesASharedLock() {
        LockHandle shared = process("a").tryAcquire("state", LockMode.SHARED).orElseThrow();
        assertThatThrownBy(() -> LockedFile.claim(shared, file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exclusive");
    }

    private List<String> names() throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Something that happens while the holder is stopped right after a successful confirmation. */
    @FunctionalInterface
    private interface Step {
        void run() throws IOException;
    }

    /** A handle that runs a step each time its confirmation succeeds, as if its process paused there. */
    private record AfterConfirmation(LockHandle lock, Step step) implements LockHandle {
        @Override
        public boolean confirm() {
            boolean held = lock.confirm();
            if (held) {
                try {
                    step.run();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return held;
        }

        @Override
        public String resource() {
            return lock.resource();
        }

        @Override
        public LockMode mode() {
            return lock.mode();
        }

        @Override
        public long token() {
            return lock.token();
        }

        @Override
        public Instant acquiredAt() {
            return lock.acquiredAt();
        }

        @Override
        public boolean isValid() {
            return lock.isValid();
        }

        @Override
        public boolean release() {
            return lock.release();
        }
    }
}
