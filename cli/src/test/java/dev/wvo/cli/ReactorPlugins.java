package dev.wvo.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The agent backends, partition policies and notifiers as plugin jars, as the reactor built them
 * ({@code plugins/<name>/target}), copied into one folder for {@code wvo worker --plugins}. The
 * plugin modules come before {@code cli} in the parent pom, so {@code mvn verify} has packaged
 * them by the time these tests run.
 */
public final class ReactorPlugins {

    private static final List<String> MODULES = List.of("agent-shell", "agent-claude", "agent-codex", "partition-domain",
            "partition-epic", "notify-desktop", "notify-webhook");

    private ReactorPlugins() {
    }

    /** A folder under {@code dir} holding the plugin jars. */
    public static Path folderIn(Path dir) throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        for (String module : MODULES) {
            Files.copy(jarOf(module), plugins.resolve(module + ".jar"));
        }
        return plugins;
    }

    private static Path jarOf(String module) throws IOException {
        Path target = Path.of("..", "plugins", module, "target").toAbsolutePath().normalize();
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "wvo-plugin-" + module + "-*.jar")) {
                for (Path jar : jars) {
                    if (!jar.getFileName().toString().endsWith("-sources.jar")) {
                        return jar;
                    }
                }
            }
        }
        throw new IllegalStateException("No plugin jar in " + target + ": build it first (mvn -B -pl plugins/" + module
                + " -am package -DskipTests), or run mvn verify from the root");
    }
}
