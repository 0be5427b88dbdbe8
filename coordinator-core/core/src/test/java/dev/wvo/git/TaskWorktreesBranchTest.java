package dev.wvo.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TaskWorktrees#branchExists}: a local branch by its exact name, loose or packed, and nothing else of that name. */
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
