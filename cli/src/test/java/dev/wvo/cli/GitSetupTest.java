package dev.wvo.cli;

import dev.wvo.gitmerge.GitMergeSetup;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class GitSetupTest {

    @TempDir
    Path repo;

    @Test
    void setupPointsGitAtThisCheckoutsLauncherAndRunningItTwiceChangesNothing() throws Exception {
        Git.init().setDirectory(repo.toFile()).call().close();
        Path state = repo.resolve("state");

        Cli.Result first = Cli.inState(state, "git", "setup");
        String attributes = Files.readString(repo.resolve(".gitattributes"));
        String config = Files.readString(repo.resolve(".git/config"));
        Cli.Result second = Cli.inState(state, "git", "setup", "--repo", repo.toString());

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(attributes).isEqualTo("state/roadmap.yaml merge=wvo-roadmap\nstate/context.md merge=wvo-context\n"
                + "state/events.jsonl merge=wvo-events\n");
        assertThat(Files.readString(repo.resolve(".gitattributes"))).isEqualTo(attributes);
        assertThat(Files.readString(repo.resolve(".git/config"))).isEqualTo(config);
        Path launcher = Path.of("").toAbsolutePath().getParent().resolve("wvo");
        assertThat(GitMergeSetup.status(repo, state).drivers()).allSatisfy(d -> {
            assertThat(d.ready()).isTrue();
            assertThat(d.command()).startsWith("'" + launcher + "' merge-driver " + d.driver().kind() + " %O %A %B %P");
        });
    }

    @Test
    void aStateDirectoryOutsideAnyRepositoryFailsSayingWhatToDo() {
        Cli.Result result = Cli.inState(repo.resolve("state"), "git", "setup");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.err()).contains("not in a git repository", "git init");
    }
}
