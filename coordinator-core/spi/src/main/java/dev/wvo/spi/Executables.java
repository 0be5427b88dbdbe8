package dev.wvo.spi;

import java.io.File;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

    /**
     * Runs {@code PROGRAM --version} (at most 30 s) and returns its first line, or why it did
     * not start: what {@code wvo doctor} shows for an agent CLI.
     */
    public static AgentBackend.Availability version(Path program, Map<String, String> environment) {
        List<String> out = new ArrayList<>();
        List<String> err = new ArrayList<>();
        Duration limit = Duration.ofSeconds(30);
        try {
            AgentProcess.Result result = AgentProcess.of(List.of(program.toString(), "--version"),
                    Path.of(System.getProperty("java.io.tmpdir")), environment, Set.of("CLAUDECODE"))
                    .run(limit, limit, out::add, err::add);
            // the version is on standard output; warnings on standard error say why it failed, if it did
            String first = (out.stream().anyMatch(l -> !l.isBlank()) ? out : err).stream().filter(l -> !l.isBlank())
                    .reduce((a, b) -> result.exitCode() != null && result.exitCode() == 0 ? a : b).orElse("").strip();
            if (result.ending() != AgentProcess.Ending.EXITED) {
                return AgentBackend.Availability.no(program + " --version did not answer within " + limit.toSeconds() + " s");
            }
            return result.exitCode() == 0 ? AgentBackend.Availability.yes(first)
                    : AgentBackend.Availability.no(program + " --version exited " + result.exitCode() + ": " + first);
        } catch (UncheckedIOException e) {
            return AgentBackend.Availability.no(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return AgentBackend.Availability.no("interrupted while asking " + program + " for its version");
        }
    }
}
