package dev.wvo.spi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class GitWorkTreesTest {

    @TempDir
    Path dir;

    @Test
    void aRealRepository_isFoundFromDeepInside() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        assertThat(new ProcessBuilder("git", "init", "-q", repo.toString()).inheritIO().start().waitFor()).isZero();
        Path deep = Files.createDirectories(repo.resolve("src/main"));

        assertThat(GitWorkTrees.topOf(deep)).contains(repo);
    }

    @Test
    void anEmptyDotGitDirectory_asCodexsSandboxLeavesInTmp_isNoRepository() throws Exception {
        Files.createDirectories(dir.resolve(".git"));
        Path work = Files.createDirectories(dir.resolve("work"));

        assertThat(GitWorkTrees.topOf(work)).isEmpty();
    }

    @Test
    void aGitdirPointer_ofALinkedWorktree_marksItsTop() throws Exception {
        Path worktree = Files.createDirectories(dir.resolve("wt"));
        Files.writeString(worktree.resolve(".git"), "gitdir: /somewhere/.git/worktrees/wt\n");

        assertThat(GitWorkTrees.topOf(worktree.resolve("not-yet-created"))).contains(worktree);
    }

    @Test
    void aStrayDotGitFile_isNoPointer() throws Exception {
        Files.writeString(dir.resolve(".git"), "not a pointer\n");

        assertThat(GitWorkTrees.topOf(dir)).isEmpty();
    }
}
