package dev.wvo.lock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lock contract, run unchanged against every backend. A backend's test extends this class
 * and says how to make a manager that plays one more independent process.
 */
public abstract class LockManagerContract {

    private final List<LockManager> managers = new ArrayList<>();

    /** A new manager that behaves as a separate process sharing the same lock store. */
    protected abstract LockManager newProcess(String owner);

    protected final LockManager process(String owner) {
        LockManager m = newProcess(owner);
        managers.add(m);
        return m;
    }

    @AfterEach
    void closeManagers() {
        managers.forEach(LockManager::close);
    }

    @Test
    void exclusive_heldByOne_excludesAnother() {
        LockManager a = process("a");
        LockManager b = process("b");
        Optional<LockHandle> first = a.tryAcquire("res", LockMode.EXCLUSIVE);
        assertThat(first).isPresent();
        assertThat(b.tryAcquire("res", LockMode.EXCLUSIVE)).isEmpty();
        assertThat(b.tryAcquire("res", LockMode.SHARED)).isEmpty();
        first.get().release();
        assertThat(b.tryAcquire("res", LockMode.EXCLUSIVE)).isPresent();
    }

    @Test
    void tokens_strictlyIncreasePerResource() {
        LockManager a = process("a");
        long last = 0;
        for (int i = 0; i < 5; i++) {
            try (LockHandle h = a.tryAcquire("counter", LockMode.EXCLUSIVE).orElseThrow()) {
                assertThat(h.token()).isGreaterThan(last);
                last = h.token();
            }
        }
    }

    @Test
    void timedAcquire_whenHeld_timesOutNamingHolder() {
        LockManager a = process("holder-a");
        LockManager b = process("b");
        a.tryAcquire("busy", LockMode.EXCLUSIVE).orElseThrow();
        assertThatThrownBy(() -> b.acquire("busy", LockMode.EXCLUSIVE, Duration.ofMillis(50)))
                .isInstanceOf(LockTimeoutException.class)
                .hasMessageContaining("holder-a");
    }
}
