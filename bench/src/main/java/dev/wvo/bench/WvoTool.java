package dev.wvo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** wvo as {@link ThroughputBenchmark} drives it: a roadmap of shell tasks and N {@code wvo worker}s started through {@code ./wvo}. */
final class WvoTool implements ToolUnderTest {

    private final Path launcher;

    WvoTool(Path launcher) {
        this.launcher = launcher;
    }

    @Override
    public String name() {
        return "wvo";
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
        for (int i = 1; i <= workers; i++) {
            started.add(new ProcessBuilder(launcher.toString(), "worker", "--state", dir.resolve("state").toString(),
                    "--id", "w" + i, "--agent", "shell", "--exit-when-idle", "--workdir", dir.resolve("work").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("w" + i + ".log").toFile()).start());
        }
        return started;
    }
}
