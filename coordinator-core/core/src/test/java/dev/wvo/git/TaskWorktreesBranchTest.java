package dev.wvo.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TaskWorktrees}' branches: the checkout's own found from any directory in it, a task's made from its start,
 * looked up and deleted by the exact name (loose or packed), and nothing else of that name.
 */
class TaskWorktreesBranchTest {
    @TempDir
    Path tmp;
    Path repo;
    TaskWorktrees worktrees;

    @BeforeEach
    void setUp() throws Exception {
        repo = tmp.resolve("repo");
        TestRepositories.init(repo, Map.of("a.txt", "a\n"));
        worktrees = TaskWorktrees.forDirectory(repo, Optional.empty());
    }

    @Test
    void forDirectory_fromASubdirectory_findsTheCheckoutsTopAndBranch_andOutsideAnyRepository_saysSo() throws Exception {
        GitProcess.checked(repo, "checkout", "-q", "-b", "work");
        TaskWorktrees found = TaskWorktrees.forDirectory(java.nio.file.Files.createDirectories(repo.resolve("src/deep")),
                Optional.empty());
        assertThat(found.repoDir().toRealPath()).isEqualTo(repo.toRealPath());
        assertThat(found.targetBranch()).isEqualTo("work");
        assertThat(TaskWorktrees.forDirectory(repo, Optional.of("main")).targetBranch()).isEqualTo("main");
        Path outside = java.nio.file.Files.createDirectories(tmp.resolve("plain"));
        assertThatThrownBy(() -> TaskWorktrees.forDirectory(outside, Optional.empty()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("No git repository contains " + outside);
    }

    @Test
    void branchExists_ofATaskBranchMadeForAWorktree_isTrue_andOfOneNotMadeYet_isFalse() {
        String branch = TaskWorktrees.branchName("w1", "T-1");
        assertThat(worktrees.branchExists(branch)).isFalse();
        worktrees.create("w1", "T-1", Optional.empty());
        assertThat(worktrees.branchExists(branch)).isTrue();
        assertThat(worktrees.branchExists(TaskWorktrees.branchName("w1", "T-2"))).isFalse();
    }

    @Test
    void branchExists_ofAPackedBranch_isTrue() {
        GitProcess.checked(repo, "branch", "wvo/w1/T-3");
        GitProcess.checked(repo, "pack-refs", "--all");
        assertThat(repo.resolve(".git/refs/heads/wvo/w1/T-3")).doesNotExist();
        assertThat(worktrees.branchExists("wvo/w1/T-3")).isTrue();
        assertThat(worktrees.branchExists("main")).isTrue();
    }

    @Test
    void create_stackedOnABranch_startsAtItsTip_andOnOneThatDoesNotExist_saysSo() {
        GitProcess.checked(repo, "branch", "below", "main");
        GitProcess.checked(repo, "tag", "only-a-tag", "main");
        worktrees.create("w1", "T-7", Optional.of("below"));
        assertThat(GitProcess.checked(repo, "rev-parse", TaskWorktrees.branchName("w1", "T-7")).output())
                .isEqualTo(GitProcess.checked(repo, "rev-parse", "below").output());
        assertThatThrownBy(() -> worktrees.create("w2", "T-8", Optional.of("only-a-tag")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("there is no branch 'only-a-tag'");
        assertThat(worktrees.branchExists(TaskWorktrees.branchName("w2", "T-8"))).isFalse();
    }

    @Test
    void deleteBranch_deletesTheBranch_andLeavesATagOfTheSameName() {
        worktrees.create("w1", "T-6", Optional.empty());
        worktrees.remove("w1");
        String branch = TaskWorktrees.branchName("w1", "T-6");
        GitProcess.checked(repo, "tag", branch, "main");
        worktrees.deleteBranch(branch);
        assertThat(worktrees.branchExists(branch)).isFalse();
        assertThat(GitProcess.checked(repo, "tag", "--list", branch).output().strip()).isEqualTo(branch);
    }

    @Test
    void branchExists_ofANameThatIsOnlyATagOrARemoteBranch_isFalse() {
        GitProcess.checked(repo, "tag", "wvo/w1/T-4");
        GitProcess.checked(repo, "update-ref", "refs/remotes/origin/wvo/w1/T-5", "HEAD");
        assertThat(worktrees.branchExists("wvo/w1/T-4")).isFalse();
        assertThat(worktrees.branchExists("origin/wvo/w1/T-5")).isFalse();
        assertThat(worktrees.branchExists("wvo/w1")).isFalse();
    }
}
