package dev.wvo.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code wvo init}: the state directory it creates, and what it refuses. */
class InitCommandTest {

    @TempDir
    Path dir;

    @Test
    void init_createsTheLayout_ownerOnly() throws Exception {
        Path state = dir.resolve("state");

        Cli.Result r = Cli.inState(state, "init");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readString(state.resolve("roadmap.yaml"))).isEqualTo("version: 2\ntasks: []\n");
        assertThat(Files.readString(state.resolve("context.md"))).startsWith("# Shared context").contains("## Recent Updates");
        assertThat(state.resolve("locks")).isDirectory();
        assertThat(state.resolve("workers")).isDirectory();
        assertThat(state.resolve("README.md")).isRegularFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rwx------");
        assertThat(Cli.inState(state, "task", "list").exitCode()).isZero();
    }

    @Test
    void init_overAnExistingRoadmap_refusesWithoutForce() throws Exception {
        Path state = dir.resolve("state");
        Cli.inState(state, "init");
        Files.writeString(state.resolve("roadmap.yaml"), "version: 2\ntasks:\n  - id: a\n    title: A\n");

        Cli.Result refused = Cli.inState(state, "init");
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(refused.err()).contains("exists already").contains("--force");
        assertThat(Files.readString(state.resolve("roadmap.yaml"))).contains("id: a");

        Cli.Result forced = Cli.inState(state, "init", "--force");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(Files.readString(state.resolve("roadmap.yaml"))).isEqualTo("version: 2\ntasks: []\n");
        assertThat(Files.readString(state.resolve("roadmap.yaml.bak"))).contains("id: a");
    }

    @Test
    void initFrom_copiesAValidRoadmap() throws Exception {
        Path source = Files.writeString(dir.resolve("mine.yaml"), "tasks:\n  - id: a\n    title: A  # kept\n");
        Path state = dir.resolve("state");

        Cli.Result r = Cli.inState(state, "init", "--from", source.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readString(state.resolve("roadmap.yaml"))).isEqualTo(Files.readString(source));
    }

    @Test
    void initFrom_aBrokenRoadmap_failsWithItsPosition_andWritesNothing() throws Exception {
        Path source = Files.writeString(dir.resolve("broken.yaml"), "tasks:\n  - id: a\n    title: [unclosed\n");
        Path state = dir.resolve("state");

        Cli.Result r = Cli.inState(state, "init", "--from", source.toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains(source.toString() + ":").contains("nothing was written");
        assertThat(state).doesNotExist();
    }
}
