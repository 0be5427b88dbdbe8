package dev.wvo.gitmerge;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.StoredConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GitMergeSetupTest {

    @TempDir
    Path repo;

    @Test
    void installWritesAttributesAndDriversOnceAndStatusSeesThem() throws Exception {
        Git.init().setDirectory(repo.toFile()).call().close();
        Files.writeString(repo.resolve(".gitattributes"), "*.png binary");
        Path state = repo.resolve("state");

        assertThat(GitMergeSetup.status(repo, state).ready()).isFalse();
        GitMergeSetup.install(repo, state, "'/opt/wvo dir/wvo'");
        GitMergeSetup.SetupStatus status = GitMergeSetup.install(repo.resolve("state"), state, "'/opt/wvo dir/wvo'");

        assertThat(status.ready()).isTrue();
        assertThat(GitMergeSetup.status(repo).ready()).isTrue();
        assertThat(Files.readString(repo.resolve(".gitattributes"))).isEqualTo("""
                *.png binary
                state/roadmap.yaml merge=wvo-roadmap
                state/context.md merge=wvo-context
                state/events.jsonl merge=wvo-events
                """);
        try (Git git = Git.open(repo.toFile())) {
            StoredConfig config = git.getRepository().getConfig();
            assertThat(config.getString("merge", "wvo-roadmap", "driver"))
                    .isEqualTo("'/opt/wvo dir/wvo' merge-driver roadmap %O %A %B %P");
            assertThat(config.getString("merge", "wvo-events", "name")).isEqualTo("wvo event log merge, union by time");
        }
    }

    @Test
    void aStateDirectoryAtTheTopIsAnchoredThere() throws Exception {
        Git.init().setDirectory(repo.toFile()).call().close();

        GitMergeSetup.install(repo, repo, "wvo");

        assertThat(Files.readString(repo.resolve(".gitattributes"))).startsWith("/roadmap.yaml merge=wvo-roadmap\n");
    }

    @Test
    void aDirectoryOutsideAnyRepositoryIsRefused() {
        assertThatThrownBy(() -> GitMergeSetup.status(repo, repo.resolve("state")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not in a git repository");
    }
}
