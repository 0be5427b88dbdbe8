package dev.wvo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code wvo --version} leaves out of its start, in a real JVM that logs every class it
 * loads: no annotation is read (the JVM generates a proxy class per annotation type at each
 * start, which a class-data archive on Java 17 cannot keep; no proxy class is the sign), and none of the java.sql classes that
 * picocli's converters would look up. docs/performance.md, "Session 17", has the CPU this keeps
 * off the start; this test keeps the cause away, not the figure.
 */
class VersionStartProcessTest {

    @TempDir
    Path dir;

    @Test
    void version_readsNoAnnotation_andLooksUpNoConverterType() throws Exception {
        Path classes = dir.resolve("classes.log");
        CliProcess wvo = CliProcess.startUnder(List.of(), List.of("-Xlog:class+load=info:file=" + classes),
                dir, "version", Map.of(), "--version");

        assertThat(wvo.exitCode()).isZero();
        assertThat(Files.readString(wvo.out)).startsWith("wvo ");
        List<String> loaded = Files.readAllLines(classes);
        assertThat(loaded).as("classes --version loaded").anyMatch(line -> line.contains("dev.wvo.cli.WvoCommand "));
        assertThat(loaded).as("annotation proxies: something on --version's way reads an annotation")
                .noneMatch(line -> line.contains("__dynamic_proxy__"));
        assertThat(loaded).as("java.sql classes: picocli's converters are registered for them")
                .noneMatch(line -> line.contains(" java.sql."));
    }
}
