package dev.wvo.config;

import dev.wvo.accounts.Account;
import dev.wvo.accounts.Budget;
import dev.wvo.notify.NoticeKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The accounts, limits, budget and notify sections of config.yaml: read into their settings, mistakes named with their place. */
class AccountsConfigTest {

    @TempDir
    Path dir;

    private Config read(String yaml) throws Exception {
        return Config.read(Files.writeString(dir.resolve("config.yaml"), yaml));
    }

    @Test
    void accounts_areOrdered_andAChainTakesABackendsAccountsBeforeTheNextBackend() throws Exception {
        Config config = read("""
                accounts:
                  - {name: personal, backend: claude, env: {CLAUDE_CONFIG_DIR: /c/personal}, order: 2}
                  - {name: work, backend: claude, env: {CLAUDE_CONFIG_DIR: /c/work}, order: 1}
                  - {name: team, backend: claude, env: {ANTHROPIC_API_KEY: $TEAM_KEY}, order: 9}
                  - {name: main, backend: codex, env: {CODEX_HOME: /x/main}, settings: {model: gpt-5.5}}
                limits: {cool_down: 10m, min_cool_down: 30s, wake_jitter: 5s}
                budget: {task: $2.50, account_per_day: 200k tokens, run: 1.5 usd}
                notify:
                  on: [needs-attention, all-limited]
                  commands: ["./hooks/notify.sh --loud", [sh, -c, 'cat > /tmp/n']]
                  notifiers: {webhook: {url: $HOOK}}
                  quiet: 5m
                  max_per_hour: 3
                """);

        assertThat(config.accounts().chain(List.of("claude", "codex"))).extracting(Account::id)
                .containsExactly("claude:work", "claude:personal", "claude:team", "codex:main");
        assertThat(config.accounts().chain(List.of("claude:team", "codex"))).extracting(Account::id)
                .containsExactly("claude:team", "codex:main");
        assertThat(config.accounts().chain(List.of("shell"))).extracting(Account::id).containsExactly("shell");
        assertThat(config.accounts().byId("codex:main").orElseThrow().settings()).containsEntry("model", "gpt-5.5");
        assertThat(config.accounts().byId("claude:team").orElseThrow().resolvedEnvironment(Map.of("TEAM_KEY", "sk-t")))
                .containsEntry("ANTHROPIC_API_KEY", "sk-t");
        assertThat(config.limits().coolDown()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.limits().minCoolDown()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.budgets().task()).isEqualTo(new Budget(2.5, null));
        assertThat(config.budgets().accountPerDay()).isEqualTo(new Budget(null, 200_000L));
        assertThat(config.budgets().run()).isEqualTo(new Budget(1.5, null));
        var notify = config.notifications().orElseThrow();
        assertThat(notify.on()).containsExactlyInAnyOrder(NoticeKind.NEEDS_ATTENTION, NoticeKind.ALL_LIMITED);
        assertThat(notify.commands()).containsExactly(List.of("./hooks/notify.sh", "--loud"),
                List.of("sh", "-c", "cat > /tmp/n"));
        assertThat(notify.notifiers()).containsEntry("webhook", Map.of("url", "$HOOK"));
        assertThat(notify.quiet()).isEqualTo(Duration.ofMinutes(5));
        assertThat(notify.maxPerHour()).isEqualTo(3);
    }

    @Test
    void aSecretWrittenInTheFile_isRefused_sayingToTakeItFromAVariable() {
        assertThatThrownBy(() -> read("accounts:\n  - {name: team, backend: claude, env: {ANTHROPIC_API_KEY: sk-ant-123}}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("config.yaml:2:")
                .hasMessageContaining("holds a secret written in the file")
                .hasMessageContaining("write `ANTHROPIC_API_KEY: $NAME`");
    }

    @Test
    void anAccountNamedTwice_anUnknownAccount_andBadBudgetsOrDurations_areNamed() throws Exception {
        assertThatThrownBy(() -> read("""
                accounts:
                  - {name: work, backend: claude}
                  - {name: work, backend: claude}
                """)).hasMessageContaining("config.yaml:3:").hasMessageContaining("names claude:work a second time (first at");
        Config config = read("accounts:\n  - {name: work, backend: claude}\n");
        assertThatThrownBy(() -> config.accounts().chain(List.of("claude:home")))
                .hasMessageContaining("No account 'claude:home' in config.yaml: the accounts of claude are claude:work");
        assertThatThrownBy(() -> read("budget: {task: two dollars}\n")).hasMessageContaining("config.yaml:1:")
                .hasMessageContaining("is 'two dollars', which is not a budget; write $2.50");
        assertThatThrownBy(() -> read("budget: {task: $0}\n")).as("zero blocks every task before it runs: refused")
                .hasMessageContaining("config.yaml:1:").hasMessageContaining("is '$0', a budget of nothing")
                .hasMessageContaining("write more than zero, or remove it for no budget");
        assertThatThrownBy(() -> read("limits: {cool_down: soon}\n"))
                .hasMessageContaining("is 'soon', not a duration");
        assertThatThrownBy(() -> read("notify: {on: [everything]}\n"))
                .hasMessageContaining("is 'everything'; it must be one of needs-attention, all-limited");
    }

    @Test
    void anAccountsVariableNotSetWhereTheWorkerRuns_saysWhichAndWhatToDo() throws Exception {
        Config config = read("accounts:\n  - {name: team, backend: claude, env: {ANTHROPIC_API_KEY: $TEAM_KEY}}\n");
        assertThatThrownBy(() -> config.accounts().byId("claude:team").orElseThrow().resolvedEnvironment(Map.of()))
                .hasMessageContaining("account claude:team's ANTHROPIC_API_KEY is $TEAM_KEY, which is not set where this "
                        + "worker runs; export it, or leave the account out");
    }
}
