package dev.wvo.cli;

import dev.wvo.accounts.Account;
import dev.wvo.accounts.Accounts;
import dev.wvo.config.PoolSettings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A pool entry's account: one of accounts: pins it (--agent claude:work); otherwise it is a profile. */
class PoolWorkerTest {

    private static final Accounts ACCOUNTS = new Accounts(List.of(
            new Account("claude", "work", Map.of("CLAUDE_CONFIG_DIR", "/c/work"), Map.of(), 1)));

    @Test
    void anAccountOfAccounts_isPinned_andAnyOtherNameIsAProfile() {
        PoolSettings.Member work = new PoolSettings.Member("api", "claude", List.of("codex"), "work", List.of(), List.of());
        PoolSettings.Member other = new PoolSettings.Member("ui", "claude", List.of(), "night", List.of(), List.of());

        List<String> profiles = List.of("work", "night");
        assertThat(PoolWorker.of(work, List.of(), ACCOUNTS, profiles).arguments())
                .containsExactly("--agent", "claude:work", "--fallback", "codex");
        assertThat(PoolWorker.of(other, List.of(), ACCOUNTS, profiles).arguments())
                .containsExactly("--agent", "claude", "--profile", "night");
        assertThat(PoolWorker.of(work, List.of(), Accounts.NONE, profiles).arguments())
                .containsExactly("--agent", "claude", "--fallback", "codex", "--profile", "work");
    }

    @Test
    void anAccountThatIsNeitherAnAccountNorAProfile_isAProblemNamingWhereItIsWritten() {
        PoolSettings.Member work = new PoolSettings.Member("api", "claude", List.of(), "work", List.of(), List.of(),
                "config.yaml:4:22");

        PoolWorker worker = PoolWorker.of(work, List.of(), Accounts.NONE, List.of());

        assertThat(worker.arguments()).containsExactly("--agent", "claude");
        assertThat(worker.problem()).startsWith("config.yaml:4:22: worker api's account 'work' is neither")
                .contains("name: work, backend: claude");
    }
}
