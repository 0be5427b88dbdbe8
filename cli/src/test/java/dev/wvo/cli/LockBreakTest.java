package dev.wvo.cli;

import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.HostIdentity;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockMode;
import dev.wvo.lock.ProcessRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LockBreakTest {

    @TempDir
    Path dir;

    private FileLockManager.Builder manager(String owner) {
        return FileLockManager.builder(dir.resolve("locks")).owner(owner).releaseOnShutdown(false);
    }

    @Test
    void break_liveHolder_isRefusedNamingItAndForce_thenForceBreaksIt() {
        try (FileLockManager holder = manager("agent-1").build();
             LockHandle held = holder.tryAcquire("roadmap", LockMode.EXCLUSIVE).orElseThrow()) {

            Cli.Result refused = Cli.inState(dir, "lock", "break", "roadmap");
            assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(refused.err()).startsWith("wvo: lock 'roadmap' is held by a live holder: agent-1 (pid "
                            + ProcessHandle.current().pid())
                    .contains("token " + held.token())
                    .contains("wvo lock break roadmap --force");
            assertThat(refused.err().strip().lines()).hasSize(1);
            assertThat(holder.inspect("roadmap")).isPresent();

            Cli.Result forced = Cli.inState(dir, "lock", "break", "roadmap", "--force");
            assertThat(forced.exitCode()).isZero();
            assertThat(forced.out()).startsWith("Broke lock 'roadmap': removed agent-1").contains("alive");
            assertThat(holder.inspect("roadmap")).isEmpty();

            holder.renewAll();
            assertThat(held.isValid()).isFalse();
        }
    }

    @Test
    void break_staleHolder_needsNoForce() {
        try (FileLockManager dead = manager("gone").heartbeatInterval(Duration.ZERO)
                .process(new ProcessRef(HostIdentity.current(), ProcessHandle.current().pid(), Instant.EPOCH)).build()) {
            dead.tryAcquire("r", LockMode.EXCLUSIVE).orElseThrow();

            Cli.Result r = Cli.inState(dir, "lock", "break", "r");

            assertThat(r.exitCode()).isZero();
            assertThat(r.out()).contains("removed gone").contains("stale: process dead");
        }
    }

    @Test
    void break_noLock_saysSoAndSucceeds() {
        Cli.Result noDirectory = Cli.inState(dir, "lock", "break", "r");
        assertThat(noDirectory.exitCode()).isZero();
        assertThat(noDirectory.out()).contains("nothing to break");

        try (FileLockManager m = manager("x").build()) {
            m.tryAcquire("other", LockMode.EXCLUSIVE).orElseThrow().release();
        }
        Cli.Result noLock = Cli.inState(dir, "lock", "break", "r");
        assertThat(noLock.exitCode()).isZero();
        assertThat(noLock.out()).startsWith("No lock on 'r'").contains("nothing to break");
    }

    @Test
    void break_refusal_quotesResourceNamesThatNeedIt() {
        try (FileLockManager holder = manager("agent-1").build();
             LockHandle held = holder.tryAcquire("it's mine", LockMode.EXCLUSIVE).orElseThrow()) {
            Cli.Result refused = Cli.inState(dir, "lock", "break", "it's mine");
            assertThat(refused.err()).contains("run: wvo lock break 'it'\\''s mine' --force");
        }
    }
}
