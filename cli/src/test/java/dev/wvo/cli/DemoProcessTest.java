package dev.wvo.cli;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** `wvo demo` as a newcomer runs it: three real worker processes finish the example roadmap. */
@Tag("process")
class DemoProcessTest {

    @TempDir
    Path dir;

    @Test
    void demo_finishesTheExampleRoadmap_findsTheStagedConflict_andExitsZero() throws Exception {
        Path plugins = ReactorPlugins.folderIn(dir);
        Path roadmap = Path.of("..", "examples", "roadmap.yaml").toAbsolutePath().normalize();
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--plugins", plugins.toString(),
                "demo", "--roadmap", roadmap.toString(), "--dir", dir.resolve("demo").toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("demo.log").toFile());
        builder.environment().remove("WVO_STATE");
        Process demo = builder.start();
        assertThat(demo.waitFor(4, TimeUnit.MINUTES)).as("the demo ends by itself").isTrue();
        String out = Files.readString(dir.resolve("demo.log"));
        assertThat(demo.exitValue()).as(out).isZero();
        assertThat(out).contains("tasks done: 12 of 12", "worker1", "worker2", "worker3",
                "conflict found: docs/NOTES.md", "context updates merged into context.md: 12");
        assertThat(dir.resolve("demo/shop/README.md")).exists();
        assertThat(dir.resolve("demo/state/roadmap.yaml")).content().doesNotContain("status: pending");
    }
}
