package dev.wvo.cli;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.wvo.cli.MergeQueueFixture.assertExited;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code worktree.push_to} and {@code worktree.pull_request} against a local bare remote and a
 * recording stand-in for {@code gh} (no code host is reachable here): each queued branch is pushed,
 * its request opened once with the placeholders as whole argv words, a stacked task's request based
 * on the branch below it; a branch restacked later is pushed again.
 */
@Tag("process")
class PushAndPullRequestProcessTest {

    @TempDir
    Path dir;

    @Test
    void branchesArePushed_andAStackedTasksRequestIsBasedOnTheBranchBelow() throws Exception {
        MergeQueueFixture f = new MergeQueueFixture(dir);
        f.repo.write("README.md", "hello\n");
        f.repo.commitAll("init");
        Path remote = dir.resolve("remote.git");
        new ProcessBuilder("git", "init", "-q", "--bare", remote.toString()).start().waitFor();
        f.repo.git("remote", "add", "origin", remote.toString());
        // the stand-in: one file per request, its argv one word a line, then the body it was given
        Path requests = Files.createDirectories(dir.resolve("requests"));
        Path gh = dir.resolve("gh");
        Files.writeString(gh, """
                #!/bin/sh
                out='%s'/$(ls '%s' | wc -l).txt
                for word in "$@"; do echo "$word" >> "$out"; done
                while [ $# -gt 0 ]; do [ "$1" = --body-file ] && { echo '--- body'; cat "$2"; } >> "$out"; shift; done
                echo https://example.invalid/pull/1
                """.formatted(requests, requests));
        gh.toFile().setExecutable(true);
        f.config("""
                worktree:
                  push_to: origin
                  pull_request: '%s pr create --base {base} --head {branch} --title {title} --body-file {body}'
                """.formatted(gh));
        f.addTask("a", "echo a > a.txt");
        Cli.Result b = Cli.inState(f.state, "task", "add", "b", "--title", "B; touch pwned $(touch pwned)",
                "--description", "Builds on a.", "--depends-on", "a", "--command", "echo b >> '" + f.runs
                        + "' && echo b > b.txt");
        assertThat(b.exitCode()).as(b.err()).isZero();
        // the user's work in progress holds the queue: b is stacked on a's branch
        f.repo.write("notes.txt", "the user's work in progress\n");

        assertExited(f.worker("w1"));

        assertThat(f.repo.git("ls-remote", "--heads", "origin")).contains("refs/heads/wvo/w1/a", "refs/heads/wvo/w1/b");
        assertThat(f.repo.git("ls-remote", "origin", "refs/heads/wvo/w1/b")).startsWith(
                f.repo.git("rev-parse", "wvo/w1/b").strip());
        List<String> first = Files.readAllLines(requests.resolve("0.txt"));
        List<String> second = Files.readAllLines(requests.resolve("1.txt"));
        assertThat(first.subList(0, 10)).containsExactly("pr", "create", "--base", "main", "--head", "wvo/w1/a",
                "--title", "a: Task a", "--body-file", f.state.resolve("artifacts/a/1/pull-request.md").toString());
        assertThat(second.subList(0, 8)).as("the stacked request is based on the branch below, the title one word")
                .containsExactly("pr", "create", "--base", "wvo/w1/a", "--head", "wvo/w1/b", "--title",
                        "b: B; touch pwned $(touch pwned)");
        assertThat(String.join("\n", second)).contains("--- body", "Builds on a.", "stacked on wvo/w1/a");
        assertThat(f.repo.file("pwned")).doesNotExist();
        assertThat(f.events("push")).hasSize(2).allMatch(e -> e.path("details").has("pull_request"));

        // main moves on: a lands rebased, b is restacked; both are pushed again, and no request is opened twice
        f.repo.commitAll("the user's notes");
        assertExited(f.worker("w2"));
        assertThat(requests.toFile().list()).hasSize(2);
        assertThat(f.repo.git("ls-remote", "origin", "refs/heads/wvo/w1/b")).startsWith(
                f.repo.git("rev-parse", "main").strip());
        assertThat(f.events("push")).hasSize(4).noneMatch(e -> e.path("details").has("error"));
    }
}
