package dev.wvo.cli.shell;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerLauncherTest {

    @TempDir
    Path dir;

    @Test
    void startedByTheLauncher_startsWorkersThroughIt() throws IOException {
        Path wvo = Files.writeString(dir.resolve("wvo"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(wvo, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(WorkerLauncher.currentWvo(Map.of(WorkerLauncher.LAUNCHER, wvo.toString()), "dev.wvo.cli.Main"))
                .containsExactly(wvo.toString());
        assertThat(new WorkerLauncher(WorkerLauncher.currentWvo(Map.of(WorkerLauncher.LAUNCHER, wvo.toString()),
                "dev.wvo.cli.Main"), List.of("--state", "s"), dir, dir).command("w1", List.of("--agent", "shell")))
                .containsExactly(wvo.toString(), "--state", "s", "worker", "--id", "w1", "--agent", "shell");
    }

    @Test
    void withoutALauncher_orWithOneThatCannotRun_startsThisJava() throws IOException {
        Path notExecutable = Files.writeString(dir.resolve("wvo"), "#!/bin/sh\n");
        for (Map<String, String> environment : List.of(Map.<String, String>of(),
                Map.of(WorkerLauncher.LAUNCHER, notExecutable.toString()), Map.of(WorkerLauncher.LAUNCHER, ""))) {
            assertThat(WorkerLauncher.currentWvo(environment, "dev.wvo.cli.Main"))
                    .as(environment.toString())
                    .hasSize(4)
                    .contains("-cp", System.getProperty("java.class.path"), "dev.wvo.cli.Main");
        }
    }
}
