package dev.wvo.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shell backend's plugin jar as the reactor built it ({@code plugins/agent-shell/target}),
 * copied into a folder of its own for {@code wvo worker --plugins}. The plugin modules come
 * before {@code cli} in the parent pom, so {@code mvn verify} has packaged it by the time these
 * tests run.
 */
final class ShellPlugin {

    private ShellPlugin() {
    }

    /** A folder under {@code dir} holding only the shell plugin's jar. */
    static Path folderIn(Path dir) throws IOException {
        Path target = Path.of("..", "plugins", "agent-shell", "target").toAbsolutePath().normalize();
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "wvo-plugin-agent-shell-*.jar")) {
                for (Path jar : jars) {
                    if (!jar.getFileName().toString().endsWith("-sources.jar")) {
                        Files.copy(jar, plugins.resolve(jar.getFileName()));
                        return plugins;
                    }
                }
            }
        }
        throw new IllegalStateException("No shell plugin jar in " + target
                + ": build it first (mvn -B -pl plugins/agent-shell -am package -DskipTests), or run mvn verify from the root");
    }
}
