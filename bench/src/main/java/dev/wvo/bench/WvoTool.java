package dev.wvo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * wvo as {@link ThroughputBenchmark} drives it: a roadmap of shell tasks and N {@code wvo worker}s
 * started through {@code ./wvo}, each in a JVM of its own or all hosted in one ({@code --id
 * w1,w2,...}, docs/cli.md "Several workers in one process").
 */
final class WvoTool implements ToolUnderTest {

    private final Path launcher;
    private final boolean oneJvm;

    WvoTool(Path launcher, boolean oneJvm) {
        this.launcher = launcher;
        this.oneJvm = oneJvm;
    }

    @Override
    public String name() {
        return oneJvm ? "wvo-1jvm" : "wvo";
    }

    @Override
    public void prepare(Path dir, List<WorkItem> items) throws Exception {
        StringBuilder yaml = new StringBuilder("version: 2\ntasks:\n");
        for (WorkItem item : items) {
            yaml.append("  - id: ").append(item.id()).append("\n    title: Work item ").append(item.id())
                    .append("\n    owns: [out/").append(item.id()).append("]\n    command: ").append(item.command()).append('\n');
        }
        Path roadmap = dir.resolve("roadmap.yaml");
        Files.writeString(roadmap, yaml.toString());
        Launcher.run(launcher, "init", "--from", roadmap.toString(), "--state", dir.resolve("state").toString());
        Files.createDirectories(dir.resolve("work"));
    }

    @Override
    public List<Process> start(Path dir, int workers) throws IOException {
        List<Process> started = new ArrayList<>();
        if (oneJvm) {
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= workers; i++) {
                ids.add("w" + i);
            }
            started.add(new ProcessBuilder(launcher.toString(), "worker", "--state", dir.resolve("state").toString(),
                    "--id", String.join(",", ids), "--agent", "shell", "--exit-when-idle", "--workdir",
                    dir.resolve("work").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("workers.log").toFile()).start());
            return started;
        }
        for (int i = 1; i <= workers; i++) {
            started.add(new ProcessBuilder(launcher.toString(), "worker", "--state", dir.resolve("state").toString(),
                    "--id", "w" + i, "--agent", "shell", "--exit-when-idle", "--workdir", dir.resolve("work").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("w" + i + ".log").toFile()).start());
        }
        return started;
    }
}
