package dev.wvo.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 21, defect 12: with the roadmap's fence ahead of the lock's counter (guard files removed
 * by hand), every roadmap write failed with "unexpected error: StaleTokenException" and doctor
 * said all was well. Writes no longer compare tokens: they go on; doctor names the left-over fence.
 */
class ResetLockDirectoryTest {

    @TempDir
    Path state;

    @Test
    void guardFilesRemovedByHand_behindAnOldFence_roadmapWritesGoOn_andDoctorNamesTheFence() throws Exception {
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
        assertThat(Cli.inState(state, "task", "add", "A", "--title", "a").exitCode()).isZero();
        Path locks = state.resolve("locks");
        Files.writeString(locks.resolve("roadmap.yaml.fence"), "999999\n"); // what wvo before issue 21 kept
        try (Stream<Path> guards = Files.list(locks)) {
            for (Path guard : guards.filter(p -> p.toString().endsWith(".guard")).toList()) {
                Files.delete(guard);
            }
        }

        Cli.Result add = Cli.inState(state, "task", "add", "B", "--title", "b");

        assertThat(add.exitCode()).as(add.err()).isZero();
        assertThat(Cli.inState(state, "task", "list").out()).contains("A", "B");
        Cli.Result doctor = Cli.inState(state, "--no-color", "doctor", "--no-lock-check");
        assertThat(doctor.out()).contains("obsolete fence", "roadmap.yaml.fence", "no longer read",
                "rm " + locks.resolve("roadmap.yaml.fence"));
    }
}
