package dev.wvo.cli.shell;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerLauncherTest {

    /** The launcher script, at the repository's root; the tests run in {@code cli/}. */
    private static final Path LAUNCHER_SCRIPT = Path.of("..", "wvo");

    @TempDir
    Path dir;

    @Test
    void startedByTheLauncher_startsWorkersThroughIt() throws IOException {
        Path wvo = Files.writeString(dir.resolve("wvo"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(wvo, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> environment = Map.of(WorkerLauncher.LAUNCHER, wvo.toString());

        for (WorkerLauncher.Kind kind : WorkerLauncher.Kind.values()) {
            assertThat(WorkerLauncher.currentWvo(environment, "dev.wvo.cli.Main", kind)).as(kind.name())
                    .containsExactly(wvo.toString());
        }
        assertThat(new WorkerLauncher(WorkerLauncher.currentWvo(environment, "dev.wvo.cli.Main",
                WorkerLauncher.Kind.WORKER), List.of("--state", "s"), dir, dir).command("w1", List.of("--agent", "shell")))
                .containsExactly(wvo.toString(), "--state", "s", "worker", "--id", "w1", "--agent", "shell");
    }

    @Test
    void withoutALauncher_orWithOneThatCannotRun_startsThisJava_withTheLaunchersOptionsOfTheKind() throws IOException {
        Path notExecutable = Files.writeString(dir.resolve("wvo"), "#!/bin/sh\n");
        String java = ProcessHandle.current().info().command().orElseThrow();
        for (Map<String, String> environment : List.of(Map.<String, String>of(),
                Map.of(WorkerLauncher.LAUNCHER, notExecutable.toString()), Map.of(WorkerLauncher.LAUNCHER, ""))) {
            assertThat(new WorkerLauncher(WorkerLauncher.currentWvo(environment, "dev.wvo.cli.Main",
                    WorkerLauncher.Kind.WORKER), List.of("--state", "s"), dir, dir).command("w1", List.of("--agent", "shell")))
                    .as(environment.toString())
                    .containsExactly(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xms8m",
                            "-XX:SurvivorRatio=3", "-XX:MinHeapFreeRatio=70", "-XX:MaxHeapFreeRatio=85",
                            "-cp", System.getProperty("java.class.path"), "dev.wvo.cli.Main",
                            "--state", "s", "worker", "--id", "w1", "--agent", "shell");
            assertThat(WorkerLauncher.currentWvo(environment, "dev.wvo.cli.Main", WorkerLauncher.Kind.COMMAND))
                    .as(environment.toString())
                    .containsExactly(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData",
                            "-cp", System.getProperty("java.class.path"), "dev.wvo.cli.Main");
        }
    }

    @Test
    void eachKindsOptions_areTheLaunchersForThatKind() throws IOException {
        String script = Files.readString(LAUNCHER_SCRIPT);
        List<String> everyRun = optionsOnTheLine(script, "jvm_opts=(");
        List<String> worker = new ArrayList<>(everyRun);
        worker.addAll(optionsOnTheLine(script, "[[ $kind == worker ]] && jvm_opts+=("));

        assertThat(WorkerLauncher.Kind.COMMAND.jvmOptions()).as("the launcher's options of every run")
                .isEqualTo(everyRun);
        assertThat(WorkerLauncher.Kind.WORKER.jvmOptions()).as("the launcher's options of a worker").isEqualTo(worker);
    }

    /** The words in the parentheses of the one line of the launcher that starts with {@code start}. */
    private static List<String> optionsOnTheLine(String script, String start) {
        Matcher line = Pattern.compile("^" + Pattern.quote(start) + "([^)]*)\\)$", Pattern.MULTILINE).matcher(script);
        assertThat(line.find()).as("a line of %s that starts with %s", LAUNCHER_SCRIPT, start).isTrue();
        List<String> options = List.of(line.group(1).trim().split("\\s+"));
        assertThat(line.find()).as("a second line of %s that starts with %s", LAUNCHER_SCRIPT, start).isFalse();
        return options;
    }
}
