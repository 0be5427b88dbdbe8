package dev.wvo.gitmerge;

import dev.wvo.fs.AtomicWrite;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether git merges wvo's state files with wvo's merge drivers, and making it so: a line per
 * file in the repository's top {@code .gitattributes} ({@code state/roadmap.yaml merge=wvo-roadmap})
 * and the drivers' commands in the repository's own configuration ({@code .git/config}, which git
 * never copies on clone, so each clone runs this once).
 */
public final class GitMergeSetup {

    private static final String ATTRIBUTES = ".gitattributes";

    private GitMergeSetup() {
    }

    /** One file's setup. */
    public record DriverStatus(MergeDriver driver, String pattern, boolean attributed, String command) {

        /** True if git will use the driver for the file. */
        public boolean ready() {
            return attributed && command != null && command.contains("merge-driver " + driver.kind());
        }
    }

    /**
     * The setup of a repository for the state directory in it.
     *
     * @param workTree the repository's top directory
     */
    public record SetupStatus(Path workTree, List<DriverStatus> drivers) {

        public SetupStatus {
            drivers = List.copyOf(drivers);
        }

        /** True if git will merge every state file with wvo. */
        public boolean ready() {
            return drivers.stream().allMatch(DriverStatus::ready);
        }
    }

    /** How git is set up to merge the files of {@code state/} at the top of the repository that holds {@code repo}. */
    public static SetupStatus status(Path repo) {
        Path workTree;
        try (Repository repository = open(repo)) {
            workTree = repository.getWorkTree().toPath();
        }
        return status(repo, workTree.resolve("state"));
    }

    /**
     * How git is set up to merge the files of {@code stateDir}.
     *
     * @param repo     a directory in the repository (its top, or any below)
     * @param stateDir the state directory, inside the repository
     * @throws IllegalArgumentException if {@code repo} is not in a git repository or the state
     *                                  directory is outside it
     */
    public static SetupStatus status(Path repo, Path stateDir) {
        try (Repository repository = open(repo)) {
            Path workTree = repository.getWorkTree().toPath().toAbsolutePath().normalize();
            List<String> attributes = readAttributes(workTree);
            StoredConfig config = repository.getConfig();
            List<DriverStatus> drivers = new ArrayList<>();
            for (MergeDriver driver : MergeDriver.values()) {
                String pattern = pattern(workTree, stateDir, driver);
                drivers.add(new DriverStatus(driver, pattern, attributes.contains(attributeLine(pattern, driver)),
                        config.getString("merge", driver.gitName(), "driver")));
            }
            return new SetupStatus(workTree, drivers);
        }
    }

    /**
     * Sets git up to merge the state files with wvo; running it again changes nothing (except
     * the drivers' command, if {@code launcher} changed).
     *
     * @param launcher the command that runs wvo, as the shell should see it (quoted if need be):
     *                 the drivers run {@code <launcher> merge-driver <kind> %O %A %B %P}
     * @return the setup after the change
     */
    public static SetupStatus install(Path repo, Path stateDir, String launcher) {
        try (Repository repository = open(repo)) {
            Path workTree = repository.getWorkTree().toPath().toAbsolutePath().normalize();
            List<String> attributes = readAttributes(workTree);
            List<String> missing = new ArrayList<>();
            StoredConfig config = repository.getConfig();
            for (MergeDriver driver : MergeDriver.values()) {
                String line = attributeLine(pattern(workTree, stateDir, driver), driver);
                if (!attributes.contains(line)) {
                    missing.add(line);
                }
                config.setString("merge", driver.gitName(), "name", driver.description());
                config.setString("merge", driver.gitName(), "driver",
                        launcher + " merge-driver " + driver.kind() + " %O %A %B %P");
            }
            config.save();
            if (!missing.isEmpty()) {
                appendAttributes(workTree.resolve(ATTRIBUTES), missing);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the git configuration of " + repo + ": " + e.getMessage(), e);
        }
        return status(repo, stateDir);
    }

    private static Repository open(Path dir) {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(dir.toAbsolutePath().toFile());
        if (builder.getGitDir() == null) {
            throw new IllegalArgumentException(dir + " is not in a git repository; run `git init` first, or give "
                    + "the repository with --repo");
        }
        try {
            Repository repository = builder.setMustExist(true).build();
            if (repository.isBare()) {
                repository.close();
                throw new IllegalArgumentException(dir + " is a bare repository: merges happen in a clone with files");
            }
            return repository;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the git repository of " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The file's path from the top of the repository, as {@code .gitattributes} wants it. */
    private static String pattern(Path workTree, Path stateDir, MergeDriver driver) {
        Path file = stateDir.toAbsolutePath().normalize().resolve(driver.fileName());
        if (!file.startsWith(workTree)) {
            throw new IllegalArgumentException("The state directory " + stateDir + " is outside the repository "
                    + workTree + "; give the repository that holds it with --repo");
        }
        String relative = workTree.relativize(file).toString().replace('\\', '/');
        // a pattern without a slash would match the name in every directory
        return relative.contains("/") ? relative : "/" + relative;
    }

    private static String attributeLine(String pattern, MergeDriver driver) {
        return pattern + " merge=" + driver.gitName();
    }

    private static List<String> readAttributes(Path workTree) {
        Path file = workTree.resolve(ATTRIBUTES);
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip).toList()
                    : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void appendAttributes(Path file, List<String> lines) throws IOException {
        String existing = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        StringBuilder text = new StringBuilder(existing);
        if (!existing.isEmpty() && !existing.endsWith("\n")) {
            text.append('\n');
        }
        lines.forEach(line -> text.append(line).append('\n'));
        AtomicWrite.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
