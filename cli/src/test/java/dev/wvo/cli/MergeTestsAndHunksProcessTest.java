package dev.wvo.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The merge queue with real worker JVMs on a real repository: a flaky test command is run again
 * up to {@code worktree.test_retries} times with every run's output kept, and a branch that
 * conflicts goes back to its agent with the conflicting hunks in the next attempt's prompt.
 */
@Tag("process")
class MergeTestsAndHunksProcessTest {

    @TempDir
    Path dir;

    private RepoWorkers on;
    private Path state;
    private GitRepo repo;

    @BeforeEach
    void init() throws Exception {
        on = new RepoWorkers(dir);
        state = on.state;
        repo = on.repo;
        repo.write("shared.txt", "line 1\nline 2\nline 3\n");
        repo.commitAll("init");
    }

    private CliProcess worker(String name, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("--worktree", "always", "--exit-when-idle"));
        args.addAll(List.of(options));
        return on.worker(name, args.toArray(String[]::new));
    }

    @Test
    void aFlakyMergeTest_isRunAgain_andEveryRunsOutputIsKept() throws Exception {
        Path count = dir.resolve("count");
        Files.writeString(state.resolve("config.yaml"), """
                worktree:
                  test_command: "n=$(cat '%s' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '%s'; echo run $n; [ $n -ge 2 ]"
                  test_retries: 2
                """.formatted(count, count));
        on.addTask("m", "echo m > m.txt");

        CliProcess w = worker("w1");
        assertThat(w.exitCode()).as(w.stderr() + w.stdout()).isZero();

        assertThat(on.task("m").toString()).contains("\"merge\":\"merged\"");
        assertThat(repo.git("show", "main:m.txt")).isEqualTo("m\n");
        List<Path> logs;
        try (Stream<Path> files = Files.list(state.resolve("artifacts/m/1"))) {
            logs = files.filter(f -> f.getFileName().toString().startsWith("merge-test")).sorted().toList();
        }
        assertThat(logs).extracting(p -> p.getFileName().toString()).containsExactly("merge-test.2.log", "merge-test.log");
        assertThat(Files.readString(logs.get(1))).contains("run 1");
        assertThat(Files.readString(logs.get(0))).contains("run 2");
    }

    @Test
    void aConflictingBranch_goesBackToItsAgent_withTheConflictingHunksInThePrompt() throws Exception {
        Files.writeString(state.resolve("config.yaml"), """
                reactions:
                  merge_conflict: {action: retry, max: 1}
                """);
        // both start from the same main before either lands, and change the same line
        for (String[] t : List.of(new String[] {"a", "b"}, new String[] {"b", "a"})) {
            Path mine = dir.resolve(t[0] + ".ran");
            Path other = dir.resolve(t[1] + ".ran");
            on.addTask(t[0], "sed -i 's/line 2/line 2 by " + t[0] + "/' shared.txt && touch '" + mine + "' && "
                    + "while [ ! -f '" + other + "' ]; do sleep 0.05; done", "--owns", "dir-" + t[0]);
        }

        CliProcess w1 = worker("w1");
        CliProcess w2 = worker("w2");
        assertThat(w1.exitCode()).as(w1.stderr() + w1.stdout()).isZero();
        assertThat(w2.exitCode()).as(w2.stderr() + w2.stdout()).isZero();

        String loser = on.task("a").path("attempts").asInt() == 2 ? "a" : "b";
        String winner = loser.equals("a") ? "b" : "a";
        assertThat(on.task(loser).path("attempts").asInt()).as("the loser ran once more").isEqualTo(2);
        String prompt = Files.readString(state.resolve("artifacts/" + loser + "/2/prompt.txt"));
        assertThat(prompt).contains("conflicted with main in these files", "shared.txt", "<<<<<<< main",
                "line 2 by " + winner, "=======", "line 2 by " + loser, ">>>>>>> wvo/");
    }
}
