package dev.wvo.spi;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Finds an agent's executable on the PATH the agent will run with. The JVM itself resolves a
 * bare program name through its own start-up PATH, which is not what a worker configured for its
 * agents; so backends resolve the name here and start the absolute path.
 */
public final class Executables {

    private Executables() {
    }

    /**
     * @param name        a program name ({@code claude}) or a path ({@code /opt/bin/claude})
     * @param environment the variables the agent gets; its {@code PATH} is searched first, then the JVM's
     * @return the executable file, or empty if there is none
     */
    public static Optional<Path> find(String name, Map<String, String> environment) {
        if (name.contains(File.separator)) {
            Path path = Path.of(name);
            return Files.isExecutable(path) ? Optional.of(path.toAbsolutePath()) : Optional.empty();
        }
        String searchPath = environment.getOrDefault("PATH", System.getenv("PATH"));
        if (searchPath == null) {
            return Optional.empty();
        }
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
