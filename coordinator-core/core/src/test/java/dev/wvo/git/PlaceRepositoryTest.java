package dev.wvo.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TaskWorkspace.Place#repository}: opened once for an attempt, and again after its end, as the folder is then. */
class PlaceRepositoryTest {
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
    void aWorktreesRepository_isOpenedOnce_andServesEveryLookUntilClosed() throws Exception {
        Path wt = worktrees.create("w1", "T-1", Optional.empty());
        try (TaskWorkspace.Place place = new TaskWorkspace.Place(wt, TaskWorktrees.branchName("w1", "T-1"), null)) {
            Repository first = place.repository();
            assertThat(place.repository()).isSameAs(first);
            assertThat(first.getBranch()).isEqualTo(TaskWorktrees.branchName("w1", "T-1"));
            assertThat(first.getWorkTree().toPath().toRealPath()).isEqualTo(wt.toRealPath());
        }
    }

    @Test
    void afterTheAttemptsEnd_theFolderRemovedAndAddedAgain_isReadAsItIsNow() throws Exception {
        // the reason the repository is not kept between attempts: the same path, another worktree
        Path wt = worktrees.create("w1", "T-1", Optional.empty());
        TaskWorkspace.Place place = new TaskWorkspace.Place(wt, TaskWorktrees.branchName("w1", "T-1"), null);
        Repository before = place.repository();
        place.close();
        worktrees.remove("w1");
        assertThat(worktrees.create("w1", "T-2", Optional.empty())).isEqualTo(wt);

        Repository after = place.repository();
        assertThat(after).isNotSameAs(before);
        assertThat(after.getBranch()).isEqualTo(TaskWorktrees.branchName("w1", "T-2"));
        place.close();
    }

    @Test
    void aWorktreeFolderWithoutItsGitFile_isNoRepository_notTheCheckoutAboveIt() throws Exception {
        // a worktree's leftovers are committed to its own branch, never to the user's checkout that contains the folder
        Path wt = worktrees.create("w1", "T-1", Optional.empty());
        Files.delete(wt.resolve(".git"));
        try (TaskWorkspace.Place place = new TaskWorkspace.Place(wt, TaskWorktrees.branchName("w1", "T-1"), null)) {
            assertThatThrownBy(place::repository).isInstanceOf(IOException.class);
        }
    }

    @Test
    void theWorkersOwnDirectory_isReadInTheRepositoryThatContainsIt() throws Exception {
        Path sub = Files.createDirectories(repo.resolve("src/deep"));
        try (TaskWorkspace.Place place = new TaskWorkspace.Place(sub, null, null)) {
            assertThat(place.repository().getWorkTree().toPath().toRealPath()).isEqualTo(repo.toRealPath());
        }
        try (TaskWorkspace.Place nowhere = new TaskWorkspace.Place(Files.createDirectories(tmp.resolve("plain")), null, null)) {
            assertThatThrownBy(nowhere::repository).isInstanceOf(IOException.class);
        }
    }
}
