package dev.wvo.cli.shell;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The options of the shell's spawn, and the worker command line the launcher builds from them. */
class SpawnRequestTest {

    private static SpawnRequest parse(String... words) {
        return SpawnRequest.parse(List.of(words), null);
    }

    @Test
    void everyOption_reachesTheWorker_inBothSpellings() {
        SpawnRequest r = parse("--agent", "claude", "--fallback=codex,shell", "--domains", "api, docs", "--epics=e1",
                "--policy", "domain", "--profile=second", "--workdir", "/repo", "--worktree", "always", "--repo=/repo",
                "--set", "claude.model=opus", "--set=codex.sandbox=workspace-write");

        assertThat(r.workerArguments()).containsExactly("--agent", "claude", "--fallback", "codex,shell",
                "--domains", "api,docs", "--epics", "e1", "--policy", "domain", "--profile", "second",
                "--workdir", "/repo", "--worktree", "always", "--repo", "/repo", "--set", "claude.model=opus",
                "--set", "codex.sandbox=workspace-write");
    }

    @Test
    void noOptions_repeatTheLastSpawn_andOptionsWithoutAgentKeepItsAgent() {
        SpawnRequest first = parse("--agent", "codex", "--epics", "e1");

        assertThat(SpawnRequest.parse(List.of(), first)).isEqualTo(first);
        assertThat(SpawnRequest.parse(List.of("--domains", "api"), first).workerArguments())
                .containsExactly("--agent", "codex", "--domains", "api");
    }

    @Test
    void firstSpawnWithoutAgent_saysWhatToPass() {
        assertThatThrownBy(() -> parse("--domains", "api"))
                .hasMessageContaining("needs --agent NAME").hasMessageContaining("wvo plugins list");
    }

    @Test
    void unknownOptionsAndMissingValues_areRefusedByName() {
        assertThatThrownBy(() -> parse("--agent", "shell", "--bogus")).hasMessage("spawn does not take '--bogus'");
        assertThatThrownBy(() -> parse("shell")).hasMessage("spawn does not take 'shell'");
        assertThatThrownBy(() -> parse("--agent")).hasMessage("--agent needs a value");
        assertThatThrownBy(() -> parse("--agent=")).hasMessage("--agent needs a value");
    }

    @Test
    void launcher_startsWvoWorker_withTheGlobalOptionsAndTheChosenId() {
        WorkerLauncher launcher = new WorkerLauncher(List.of("/usr/bin/setsid", "/jdk/bin/java", "-cp", "a.jar:b.jar",
                "dev.wvo.cli.Main"), List.of("--state", "/s", "--plugins", "/p"), Path.of("/s"), Path.of("/repo"));

        assertThat(launcher.command("worker3", parse("--agent", "shell", "--domains", "api")))
                .containsExactly("/usr/bin/setsid", "/jdk/bin/java", "-cp", "a.jar:b.jar", "dev.wvo.cli.Main",
                        "--state", "/s", "--plugins", "/p", "worker", "--id", "worker3", "--agent", "shell",
                        "--domains", "api");
        assertThat(launcher.logOf("worker3")).isEqualTo(Path.of("/s", "workers", "worker3.log"));
    }

    @Test
    void currentJava_isThisJvmsJavaAndClassPath() {
        List<String> java = WorkerLauncher.currentJava("dev.wvo.cli.Main");

        assertThat(java).hasSize(4).endsWith("-cp", System.getProperty("java.class.path"), "dev.wvo.cli.Main");
        assertThat(Path.of(java.get(0))).isExecutable();
    }
}
